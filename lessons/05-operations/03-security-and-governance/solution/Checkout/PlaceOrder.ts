import { defineHandler } from 'brokerlab';

// Checkout sends only to its own topic (least privilege: Shipping subscribes to it), and the
// event carries tokens instead of personal data. Shipping, granted `reveal`, turns the address
// token back into an address; Analytics counts customers by token without learning who they are.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, email, address } = request.body;
  ctx.publish('OrderPlaced', { orderId, total, email: ctx.protect(email), address: ctx.protect(address) });
});
