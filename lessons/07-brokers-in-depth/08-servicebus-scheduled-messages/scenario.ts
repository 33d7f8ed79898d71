// Scheduled messages on Service Bus (ref §1.7: ScheduledEnqueueTimeUtc / ScheduleMessageAsync —
// invisible until due, then enqueued as if new; §1.3, §0: LockDuration 60 s, the processor's
// auto-renewal up to MaxAutoLockRenewalDuration 5 min, MaxConcurrentCalls 1). Billing records
// each order and must remind its customer 10 minutes later if the order is still unpaid. The
// wait belongs to the broker: a scheduled SendReminder sits in `reminders` until it is due,
// whatever happens to Billing meanwhile. A handler that waits in-process holds its order's
// lock and the processor's only call slot for 10 minutes: the lock is lost after 5, the order
// comes back, every order behind it waits — and a crash starts the wait over or loses it.

import { defineLessonScenario } from '../../../src/content/types';

/** How long after an order its customer is reminded when it is still unpaid. */
export const REMINDER_DELAY_TICKS = 10 * 60_000;

const place = `import { defineHandler } from 'brokerlab';

export default defineHandler('PlaceOrder', async (request, ctx) => {
  ctx.publish('OrderPlaced', request.body);
});
`;

const pay = `import { defineHandler } from 'brokerlab';

export default defineHandler('Pay', async (request, ctx) => {
  ctx.publish('PaymentReceived', request.body);
});
`;

// Billing's other handlers (another teammate's): a payment marks the order paid; a reminder that
// is due checks the order and e-mails the customer if it is still unpaid — once per order.
const recordPayment = `import { defineHandler } from 'brokerlab';

export default defineHandler('RecordPayment', async (msg, ctx) => {
  await ctx.db.transaction(async (tx) => {
    tx.put('payments', msg.body.orderId, { paidAt: ctx.now() });
  });
});
`;

const remind = `import { defineHandler } from 'brokerlab';

const DELAY = ${REMINDER_DELAY_TICKS};

export default defineHandler('Remind', async (msg, ctx) => {
  const { orderId } = msg.body;
  const order = ctx.db.get('orders', orderId);
  if (!order) throw new Error(orderId + ': no such order (yet)');
  const paid = ctx.db.get('payments', orderId) !== undefined;
  const alreadyReminded = ctx.db.get('reminded', orderId) !== undefined;
  if (!paid && !alreadyReminded) await ctx.call('Mailer', 'send', { orderId, to: order.email, template: 'payment-reminder' });
  await ctx.db.transaction(async (tx) => {
    // When this check ran, in whole seconds after the order was placed (the reminder is due at 600).
    tx.put('checked', orderId, { secondsAfterOrder: Math.floor((ctx.now() - order.placedAt) / 1000), paid });
    if (!paid && !alreadyReminded) tx.put('reminded', orderId, { at: ctx.now() });
  });
});
`;

/** Six orders a minute apart; four are paid within 10 minutes, order-5 after 12, order-3 never. */
const PAID_AFTER_TICKS: Record<number, number> = { 1: 4 * 60_000, 2: 9 * 60_000, 4: 2 * 60_000, 5: 12 * 60_000, 6: 7 * 60_000 };
const placedAt = (n: number) => n * 60_000;

