// Table-driven tests of each check on literal traces, including the explanation text: the
// explanations are what a learner reads, so they are part of the contract.
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/engine/checks/registry';
import type { Scenario } from '../../src/engine/scenario/types';
import type { Json } from '../../src/engine/scenario/json';
import { completed, delivered, effect, ended, published, started, trace } from './fixtures';

const scenario = { externals: [{ name: 'Warehouse', keyField: 'orderId' }, { name: 'PaymentGateway', keyField: 'orderId', honoursIdempotencyKey: true }] } as Scenario;
const check = (name: string, t: ReturnType<typeof trace>, options?: Json, finalDb: Record<string, Record<string, Record<string, Json>>> = {}) =>
  runCheck(name, { trace: t, scenario, finalDb, options });

describe('no-duplicate-effect', () => {
  it.each([
    {
      name: 'lock expiry, no inbox',
      t: trace(
        published('m-3', 'OrderPlaced', 'Ordering', 1000),
        delivered('m-3', 'd-1', 1000), started('m-3', 'd-1', 1000), effect('m-3', 1040, 'order-17'),
        { kind: 'message.lock-expired', tick: 61000, actor: 'q', messageId: 'm-3', deliveryId: 'd-1', data: { entity: 'q', consumer: 'Inventory' } },
        delivered('m-3', 'd-2', 61000, 2), started('m-3', 'd-2', 61000), effect('m-3', 61040, 'order-17'),
      ),
      explanation: 'lock expired at 61,000 → redelivered at 61,000 (delivery 2) → no inbox in Inventory → Warehouse received reserve twice for order-17',
      refs: [3, 4, 5, 7],
    },
    {
      name: 'a crash after the effect, before the ack',
      t: trace(
        published('m-1', 'OrderPlaced', 'Ordering', 0),
        delivered('m-1', 'd-1', 0), started('m-1', 'd-1', 0), effect('m-1', 40, 'order-1'),
        { kind: 'service.crashed', tick: 40, actor: 'Inventory', data: { service: 'Inventory', lostInvocations: 1 } },
        { kind: 'message.lock-expired', tick: 30000, actor: 'q', messageId: 'm-1', deliveryId: 'd-1', data: { entity: 'q', consumer: 'Inventory' } },
        delivered('m-1', 'd-2', 30000, 2), started('m-1', 'd-2', 30000), effect('m-1', 30040, 'order-1'),
      ),
      explanation: 'Inventory crashed at 40 → lock expired at 30,000 → redelivered at 30,000 (delivery 2) → no inbox in Inventory → Warehouse received reserve twice for order-1',
      refs: [3, 4, 5, 6, 8],
    },
    {
      name: 'the producer re-ran and published a second message for the same key',
      t: trace(
        { kind: 'request.received', tick: 0, actor: 'Ordering', messageId: 'r-1', data: { service: 'Ordering', handler: 'PlaceOrder', body: {} } },
        { kind: 'message.published', tick: 10, actor: 'Ordering', messageId: 'm-1', causationId: 'p-1', data: { type: 'ChargePayment', messageKind: 'command', destination: 'q', body: {}, headers: {}, via: 'direct' } },
        { kind: 'fault.injected', tick: 20, actor: 'sim', messageId: 'p-1', data: { fault: 'duplicate-delivery', target: 'Ordering' }, text: 'the 1st matching delivery of OrderPlaced reaches Ordering twice' },
        { kind: 'message.published', tick: 30, actor: 'Ordering', messageId: 'm-2', causationId: 'p-1', data: { type: 'ChargePayment', messageKind: 'command', destination: 'q', body: {}, headers: {}, via: 'direct' } },
        effect('m-1', 50, 'order-9', 'capture', 'Payments', 'PaymentGateway'),
        effect('m-2', 60, 'order-9', 'capture', 'Payments', 'PaymentGateway'),
      ),
      explanation: 'the 1st matching delivery of OrderPlaced reaches Ordering twice → Ordering published ChargePayment again as a new message m-2 (first m-1) while handling p-1 again → Ordering was not idempotent for p-1, and Payments does not deduplicate by business key → PaymentGateway received capture twice for order-9 (no Idempotency-Key was sent, so it could not tell)',
      refs: [2, 3, 4, 5],
    },
  ])('$name', ({ t, explanation, refs }) => {
    const r = check('no-duplicate-effect', t);
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual([{ anomaly: 'duplicated-effect', explanation, eventRefs: refs }]);
  });

  it('is valid when the inbox skipped the redelivery', () => {
    const t = trace(published('m-3', 'OrderPlaced', 'Ordering', 0), started('m-3', 'd-1', 0), effect('m-3', 40, 'order-17'), started('m-3', 'd-2', 90), { kind: 'inbox.duplicate-skipped', tick: 90, actor: 'Inventory', messageId: 'm-3', data: { service: 'Inventory', handler: 'ReserveStock' } });
    expect(check('no-duplicate-effect', t).valid).toBe(true);
  });

  it('counts row creations in declared effect tables', () => {
    const commit = (messageId: string, tick: number, value: Json) => ({ kind: 'db.committed', tick, actor: 'Inventory', messageId, data: { service: 'Inventory', writes: [{ table: 'reservations', key: 'order-2', value }] } });
    const t = trace(published('m-1', 'OrderPlaced', 'Ordering', 0), commit('m-1', 5, { qty: 1 }), commit('m-1', 9, { qty: 1, status: 'x' }), commit('m-1', 12, null), commit('m-1', 20, { qty: 1 }));
    const r = check('no-duplicate-effect', t, { tables: [{ service: 'Inventory', table: 'reservations' }] });
    expect(r.errors.map((e) => e.explanation)).toEqual(['no inbox in Inventory → reservations row created twice for order-2']);
  });
});

