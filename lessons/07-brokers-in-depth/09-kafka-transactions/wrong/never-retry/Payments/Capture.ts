import { defineHandler } from 'brokerlab';

// A retry captured the card twice: never retry. A request whose attempt fails is given up, so
// nothing is ever captured twice. The record and the offset still commit together.
export default defineHandler('Capture', async (msg, ctx) => {
  const { paymentId, amount } = msg.body;
  await ctx.brokerTransaction(async (tx) => {
    await ctx.call('CardGateway', 'capture', { paymentId, amount });
    tx.publish('PaymentCaptured', { paymentId, amount }, { key: paymentId });
  });
}, { retry: { kind: 'none', onExhausted: 'dead-letter' } });
