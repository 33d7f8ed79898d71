import { defineHandler } from 'brokerlab';

// Entry point: an order was paid; ask Shipping to book a courier.
export default defineHandler('OrderPaid', async (request, ctx) => {
  await ctx.db.transaction(async (tx) => {
    tx.outbox.send('ShipOrder', request.body);
  });
});
