import { defineHandler } from 'brokerlab';

// Records a new order and schedules its reminder check with Service Bus: the SendReminder stays
// invisible in `reminders` until 10 minutes after the order was placed (ScheduledEnqueueTimeUtc),
// then Remind gets it. The wait is the broker's, not this handler's: the order is completed at
// once, the processor takes the next one, and a restart of Billing changes nothing. The outbox
// schedules it only if the order was recorded (and a relay crash can only send it twice, which
// Remind tolerates: it reminds a customer once).
export default defineHandler('RecordOrder', async (msg, ctx) => {
  const order = msg.body;
  const dueTicks = order.placedAt + 10 * 60_000;
  await ctx.db.transaction(async (tx) => {
    tx.put('orders', order.orderId, { email: order.email, totalCents: order.totalCents, placedAt: order.placedAt });
    tx.outbox.send('SendReminder', { orderId: order.orderId }, { delayTicks: Math.max(0, dueTicks - ctx.now()) });
  });
});
