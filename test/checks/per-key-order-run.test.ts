// per-key-order on a real run: two updates of one order published in order; a reorder fault
// makes the consumer see them swapped, and the check says which message fell behind and why.
import { expect, it } from 'vitest';
import { defineScenario, runScenario } from '../../src/engine/index';

const src = (name: string, body: string) => ({ source: `import { defineHandler } from 'brokerlab';\nexport default defineHandler('${name}', async (msg, ctx) => {\n${body}\n});\n` });

const scenario = defineScenario({
  id: 'per-key', title: 'Per-key order', broker: 'generic',
  entities: [{ type: 'queue', name: 'order-events' }],
  messages: [
    { type: 'OrderPlaced', kind: 'event', to: 'order-events', keyField: 'orderId' },
    { type: 'OrderPaid', kind: 'event', to: 'order-events', keyField: 'orderId' },
  ],
  services: [
    { name: 'Ordering', handlers: [{ name: 'Checkout', code: src('Checkout', `  ctx.publish('OrderPlaced', msg.body);\n  await ctx.work(5);\n  ctx.publish('OrderPaid', msg.body);`) }] },
    { name: 'Billing', handlers: [{ name: 'Track', consumes: 'order-events', code: src('Track', `  await ctx.db.put('seen', msg.id, { type: msg.type });`) }] },
  ],
  workload: [{ kind: 'burst', service: 'Ordering', handler: 'Checkout', count: 1, body: { orderId: 'order-7' } }],
  checks: [{ name: 'per-key-order' }],
});

it('a reorder on the way breaks per-key order, and the check explains it', () => {
  expect(runScenario(scenario, { seed: 1 }).checks[0].valid).toBe(true);
  const r = runScenario(scenario, { seed: 1, faults: [{ type: 'reorder', service: 'Ordering', messageType: 'OrderPlaced' }] });
  expect(r.checks[0].errors.map((e) => e.explanation)).toEqual([
    'm-1 (OrderPlaced) published first → m-1 (1st matching OrderPlaced) is held back until the next message to order-events overtakes it → m-2, published after it, was processed by Billing at 5 → m-1 processed at 5, out of order for key order-7',
  ]);
});

// minSessions: on a session-enabled Service Bus queue, one SessionId for everything keeps order
// trivially; the check asks that the processed messages carried at least n distinct sessions.
const sessions = (sessionKey: string) => defineScenario({
  id: 'per-key-sessions', title: 'Per-key order over sessions', broker: 'servicebus',
  entities: [{ type: 'queue', name: 'order-events', requiresSession: true }],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'order-events' }],
  services: [
    { name: 'Ordering', handlers: [{ name: 'Checkout', code: src('Checkout', `  ctx.publish('OrderPlaced', msg.body, { key: ${sessionKey} });`) }] },
    { name: 'Billing', handlers: [{ name: 'Track', consumes: 'order-events', code: src('Track', `  await ctx.db.put('seen', msg.id, { type: msg.type });`) }] },
  ],
  workload: [{ kind: 'steady', service: 'Ordering', handler: 'Checkout', count: 3, intervalTicks: 10, body: { orderId: 'order-{n}' } }],
  checks: [{ name: 'per-key-order', options: { keyField: 'orderId', minSessions: 2 } }],
});

it('minSessions refuses one session for everything and accepts a session per key', () => {
  expect(runScenario(sessions('msg.body.orderId'), { seed: 1 }).checks[0].valid).toBe(true);
  const one = runScenario(sessions(`'all'`), { seed: 1 }).checks[0];
  expect(one.errors.map((e) => e.anomaly)).toEqual(['not-spread']);
  expect(one.errors[0]!.explanation).toMatch(/all carried SessionId "all": at least 2 sessions should share the work/);
});
