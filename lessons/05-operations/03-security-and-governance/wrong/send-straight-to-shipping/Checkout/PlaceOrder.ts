import { defineHandler } from 'brokerlab';

// Tokens instead of personal data — and Shipping gets its own command as well, to be quick.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, email, address } = request.body;
  const safe = { orderId, total, email: ctx.protect(email), address: ctx.protect(address) };
  ctx.publish('OrderPlaced', safe);
  ctx.send('ShipOrder', safe);
});
