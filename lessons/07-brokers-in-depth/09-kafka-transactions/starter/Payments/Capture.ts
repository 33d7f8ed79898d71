import { defineHandler } from 'brokerlab';

// Reads a payment request from `payment-requests`, captures the card at the gateway, and
// writes PaymentCaptured to `payments-captured` for Ledger. The consumer commits the
// request's offset after this handler returns (Spring's default).
export default defineHandler('Capture', async (msg, ctx) => {
  const { paymentId, amount } = msg.body;
  await ctx.call('CardGateway', 'capture', { paymentId, amount });
  ctx.publish('PaymentCaptured', { paymentId, amount }, { key: paymentId });
});
