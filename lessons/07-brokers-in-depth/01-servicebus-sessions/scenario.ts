// Service Bus sessions for per-key order: Teller records each account operation (open with a
// deposit, then two withdrawals) and sends it to a session-enabled queue; Ledger applies them
// with a session processor that holds up to 4 sessions at once. A session is a FIFO of its own
// held by one receiver under an exclusive lock (ref §1.6), so order holds per SessionId — the
// sender decides what that id is. A withdrawal applied before its account's deposit bounces.

import { defineLessonScenario } from '../../../src/content/types';

const op = (kind: string, amount: number, startTick: number, n: number) => ({
  kind: 'steady' as const, service: 'Teller', handler: 'RecordOperation', count: 4, intervalTicks: 100, startTick,
  body: { accountId: 'acct-{n}', op: kind, amount, opId: `op-{n}-${n}` },
});

export default defineLessonScenario({
  id: 'lesson-servicebus-sessions',
  title: 'Service Bus sessions: order per account',
  summary: "Ledger must apply each account's operations in the order Teller recorded them.",
  broker: 'servicebus',
  entities: [{ type: 'queue', name: 'account-ops', requiresSession: true, lockDurationTicks: 30_000, maxDeliveryCount: 5 }],
  messages: [{ type: 'AccountOperation', kind: 'event', to: 'account-ops', description: 'A deposit or a withdrawal on one account.' }],
  services: [
    { name: 'Teller', handlers: [{ name: 'RecordOperation', code: { file: 'Teller/RecordOperation.ts' } }] },
    { name: 'Ledger', handlers: [{ name: 'Apply', consumes: 'account-ops', options: { maxConcurrentSessions: 4 }, code: { file: 'Ledger/Apply.ts' } }] },
  ],
  workload: [op('deposit', 100, 0, 1), op('withdraw', 30, 15, 2), op('withdraw', 50, 30, 3)],
  checks: [
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Ledger', table: 'balances', expect: { count: 4, every: { balance: 20 } }, describe: 'every account ends at 100 − 30 − 50 = 20' },
          { service: 'Ledger', table: 'bounced', expect: { count: 0 }, describe: 'no withdrawal bounced' },
        ],
      },
    },
    { name: 'per-key-order', options: { consumers: ['Ledger/Apply'], keyField: 'accountId', minSessions: 4 } },
    // Timing is not order: operations held back until the earlier ones are surely done arrive
    // in order in every demo and keep the customer waiting — and any stall longer than the gap reorders them.
    { name: 'latency-budget', options: { consumers: ['Ledger/Apply'], p99MaxTicks: 1_000, describe: 'Ledger applies an operation within a second of Teller recording it' } },
  ],
  limits: { ticksMax: 10_000 },
});
