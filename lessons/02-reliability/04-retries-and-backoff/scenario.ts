// Retries, exponential backoff and jitter: a flash sale sends 24 ChargeCard commands at once
// while the Payments database is failing over (down for the first 2 s). Every attempt fails;
// the handler's retry policy decides when each message tries again. With plain exponential
// backoff every message waits exactly as long as the others, so their retries stay in lockstep
// and hit the database as one wave the moment it comes back. Jitter spreads them out.

import { defineLessonScenario } from '../../../src/content/types';

export const OUTAGE_TICKS = 2_000;

const lesson = defineLessonScenario({
  id: 'lesson-retries-and-backoff',
  title: 'Retries, exponential backoff and jitter',
  summary: 'Payments retries charges while its database fails over; without jitter the retries come back as one wave.',
  broker: 'generic',
  entities: [{ type: 'queue', name: 'payments', maxDeliveryCount: 10, lockDurationTicks: 10_000 }],
  messages: [{ type: 'ChargeCard', kind: 'command', to: 'payments', keyField: 'orderId', description: 'Charge the customer for an order.' }],
  services: [
    { name: 'Checkout', handlers: [{ name: 'Checkout', code: { file: 'Checkout/Checkout.ts' } }] },
    {
      name: 'Payments',
      handlers: [{ name: 'ChargeCard', consumes: 'payments', concurrency: 24, code: { file: 'Payments/ChargeCard.ts' } }],
    },
  ],
  externals: [{ name: 'PaymentGateway', description: 'Charges cards; honours Idempotency-Keys.', keyField: 'orderId', honoursIdempotencyKey: true, latencyTicks: 10 }],
  workload: [{ kind: 'burst', service: 'Checkout', handler: 'Checkout', count: 24, body: { orderId: 'order-{n}', amount: '{rand:10-200}' } }],
  faults: [{ type: 'db-outage', service: 'Payments', fromTick: 0, durationTicks: OUTAGE_TICKS }],
  checks: [
    // A charge on record is a card charged: every order's charge must have reached the gateway.
    { name: 'no-loss', options: { effects: [{ type: 'ChargeCard', external: 'PaymentGateway', field: 'orderId', describe: 'every order was charged at the gateway' }] } },
    {
      name: 'peak-load',
      options: {
        rules: [
          { service: 'Payments', handler: 'ChargeCard', windowTicks: 100, max: 8, fromTick: OUTAGE_TICKS, describe: 'a database just back from a failover takes about 8 commits per 100 ms' },
          // Backing off at all: the 24 first tries plus a handful of retries each while it is down, not a tight loop.
          { service: 'Payments', handler: 'ChargeCard', windowTicks: OUTAGE_TICKS, max: 200, fromTick: 0, toTick: OUTAGE_TICKS, describe: 'retries must back off while the database is down, not hammer it (about 8 tries per charge at most)' },
        ],
      },
    },
    { name: 'db-predicate', options: { rules: [{ service: 'Payments', table: 'charges', keys: { requested: 'orderId' }, expect: { count: 24, matchesRequest: { amount: 'amount' } }, describe: 'all 24 orders are charged, each for its own amount' }] } },
  ],
});

export default lesson;

/**
 * The same shop on a day without a failover: a charge request is the only thing that can fail,
 * so whatever the handler writes after its call stands. A charge recorded when the gateway never
 * answered (a call given up on and swallowed) is a charge on record that nobody made.
 */
export const withoutFailover = defineLessonScenario({
  ...lesson,
  id: 'lesson-retries-and-backoff-without-failover',
  faults: [],
  // A lock (60 s, Service Bus's default) that outlasts the call's 30 s timeout: the attempt that
  // waited in vain decides what happens to its charge, not a redelivery behind its back.
  entities: [{ type: 'queue', name: 'payments', maxDeliveryCount: 10, lockDurationTicks: 60_000 }],
});
