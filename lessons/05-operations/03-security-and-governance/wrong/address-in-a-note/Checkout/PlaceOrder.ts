import { defineHandler } from 'brokerlab';

// The personal fields hold tokens, as required. Shipping reads the delivery note anyway, so the
// courier instructions carry the address in words.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, email, address } = request.body;
  ctx.publish('OrderPlaced', { orderId, total, email: ctx.protect(email), address: ctx.protect(address), note: `deliver to ${address}` });
});
