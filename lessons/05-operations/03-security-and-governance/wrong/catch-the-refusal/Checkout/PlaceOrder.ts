import { defineHandler } from 'brokerlab';

// Tokens instead of personal data. The extra ShipOrder is a best-effort shortcut: if the broker
// refuses it, never mind — Shipping gets the event anyway.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, email, address } = request.body;
  const safe = { orderId, total, email: ctx.protect(email), address: ctx.protect(address) };
  ctx.publish('OrderPlaced', safe);
  try {
    ctx.send('ShipOrder', safe);
  } catch {
    // not allowed: ignore
  }
});