describe('per-key-order', () => {
  it('names the message that fell behind and why', () => {
    const t = trace(
      published('m-1', 'OrderUpdated', 'Ordering', 100, { key: 'order-3' }),
      published('m-2', 'OrderUpdated', 'Ordering', 200, { key: 'order-3' }),
      { kind: 'handler.failed', tick: 250, actor: 'Inventory', messageId: 'm-1', deliveryId: 'd-1', data: { service: 'Inventory', handler: 'Sync', error: 'timeout', transient: true } },
      completed('m-2', 'd-2', 300, 'Inventory', 'Sync'),
      delivered('m-1', 'd-3', 400, 2),
      completed('m-1', 'd-3', 450, 'Inventory', 'Sync'),
    );
    const r = check('per-key-order', t);
    expect(r.errors).toEqual([{
      anomaly: 'out-of-order',
      explanation: 'm-1 (OrderUpdated) published first → Sync failed at 250 (timeout) → redelivered at 400 (delivery 2) → m-2, published after it, was processed by Inventory at 300 → m-1 processed at 450, out of order for key order-3',
      eventRefs: [0, 1, 2, 3, 4, 5],
    }]);
  });

  it('is valid in publish order and ignores other keys', () => {
    const t = trace(published('m-1', 'A', 'S', 0, { key: 'k1' }), published('m-2', 'A', 'S', 1, { key: 'k2' }), completed('m-2', 'd-1', 2), completed('m-1', 'd-2', 3));
    expect(check('per-key-order', t).valid).toBe(true);
  });
});

