import { defineHandler } from 'brokerlab';

// Answer 202 at once: the order is accepted.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  return { status: 202, orderId: request.body.orderId };
});
