// Delivery semantics on Azure Service Bus: Payments tells Billing that money arrived
// (PaymentReceived); Billing credits the customer's account. In ReceiveAndDelete mode the
// message is gone as soon as it is handed over, so a crash loses it (at-most-once); in
// PeekLock mode the message comes back after a crash, so the credit may be applied twice
// (at-least-once). The challenge: make the credit an exactly-once *effect*.

import { defineLessonScenario, type LessonScenario } from '../../../src/content/types';

const base = (receiveMode: 'PeekLock' | 'ReceiveAndDelete'): Omit<LessonScenario, 'formatVersion'> => ({
  id: receiveMode === 'PeekLock' ? 'lesson-delivery-semantics' : 'lesson-delivery-semantics-at-most-once',
  title: receiveMode === 'PeekLock' ? 'Delivery semantics (PeekLock: at-least-once)' : 'Delivery semantics (ReceiveAndDelete: at-most-once)',
  summary: 'Billing credits accounts for every PaymentReceived.',
  broker: 'servicebus',
  entities: [{ type: 'queue', name: 'payments', lockDurationTicks: 5_000 }],
  messages: [{ type: 'PaymentReceived', kind: 'event', to: 'payments', keyField: 'paymentId', description: 'Money arrived for an account.' }],
  services: [
    { name: 'Payments', handlers: [{ name: 'ReceivePayment', code: { file: 'Payments/ReceivePayment.ts' } }] },
    {
      name: 'Billing',
      handlers: [{ name: 'CreditAccount', consumes: 'payments', options: { receiveMode }, code: { file: 'Billing/CreditAccount.ts' } }],
      db: { accounts: { 'acct-0': { balance: 0 }, 'acct-1': { balance: 0 } } },
    },
  ],
  workload: [{ kind: 'steady', service: 'Payments', handler: 'ReceivePayment', count: 6, intervalTicks: 300, body: { paymentId: 'pay-{n}', account: 'acct-{rand:0-1}', amount: '{rand:5-60}' } }],
  checks: [
    // A credit is Billing's write to an account while handling a payment: two for one payment
    // id is the payment credited twice.
    { name: 'no-duplicate-effect', options: { writes: [{ service: 'Billing', table: 'accounts', keyField: 'paymentId' }] } },
    {
      name: 'db-predicate',
      options: {
        // The seed draws each payment's account and amount: a balance is right only when every
        // distinct payment the bank sent was credited once, whatever the numbers are.
        rules: [
          { service: 'Billing', table: 'accounts', keyField: 'paymentId', expect: { sumOfRequests: { field: 'balance', groupBy: 'account', add: 'amount' } }, describe: 'each balance is the sum of its own payments, each credited once' },
        ],
      },
    },
  ],
});

export default defineLessonScenario(base('PeekLock'));
export const atMostOnce = defineLessonScenario(base('ReceiveAndDelete'));
