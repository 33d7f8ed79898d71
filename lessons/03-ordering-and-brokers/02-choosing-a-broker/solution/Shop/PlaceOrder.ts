import { defineHandler } from 'brokerlab';

// Entry point: store every placed order and publish it. Brokers route on what is *outside* the
// body: Service Bus rules read message properties, RabbitMQ bindings match the routing key,
// Kafka partitions by the key (the catalog's keyField, the order id).
// The order and its OrderPlaced are written in one transaction (the outbox, lesson 2.3): a
// database write followed by a direct publish would be a dual write that a crash can split.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  const order = request.body;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, order);
    tx.outbox.publish('OrderPlaced', order, {
      headers: { region: order.region }, // Service Bus: an application property the SQL rules can see
      routingKey: `order.placed.${order.region}`, // RabbitMQ: what the topic exchange's bindings match
    });
  });
});
