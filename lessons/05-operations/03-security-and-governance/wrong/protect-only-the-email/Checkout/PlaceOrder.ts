import { defineHandler } from 'brokerlab';

// The e-mail is personal, so it becomes a token. The address is needed for the label, so it
// travels as it is.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const { orderId, total, email, address } = request.body;
  ctx.publish('OrderPlaced', { orderId, total, email: ctx.protect(email), address });
});
