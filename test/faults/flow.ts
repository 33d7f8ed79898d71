// A small order flow for fault, pattern and property tests: Ordering takes orders and emits
// OrderPlaced; Inventory reserves stock (the business effect: its stock write, watched by no-duplicate-effect) and
// emits StockReserved; Ordering marks the order reserved. `reliable` uses the transactional
// outbox and an inbox everywhere; otherwise it has the dual-write trap (ctx.publish after the
// commit) and no inbox. `inbox` and `outbox` can also be switched one at a time.
import { defineScenario, type Scenario } from '../../src/engine/index';
import type { Json } from '../../src/engine/scenario/json';

export interface FlowOptions {
  outbox?: boolean;
  inbox?: boolean;
  orders?: number;
  retry?: Json;
  maxDeliveryCount?: number;
  concurrency?: number;
  circuitBreaker?: Json;
  relay?: 'polling' | 'log-tailing';
}

const src = (name: string, body: string) => ({ source: `import { defineHandler } from 'brokerlab';\nexport default defineHandler('${name}', async (msg, ctx) => {\n${body}\n});\n`, file: `${name}.ts` });

export function flow(o: FlowOptions = {}): Scenario {
  const outbox = o.outbox ?? true;
  const inbox = o.inbox ?? true;
  const placeOrder = outbox
    ? `  await ctx.db.transaction(async (tx) => {
    tx.put('orders', msg.body.orderId, { ...msg.body, status: 'placed' });
    tx.outbox.publish('OrderPlaced', msg.body);
  });`
    : `  await ctx.db.put('orders', msg.body.orderId, { ...msg.body, status: 'placed' });
  ctx.publish('OrderPlaced', msg.body);`;
  const guard = inbox ? `  if (ctx.inbox.seen()) return;\n` : '';
  const record = inbox ? `    tx.inbox.record();\n` : '';
  const reserve = `${guard}  const { orderId, sku } = msg.body;
  await ctx.work(20);
  await ctx.db.transaction(async (tx) => {
    const item = tx.get('stock', sku) ?? { reserved: 0 };
    tx.put('stock', sku, { reserved: item.reserved + 1 });
${record}${outbox ? `    tx.outbox.publish('StockReserved', { orderId });\n` : ''}  });
${outbox ? '' : `  ctx.publish('StockReserved', { orderId });\n`}`;
  const mark = `${guard}  await ctx.db.transaction(async (tx) => {
    const order = tx.get('orders', msg.body.orderId);
    tx.put('orders', msg.body.orderId, { ...order, status: 'reserved' });
${record}  });`;
  const handler = (name: string, consumes: string, body: string) => ({
    name, consumes, code: src(name, body), concurrency: o.concurrency ?? 1,
    ...(o.retry ? { retry: o.retry } : {}), ...(o.circuitBreaker ? { circuitBreaker: o.circuitBreaker } : {}),
  });
  return defineScenario({
    id: `test-flow-${outbox ? 'outbox' : 'dual-write'}-${inbox ? 'inbox' : 'no-inbox'}`,
    title: 'Test flow',
    broker: 'generic',
    entities: [
      { type: 'queue', name: 'orders', maxDeliveryCount: o.maxDeliveryCount ?? 10, lockDurationTicks: 5000 },
      { type: 'queue', name: 'stock-events', maxDeliveryCount: o.maxDeliveryCount ?? 10, lockDurationTicks: 5000 },
    ],
    messages: [
      { type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId' },
      { type: 'StockReserved', kind: 'event', to: 'stock-events', keyField: 'orderId' },
    ],
    services: [
      { name: 'Ordering', outbox: { relay: o.relay ?? 'polling', pollIntervalTicks: 100 }, handlers: [{ name: 'PlaceOrder', code: src('PlaceOrder', placeOrder) }, handler('MarkReserved', 'stock-events', mark)] },
      { name: 'Inventory', outbox: { relay: o.relay ?? 'polling', pollIntervalTicks: 100 }, handlers: [handler('ReserveStock', 'orders', reserve)] },
    ],
    workload: [{ kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: o.orders ?? 4, intervalTicks: 200, body: { orderId: 'order-{n}', sku: 'sku-{n%2}' } }],
    checks: [
      { name: 'no-loss' },
      { name: 'no-duplicate-effect', options: { writes: [{ service: 'Inventory', table: 'stock', keyField: 'orderId' }] } },
      { name: 'db-predicate', options: { rules: [{ service: 'Ordering', table: 'orders', keys: { requested: 'orderId' }, expect: { every: { status: 'reserved' } }, describe: 'every order reserved' }] } },
    ],
    limits: { ticksMax: 600_000 },
  });
}

export const RETRY: Json = { kind: 'exponential', limit: 2, baseTicks: 50, capTicks: 400, redelivery: { kind: 'intervals', intervalsTicks: [1000, 2000] } };
