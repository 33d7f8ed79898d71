// Kafka transactions and the scope of exactly-once (ref §3.5, §3.7). Payments reads each
// payment request from `payment-requests`, captures the card at the card gateway (an external
// system: a call that leaves Kafka), and writes PaymentCaptured to `payments-captured` —
// read-process-write. Ledger (another team's service) reads `payments-captured` with
// isolation.level=read_committed and books every record: two records of one payment are two
// entries. Ledger stores each record's position (partition, offset) with its booking, so a
// record handed to Ledger again is not booked twice; a second record of a payment is. A crash of Payments between its write and its offset commit makes Kafka hand the
// request over again: only a transaction that commits the written record and the consumed
// offset together (sendOffsetsToTransaction) keeps the log exactly-once — and no transaction
// covers the capture, which happens again unless the gateway can recognise it (Idempotency-Key).
// `withAudit` adds Audit, a read_uncommitted reader (the Java client's default) of the same
// topic: it reads records of aborted transactions too.

import { defineLessonScenario } from '../../../src/content/types';

const pay = `import { defineHandler } from 'brokerlab';

// Entry point: the shop asks for a payment; it goes to the payment-requests topic.
export default defineHandler('Pay', async (request, ctx) => {
  ctx.publish('PaymentRequested', request.body, { key: request.body.paymentId });
});
`;

// Ledger belongs to another team: it books every PaymentCaptured record it reads.
const book = `import { defineHandler } from 'brokerlab';

// Books each captured payment it reads. A record is its place in the log: Ledger stores the
// record's partition and offset with the booking, in one database transaction, so a record
// Kafka hands over again after Ledger's own crash is not booked twice (ref §3.5: output and
// offset stored atomically). A second record of the same payment is another entry, and shows
// as times: 2.
export default defineHandler('Book', async (msg, ctx) => {
  const position = \`\${msg.broker.partition}@\${msg.broker.offset}\`;
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(position)) return;
    tx.inbox.record(position);
    const before = tx.get('entries', msg.body.paymentId) ?? { times: 0 };
    tx.put('entries', msg.body.paymentId, { amount: msg.body.amount, times: before.times + 1 });
  });
});
`;

export const PAYMENTS = 6;

const ledger = (service: string, isolationLevel: 'read_committed' | 'read_uncommitted') => ({
  name: service,
  handlers: [{ name: 'Book', consumes: 'payments-captured', code: { source: book, file: `${service}/Book.ts` }, options: { autoOffsetReset: 'earliest', commit: 'after-processing', isolationLevel } }],
});

const scenario = defineLessonScenario({
  id: 'lesson-kafka-transactions',
  title: 'Kafka transactions: exactly-once, inside Kafka',
  summary: 'Payments reads a request, captures the card and writes the capture to another topic; crashes test what a Kafka transaction covers.',
  broker: 'kafka',
  entities: [
    { type: 'topic', name: 'payment-requests', partitions: 1 },
    { type: 'topic', name: 'payments-captured', partitions: 1 },
  ],
  messages: [
    { type: 'PaymentRequested', kind: 'event', to: 'payment-requests', keyField: 'paymentId', description: 'The shop asks for a payment; Payments captures it.' },
    { type: 'PaymentCaptured', kind: 'event', to: 'payments-captured', keyField: 'paymentId', description: 'The card was captured; Ledger books it.' },
  ],
  services: [
    { name: 'Checkout', handlers: [{ name: 'Pay', code: { source: pay, file: 'Checkout/Pay.ts' } }] },
    {
      name: 'Payments',
      handlers: [{ name: 'Capture', consumes: 'payment-requests', code: { file: 'Payments/Capture.ts' }, options: { groupId: 'payments', autoOffsetReset: 'earliest', commit: 'after-processing', sessionTimeoutMs: 10_000 } }],
    },
    ledger('Ledger', 'read_committed'),
  ],
  // What the card statements show: every capture the gateway applied. It honours an
  // Idempotency-Key, as card gateways do (Stripe: the same key gets the first answer).
  externals: [{ name: 'CardGateway', description: 'Captures a card payment; honours the Idempotency-Key header.', keyField: 'paymentId', honoursIdempotencyKey: true }],
  workload: [{ kind: 'steady', service: 'Checkout', handler: 'Pay', count: PAYMENTS, intervalTicks: 200, body: { paymentId: 'pay-{n}', amount: '{rand:10-500}' } }],
  checks: [
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Ledger', table: 'entries', keys: { requested: 'paymentId' }, expect: { count: PAYMENTS, every: { times: 1 }, matchesRequest: { amount: 'amount' } }, describe: `Ledger booked each of the ${PAYMENTS} payments exactly once, for the amount asked` },
        ],
      },
    },
    { name: 'no-duplicate-effect', options: { externals: ['CardGateway'] } },
    { name: 'no-loss', options: { effects: [{ type: 'PaymentRequested', external: 'CardGateway', field: 'paymentId', describe: 'every payment asked for was captured at the card gateway' }] } },
  ],
  limits: { ticksMax: 600_000 },
});

export default scenario;

/** The same topic read by a second team with the Java client's default, read_uncommitted. */
export const withAudit = defineLessonScenario({
  ...scenario,
  services: [...scenario.services, ledger('Audit', 'read_uncommitted')],
});
