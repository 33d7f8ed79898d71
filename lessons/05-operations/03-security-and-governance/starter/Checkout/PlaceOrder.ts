import { defineHandler } from 'brokerlab';

// Checkout announces each order. Shipping needs the address and Analytics the customer,
// so the event carries both. And to be sure Shipping gets it quickly, we also drop a
// ShipOrder command straight into Shipping's queue.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, email, address } = request.body;
  ctx.publish('OrderPlaced', { orderId, total, email, address });
  ctx.send('ShipOrder', { orderId, email, address });
});