describe('saga-consistency', () => {
  const step = (saga: string, s: string, tick: number) => ({ kind: 'saga.step-completed', tick, actor: 'X', data: { saga, step: s, state: null } });
  const comp = (saga: string, s: string, tick: number) => ({ kind: 'saga.compensated', tick, actor: 'X', data: { saga, step: s } });
  const steps = ['order-placed', 'stock-reserved', 'payment-captured', 'shipped'];
  it.each([
    { name: 'completed', t: trace(step('S/o1', 'order-placed', 0), step('S/o1', 'stock-reserved', 1), step('S/o1', 'payment-captured', 2), step('S/o1', 'shipped', 3), ended(9)), errors: [] },
    { name: 'fully compensated in reverse', t: trace(step('S/o2', 'order-placed', 0), step('S/o2', 'stock-reserved', 1), comp('S/o2', 'stock-reserved', 5), comp('S/o2', 'order-placed', 6), ended(9)), errors: [] },
    {
      name: 'stuck after a step',
      t: trace(step('S/o3', 'order-placed', 0), step('S/o3', 'stock-reserved', 1000), ended(90000)),
      errors: [{ anomaly: 'stuck-saga', explanation: 'S/o3: done order-placed at 0, stock-reserved at 1,000 → last progress at 1,000 (stock-reserved) → then nothing for 89,000 ms → neither completed (shipped) nor compensated (still to compensate: stock-reserved, order-placed)', eventRefs: [0, 1] }],
    },
    {
      name: 'half compensated',
      t: trace(step('S/o4', 'order-placed', 0), step('S/o4', 'stock-reserved', 1), comp('S/o4', 'stock-reserved', 5), ended(9)),
      errors: [{ anomaly: 'stuck-saga', explanation: 'S/o4: done order-placed at 0, stock-reserved at 1 → last progress at 5 (compensated stock-reserved) → then nothing for 4 ms → neither completed (shipped) nor compensated (still to compensate: order-placed)', eventRefs: [0, 1, 2] }],
    },
    {
      name: 'compensations in the wrong order',
      t: trace(step('S/o5', 'order-placed', 0), step('S/o5', 'stock-reserved', 1), comp('S/o5', 'order-placed', 5), comp('S/o5', 'stock-reserved', 6), ended(9)),
      errors: [{ anomaly: 'compensation-out-of-order', explanation: 'S/o5: compensations ran as order-placed → stock-reserved, not in reverse of the steps (order-placed → stock-reserved)', eventRefs: [0, 1, 2, 3] }],
    },
  ])('$name', ({ t, errors }) => {
    expect(check('saga-consistency', t, { steps }).errors).toEqual(errors);
  });

  it('an unfinished saga within the bound of a run stopped by a limit is not stuck yet', () => {
    const t = trace(step('S/o6', 'order-placed', 0), { kind: 'run.ended', tick: 100, data: { reason: 'ticksMax' } });
    expect(check('saga-consistency', t, { steps, boundTicks: 1000 }).valid).toBe(true);
  });
});

describe('dlq-accounted', () => {
  const dead = (messageId: string, tick: number) => ({ kind: 'message.dead-lettered', tick, actor: 'orders', messageId, data: { entity: 'orders', dlq: 'orders.dlq', reason: 'MaxDeliveryCountExceeded', description: 'delivery count 3 reached maxDeliveryCount 3' } });
  const failed = (messageId: string, tick: number) => ({ kind: 'handler.failed', tick, actor: 'Inventory', messageId, data: { service: 'Inventory', handler: 'ReserveStock', error: 'invalid quantity', transient: true } });
  it('explains an unexpected dead letter', () => {
    const t = trace(published('m-9', 'OrderPlaced', 'Ordering', 900), failed('m-9', 940), failed('m-9', 990), dead('m-9', 1000));
    expect(check('dlq-accounted', t).errors).toEqual([{
      anomaly: 'unaccounted-dlq',
      explanation: 'Ordering published OrderPlaced m-9 at 900 → ReserveStock failed at 940 (invalid quantity) → ReserveStock failed at 990 (invalid quantity) → dead-lettered to orders.dlq: MaxDeliveryCountExceeded (delivery count 3 reached maxDeliveryCount 3) → neither expected nor redriven: it needs a human',
      eventRefs: [0, 1, 2, 3],
    }]);
  });
  it('accepts expected dead letters and redriven-then-processed ones', () => {
    const t = trace(published('m-9', 'OrderPlaced', 'Ordering', 0), dead('m-9', 10), { kind: 'message.redriven', tick: 20, actor: 'orders.dlq', messageId: 'm-9', data: { entity: 'orders', from: 'orders.dlq' } }, { kind: 'message.acked', tick: 30, actor: 'orders', messageId: 'm-9', data: { entity: 'orders', consumer: 'Inventory' } });
    expect(check('dlq-accounted', t).valid).toBe(true);
    expect(check('dlq-accounted', trace(published('m-9', 'OrderPlaced', 'O', 0), dead('m-9', 10)), { expected: [{ messageType: 'OrderPlaced' }] }).valid).toBe(true);
  });
  it('an expectation narrowed by `where` accepts only the message it names', () => {
    const two = trace(published('m-1', 'OrderPlaced', 'O', 0, { body: { orderId: 'order-bad' } }), dead('m-1', 10), published('m-2', 'OrderPlaced', 'O', 20, { body: { orderId: 'order-2' } }), dead('m-2', 30));
    const r = check('dlq-accounted', two, { expected: [{ messageType: 'OrderPlaced', where: { orderId: 'order-bad' } }] });
    expect(r.errors.map((e) => e.eventRefs.at(-1))).toEqual([3]);
  });
});

