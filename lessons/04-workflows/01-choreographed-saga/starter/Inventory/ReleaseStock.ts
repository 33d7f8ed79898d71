import { defineHandler } from 'brokerlab';

// Compensation for "stock reserved", triggered by PaymentFailed. Not written yet: it only
// notes that it was called.
export default defineHandler('ReleaseStock', async (msg, ctx) => {
  const { orderId } = msg.body;
  ctx.log(`TODO: release the stock held for ${orderId}`);
});
