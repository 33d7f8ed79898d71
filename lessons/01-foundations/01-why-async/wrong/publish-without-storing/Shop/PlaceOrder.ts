import { defineHandler } from 'brokerlab';

// The broker keeps the order: publish it and answer 202.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, amount } = request.body;
  ctx.publish('OrderPlaced', { orderId, amount });
  return { status: 202, orderId };
});
