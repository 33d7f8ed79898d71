import { defineHandler } from 'brokerlab';

// No personal data in events at all: the e-mail becomes a token (Analytics counts customers
// by it) and the address stays out.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, email } = request.body;
  ctx.publish('OrderPlaced', { orderId, total, email: ctx.protect(email) });
});
