import { defineHandler } from 'brokerlab';

// One publish for Service Bus (a header), one for RabbitMQ (a routing key).
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', order, { headers: { region: order.region } });
    tx.outbox.publish('OrderPlaced', order, { routingKey: `order.placed.${order.region}` });
  });
});
