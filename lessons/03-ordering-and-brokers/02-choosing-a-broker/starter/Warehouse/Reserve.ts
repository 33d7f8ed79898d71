import { defineHandler } from 'brokerlab';

// Reserves stock for its region's orders. Two services run this code: Warehouse-EU and
// Warehouse-US. Service Bus and RabbitMQ filter in the broker; a Kafka consumer group reads the
// whole topic, so the consumer skips other regions itself.
export default defineHandler('Reserve', async (msg, ctx) => {
  const mine = ctx.service === 'Warehouse-EU' ? 'eu' : 'us';
  if (msg.body.region !== mine) return;
  await ctx.work(20);
  await ctx.db.transaction(async (tx) => {
    if (tx.get('reservations', msg.body.orderId)) return;
    tx.put('reservations', msg.body.orderId, { region: msg.body.region });
  });
});
