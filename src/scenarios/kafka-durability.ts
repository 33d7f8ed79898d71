// Sandbox: Kafka durability — "acknowledged, then lost". Checkout records every payment on two
// ledger topics, each with three replicas on brokers kafka-1…3 (kafka-1 leads both partitions).
// `ledger-acks1` is written with acks=1: the leader answers as soon as it has the record.
// `ledger-acks-all` is written with acks=all and min.insync.replicas=2: the leader answers only
// when every in-sync replica has it. kafka-1 crashes 5 ms after a payment, before its followers
// copied it. After broker.session.timeout.ms the controller makes kafka-2 leader: on the acks=1
// topic the acknowledged payment existed only on kafka-1 and is gone; on the acks=all topic it
// had not been acknowledged yet, so the producer sends it again to the new leader — nothing lost.

import { defineScenario } from '../engine/index';

const checkout = `import { defineHandler } from 'brokerlab';

// Every payment goes to both ledgers; only the topic's producer settings differ.
export default defineHandler('TakePayment', async (request, ctx) => {
  ctx.publish('PaymentFast', request.body);
  ctx.publish('PaymentSafe', request.body);
});
`;

const ledger = `import { defineHandler } from 'brokerlab';

export default defineHandler('Record', async (msg, ctx) => {
  await ctx.db.put('payments', msg.body.paymentId, { amount: msg.body.amount, offset: msg.broker.offset });
});
`;

const PAYMENTS = 8;
const replicated = { partitions: 1, replicationFactor: 3 };

export const kafkaDurability = defineScenario({
  id: 'kafka-durability',
  title: 'Kafka: acks, replicas and a leader failover',
  summary: 'Two ledgers on three brokers: acks=1 loses an acknowledged payment when the leader crashes; acks=all with min.insync.replicas=2 loses nothing.',
  broker: 'kafka',
  entities: [
    { type: 'topic', name: 'ledger-acks1', ...replicated, acks: '1', minInsyncReplicas: 1 },
    { type: 'topic', name: 'ledger-acks-all', ...replicated, acks: 'all', minInsyncReplicas: 2 },
  ],
  messages: [
    { type: 'PaymentFast', kind: 'event', to: 'ledger-acks1', keyField: 'paymentId', description: 'A payment, written with acks=1.' },
    { type: 'PaymentSafe', kind: 'event', to: 'ledger-acks-all', keyField: 'paymentId', description: 'The same payment, written with acks=all.' },
  ],
  services: [
    { name: 'Checkout', handlers: [{ name: 'TakePayment', code: { source: checkout, file: 'Checkout/TakePayment.ts' } }] },
    { name: 'Ledger-Fast', handlers: [{ name: 'Record', consumes: 'ledger-acks1', code: { source: ledger, file: 'Ledger/Record.ts' }, options: { autoOffsetReset: 'earliest' } }] },
    { name: 'Ledger-Safe', handlers: [{ name: 'Record', consumes: 'ledger-acks-all', code: { source: ledger, file: 'Ledger/Record.ts' }, options: { autoOffsetReset: 'earliest' } }] },
  ],
  workload: [{ kind: 'steady', service: 'Checkout', handler: 'TakePayment', count: PAYMENTS, intervalTicks: 100, body: { paymentId: 'pay-{n}', amount: 25 } }],
  faults: [{ type: 'broker-crash', broker: 'kafka-1', atTick: 505, restartAfterTicks: 20_000 }],
  checks: [
    { name: 'no-loss' },
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Ledger-Safe', table: 'payments', expect: { count: PAYMENTS }, describe: `the acks=all ledger has all ${PAYMENTS} payments` },
          { service: 'Ledger-Fast', table: 'payments', expect: { count: PAYMENTS }, describe: `the acks=1 ledger has all ${PAYMENTS} payments` },
        ],
      },
    },
  ],
  seeds: [1, 2, 3],
});