/** The shop on a day when the orders in `paidAfterTicks` are paid that long after being placed; `unpaid` are those still unpaid after 10 minutes. */
const day = (paidAfterTicks: Record<number, number>, unpaid: string[]) => defineLessonScenario({
  id: 'lesson-servicebus-scheduled-messages',
  title: 'Service Bus scheduled messages: let the broker wait',
  summary: 'Billing reminds a customer 10 minutes after an unpaid order: schedule the reminder with the broker instead of waiting in the handler.',
  broker: 'servicebus',
  entities: [
    { type: 'queue', name: 'orders' },
    { type: 'queue', name: 'payments' },
    { type: 'queue', name: 'reminders' },
  ],
  messages: [
    { type: 'OrderPlaced', kind: 'event', to: 'orders', description: 'A customer placed an order; Billing records it and expects its payment.' },
    { type: 'PaymentReceived', kind: 'event', to: 'payments', description: 'The payment of an order arrived.' },
    { type: 'SendReminder', kind: 'command', to: 'reminders', description: 'Check whether an order is paid and remind its customer if not (due 10 minutes after the order).' },
  ],
  services: [
    { name: 'Shop', handlers: [{ name: 'PlaceOrder', code: { source: place, file: 'Shop/PlaceOrder.ts' } }, { name: 'Pay', code: { source: pay, file: 'Shop/Pay.ts' } }] },
    {
      name: 'Billing',
      handlers: [
        { name: 'RecordOrder', consumes: 'orders', code: { file: 'Billing/RecordOrder.ts' } },
        { name: 'RecordPayment', consumes: 'payments', code: { source: recordPayment, file: 'Billing/RecordPayment.ts' } },
        { name: 'Remind', consumes: 'reminders', code: { source: remind, file: 'Billing/Remind.ts' } },
      ],
    },
  ],
  externals: [{ name: 'Mailer', description: 'Sends e-mails to customers.', keyField: 'orderId' }],
  workload: [
    ...[1, 2, 3, 4, 5, 6].map((n) => ({ kind: 'burst' as const, service: 'Shop', handler: 'PlaceOrder', count: 1, startTick: placedAt(n), body: { orderId: `order-${n}`, email: `customer-${n}@example.com`, totalCents: 1000 * n, placedAt: placedAt(n) } })),
    ...Object.entries(paidAfterTicks).map(([n, after]) => ({ kind: 'burst' as const, service: 'Shop', handler: 'Pay', count: 1, startTick: placedAt(Number(n)) + after, body: { orderId: `order-${n}` } })),
  ],
  checks: [
    // Orders are recorded as they come: nothing holds the processor's one call slot.
    { name: 'latency-budget', options: { consumers: ['Billing/RecordOrder'], p99MaxTicks: 2_000, describe: 'an order is recorded within 2 s' } },
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Billing', table: 'orders', keys: { requested: 'orderId' }, expect: { count: 6, matchesRequest: { placedAt: 'placedAt' } }, describe: 'every order is recorded with the time it was placed' },
          { service: 'Billing', table: 'checked', expect: { count: 6, every: { secondsAfterOrder: { gte: 600, lte: 660 } } }, describe: "every order's reminder check runs 10 minutes after the order (within a minute), once it is due — not before, not much later" },
          { service: 'Billing', table: 'reminded', keys: unpaid, expect: { count: unpaid.length }, describe: `exactly the customers still unpaid after 10 minutes are reminded (${unpaid.join(' and ')})` },
        ],
      },
    },
    // What the customers saw: the Mailer's reminders, not Billing's rows about them (within
    // 661 s of the order, the same window as the checked rows' whole seconds ≤ 660).
    { name: 'effects-due', options: { external: 'Mailer', keys: unpaid, from: { type: 'OrderPlaced', keyField: 'orderId' }, afterTicks: REMINDER_DELAY_TICKS, withinTicks: 61_000, describe: `the Mailer reminds exactly ${unpaid.join(' and ')}, 10 minutes (within a minute) after each order` } },
  ],
  limits: { ticksMax: 4 * 3_600_000 },
});

export default day(PAID_AFTER_TICKS, ['order-3', 'order-5']);

/**
 * Another day: order-2 is never paid and order-4 only after 11 minutes; the others pay within 10.
 * Code that knows which customers were unpaid the other day reminds the wrong ones.
 */
export const otherPayments = defineLessonScenario({
  ...day({ 1: 4 * 60_000, 3: 3 * 60_000, 4: 11 * 60_000, 5: 6 * 60_000, 6: 7 * 60_000 }, ['order-2', 'order-4']),
  id: 'lesson-servicebus-scheduled-messages-other-payments',
});
