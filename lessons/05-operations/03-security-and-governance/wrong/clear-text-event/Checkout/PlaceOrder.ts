import { defineHandler } from 'brokerlab';

// Only to our own topic now. Shipping needs the address and Analytics the customer, so the
// event carries both.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, email, address } = request.body;
  ctx.publish('OrderPlaced', { orderId, total, email, address });
});
