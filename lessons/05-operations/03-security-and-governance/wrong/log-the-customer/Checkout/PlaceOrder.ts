import { defineHandler } from 'brokerlab';

// Tokens in the event; a log line so support can find the order by customer.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, email, address } = request.body;
  ctx.publish('OrderPlaced', { orderId, total, email: ctx.protect(email), address: ctx.protect(address) });
  ctx.log(`order ${orderId} placed by ${email}, ship to ${address}`);
});