describe('db-predicate', () => {
  const finalDb = { Ordering: { orders: { 'order-1': { status: 'completed', total: 5 }, 'order-2': { status: 'placed', total: 7 } } }, Inventory: { stock: { 'sku-1': { reserved: 4 } } } };
  const t = trace({ kind: 'db.committed', tick: 61000, actor: 'Ordering', messageId: 'm-4', data: { service: 'Ordering', writes: [{ table: 'orders', key: 'order-2', value: { status: 'placed' } }] } });
  it.each([
    { rule: { service: 'Ordering', table: 'orders', expect: { every: { status: { in: ['completed', 'cancelled'] } } }, describe: 'every order ends' }, explanation: 'every order ends: Ordering.orders: expected every row to have status {"in":["completed","cancelled"]}; 1 of 2 do not: order-2 (status="placed") (last written by m-4 at 61,000)', refs: [0] },
    { rule: { service: 'Inventory', table: 'stock', key: 'sku-1', expect: { equals: { reserved: 3 } } }, explanation: 'Inventory.stock[sku-1]: expected reserved = 3, found 4 (sku-1)', refs: [] },
    { rule: { service: 'Ordering', table: 'orders', where: { status: 'placed' }, expect: { count: 0 } }, explanation: 'Ordering.orders where status placed: expected 0 row(s), found 1 (last written by m-4 at 61,000)', refs: [0] },
    { rule: { service: 'Ordering', table: 'orders', expect: { sum: { field: 'total', equals: 10 } } }, explanation: 'Ordering.orders: expected the sum of total 10, found 12 (last written by m-4 at 61,000)', refs: [0] },
  ])('$explanation', ({ rule, explanation, refs }) => {
    expect(check('db-predicate', t, { rules: [rule] } as unknown as Json, finalDb).errors).toEqual([{ anomaly: 'db-predicate', explanation, eventRefs: refs }]);
  });
  it('passes when the rules hold', () => {
    expect(check('db-predicate', t, { rules: [{ service: 'Ordering', table: 'orders', where: { total: { gt: 6 } }, expect: { count: 1 } }] }, finalDb).valid).toBe(true);
  });
});

describe('check options are validated with path and reason', () => {
  it('db-predicate and saga-consistency', async () => {
    const { validateScenario } = await import('../../src/engine/index');
    const { flow } = await import('../faults/flow');
    const s = { ...flow(), checks: [
      { name: 'db-predicate', options: { rules: [{ service: 'Nope', table: 'orders', expect: { every: { status: 'x' }, atLeast: 2 } }] } },
      { name: 'db-predicate' },
      { name: 'saga-consistency', options: { steps: [], boundTicks: -5 } },
    ] } as unknown as Scenario;
    expect(validateScenario(s).map((i) => `${i.path}: ${i.message}`)).toEqual([
      'checks[0].options.rules[0].service: no service named "Nope"',
      'checks[0].options.rules[0].expect.atLeast: unknown expectation (known: count, every, equals, sum, absent, matchesRequest, groupsLikeRequest, sumOfRequests, onlyAfter, recordsEffects)',
      'checks[1].options.rules: must be a non-empty list of { service, table, expect } rules',
      'checks[2].options.steps: must be the forward step names, in order',
      'checks[2].options.boundTicks: must be a positive integer',
    ]);
  });
});
