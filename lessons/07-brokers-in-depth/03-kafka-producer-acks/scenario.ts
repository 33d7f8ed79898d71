// Kafka producer settings: acks and the idempotent producer. Checkout writes every payment to
// the `payments` topic, which the platform team created with three replicas on kafka-1…3 and
// min.insync.replicas = 2. Ledger (another team's service) books what it reads. Two things go
// wrong on the way, and both are the producer's to handle (ref §3.3):
//   - the leader answers, but the answer is lost: the producer sends the record again after
//     request.timeout.ms — a second record in the log unless enable.idempotence is on;
//   - the leader crashes right after answering acks=1, before its followers copied the record:
//     the new leader never had it, and an acknowledged payment is gone.
// The learner chooses the producer's configs in Checkout's handler code (`producer` option).

import { defineLessonScenario } from '../../../src/content/types';

// Ledger belongs to another team: it books every record it reads, as the log is its truth.
const book = `import { defineHandler } from 'brokerlab';

// Books each payment record it reads. A payment booked twice shows times: 2.
export default defineHandler('Book', async (msg, ctx) => {
  await ctx.db.transaction(async (tx) => {
    const before = tx.get('payments', msg.body.paymentId) ?? { times: 0 };
    tx.put('payments', msg.body.paymentId, { amount: msg.body.amount, times: before.times + 1 });
  });
});
`;

export const PAYMENTS = 8;

export default defineLessonScenario({
  id: 'lesson-kafka-producer-acks',
  title: 'Kafka producer: acks and the idempotent producer',
  summary: 'Checkout writes payments to a replicated topic; lost answers and a leader crash test its producer settings.',
  broker: 'kafka',
  entities: [{ type: 'topic', name: 'payments', partitions: 1, replicationFactor: 3, minInsyncReplicas: 2 }],
  messages: [{ type: 'PaymentTaken', kind: 'event', to: 'payments', keyField: 'paymentId', description: 'A card payment Checkout took; Ledger books it.' }],
  services: [
    { name: 'Checkout', handlers: [{ name: 'TakePayment', code: { file: 'Checkout/TakePayment.ts' } }] },
    { name: 'Ledger', handlers: [{ name: 'Book', consumes: 'payments', code: { source: book, file: 'Ledger/Book.ts' }, options: { autoOffsetReset: 'earliest' } }] },
  ],
  workload: [{ kind: 'steady', service: 'Checkout', handler: 'TakePayment', count: PAYMENTS, intervalTicks: 100, body: { paymentId: 'pay-{n}', amount: 25 } }],
  checks: [
    { name: 'db-predicate', options: { rules: [{ service: 'Ledger', table: 'payments', expect: { count: PAYMENTS, every: { times: 1 } }, describe: `Ledger booked each of the ${PAYMENTS} payments exactly once` }] } },
    { name: 'no-loss' },
    // A payment API answers fast: waiting the faults out is not a producer setting.
    { name: 'requests-served', options: { service: 'Checkout', handler: 'TakePayment', p95MaxTicks: 1_000 } },
  ],
  limits: { ticksMax: 600_000 },
});
