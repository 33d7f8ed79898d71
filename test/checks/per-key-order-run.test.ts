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
