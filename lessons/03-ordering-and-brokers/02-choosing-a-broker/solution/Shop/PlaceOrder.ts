import { defineHandler } from 'brokerlab';

// Entry point: publish every placed order. Brokers route on what is *outside* the body:
// Service Bus rules read message properties, RabbitMQ bindings match the routing key, Kafka
// partitions by the key (the catalog's keyField, the order id).
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = request.body;
  await ctx.db.put('orders', order.orderId, order);
  ctx.publish('OrderPlaced', order, {
    headers: { region: order.region }, // Service Bus: an application property the SQL rules can see
    routingKey: `order.placed.${order.region}`, // RabbitMQ: what the topic exchange's bindings match
  });
});
