// Sandbox: Kafka transactions, read_committed — and what they do not cover. Payments reads
// `payments` and, for each payment, writes a ledger entry to `ledger` inside a Kafka transaction
// that also commits the payment's offset (consume-process-produce: sendOffsetsToTransaction). It
// also e-mails a receipt: a row in its own database, outside the transaction. Payments crashes
// once just before a commit: the transaction stays open — a read_committed reader cannot read
// past it (the last stable offset) — until the restarted Payments calls initTransactions with the
// same transactional.id, which aborts it. The payment is then processed again from its committed
// offset. Ledger reads with isolation.level=read_committed and books every payment once; Audit
// reads with read_uncommitted (the Java client's default) and also books the aborted entry. The
// receipt was sent twice: exactly-once holds only inside Kafka.

import { defineScenario } from '../engine/index';

const pay = `import { defineHandler } from 'brokerlab';

export default defineHandler('Pay', async (request, ctx) => {
  ctx.publish('PaymentReceived', request.body);
});
`;

const process = `import { defineHandler } from 'brokerlab';

// Consume-process-produce: the ledger entry and this payment's offset commit together.
// The receipt is a database write: not part of the Kafka transaction.
export default defineHandler('Process', async (msg, ctx) => {
  await ctx.db.transaction(async (tx) => {
    const sent = tx.get('receipts', msg.body.paymentId) ?? { times: 0 };
    tx.put('receipts', msg.body.paymentId, { times: sent.times + 1 });
  });
  await ctx.brokerTransaction(async (tx) => {
    tx.publish('LedgerEntry', { paymentId: msg.body.paymentId, amount: msg.body.amount });
    await ctx.work(20);
  });
});
`;

const book = `import { defineHandler } from 'brokerlab';

// Books a ledger entry; counts how often each payment was booked.
export default defineHandler('Book', async (msg, ctx) => {
  await ctx.db.transaction(async (tx) => {
    const entry = tx.get('entries', msg.body.paymentId) ?? { times: 0 };
    tx.put('entries', msg.body.paymentId, { times: entry.times + 1 });
  });
});
`;

const PAYMENTS = 6;
const bookCode = { source: book, file: 'Ledger/Book.ts' };

export const kafkaTransactions = defineScenario({
  id: 'kafka-transactions',
  title: 'Kafka: transactions, read_committed and the database next to them',
  summary: 'Ledger entries and consumed offsets commit together; a crash aborts one transaction: read_committed skips the aborted entry, read_uncommitted books it, and the e-mail receipt goes out twice.',
  broker: 'kafka',
  entities: [
    { type: 'topic', name: 'payments', partitions: 1 },
    { type: 'topic', name: 'ledger', partitions: 1 },
  ],
  messages: [
    { type: 'PaymentReceived', kind: 'event', to: 'payments', keyField: 'paymentId', description: 'A payment to book.' },
    { type: 'LedgerEntry', kind: 'event', to: 'ledger', keyField: 'paymentId', description: 'The ledger entry of a payment, written in a Kafka transaction.' },
  ],
  services: [
    { name: 'Checkout', handlers: [{ name: 'Pay', code: { source: pay, file: 'Checkout/Pay.ts' } }] },
    { name: 'Payments', handlers: [{ name: 'Process', consumes: 'payments', code: { source: process, file: 'Payments/Process.ts' }, options: { autoOffsetReset: 'earliest', commit: 'after-processing', sessionTimeoutMs: 10_000 } }] },
    { name: 'Ledger', handlers: [{ name: 'Book', consumes: 'ledger', code: bookCode, options: { autoOffsetReset: 'earliest', isolationLevel: 'read_committed' } }] },
    { name: 'Audit', handlers: [{ name: 'Book', consumes: 'ledger', code: bookCode, options: { autoOffsetReset: 'earliest', isolationLevel: 'read_uncommitted' } }] },
  ],
  workload: [{ kind: 'steady', service: 'Checkout', handler: 'Pay', count: PAYMENTS, intervalTicks: 1_000, body: { paymentId: 'pay-{n}', amount: '{n}' } }],
  faults: [{ type: 'crash', service: 'Payments', point: 'mid-transaction', nth: 4, restartAfterTicks: 2_000 }],
  checks: [
    { name: 'no-loss' },
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Ledger', table: 'entries', expect: { count: PAYMENTS, every: { times: 1 } }, describe: 'read_committed: Ledger books every payment once' },
          { service: 'Audit', table: 'entries', expect: { count: PAYMENTS, every: { times: 1 } }, describe: 'read_uncommitted: Audit books every payment once' },
          { service: 'Payments', table: 'receipts', expect: { count: PAYMENTS, every: { times: 1 } }, describe: 'every receipt is e-mailed once' },
        ],
      },
    },
  ],
  seeds: [1, 2, 3],
});
