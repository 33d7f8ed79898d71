import { defineHandler } from 'brokerlab';

// Route on the region wherever the broker looks: an application property for Service Bus
// rules, the routing key for RabbitMQ bindings; Kafka's groups read everything and the
// warehouses filter themselves. One message, in the outbox with the order.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    const region = String(order.region).toLowerCase();
    tx.outbox.publish('OrderPlaced', order, { headers: { region, channel: 'web' }, routingKey: ['order', 'placed', region].join('.') });
  });
});
