import { defineHandler } from 'brokerlab';

// Checkout keeps the order, personal data included, in its own database — that is where it
// belongs — and announces it through the outbox with tokens in place of the personal fields.
// It sends only to its own topic; Shipping reveals the address, Analytics counts by token.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, email, address } = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', orderId, { orderId, total, email, address });
    tx.outbox.publish('OrderPlaced', { orderId, total, email: ctx.protect(email), address: ctx.protect(address) });
  });
});
