// Exact expectations: db-predicate rows required per requested key (and "every" over nothing is
// a failure), failure messages that say what is missing and why with the events to show, and
// poison messages that must end dead-lettered with a reason rather than swallowed.
import { describe, expect, it } from 'vitest';
import { runScenario, type Scenario } from '../../src/engine/index';
import { runCheck } from '../../src/engine/checks/registry';
import { flow } from '../faults/flow';
import type { Json } from '../../src/engine/scenario/json';

const dualWrite = (rules: unknown[]): Scenario => ({ ...flow({ outbox: false, inbox: false }), checks: [{ name: 'db-predicate', options: { rules } as never }] });
const reservedRule = { service: 'Ordering', table: 'orders', keys: { requested: 'orderId' }, expect: { every: { status: 'reserved' } }, describe: 'every order placed ends reserved' };

describe('db-predicate, exact', () => {
  it('names the order that was never reserved and the crash that stopped it, with its events', () => {
    const r = runScenario(dualWrite([reservedRule]), { seed: 1, faults: [{ type: 'crash', service: 'Ordering', handler: 'PlaceOrder', point: 'after-commit-before-publish', nth: 2, restartAfterTicks: 100 }] });
    const check = r.checks[0];
    expect(check.valid).toBe(false);
    expect(check.errors).toHaveLength(1);
    const [error] = check.errors;
    expect(error.explanation).toMatch(/^every order placed ends reserved: Ordering\.orders: expected every row to have status reserved; 1 of 4 do not: order-2 \(status="placed": Ordering crashed after its commit and before its next publish or call went out at [\d,]+\)$/);
    const crash = r.trace.find((e) => e.kind === 'service.crashed')!;
    const fault = r.trace.find((e) => e.kind === 'fault.injected' && e.data.fault === 'crash')!;
    expect(error.eventRefs).toEqual(expect.arrayContaining([fault.seq, crash.seq]));
  });

  it('does not require the row of a request whose caller was told no (its handler crashed before it ran)', () => {
    const r = runScenario(dualWrite([reservedRule]), { seed: 1, faults: [{ type: 'crash', service: 'Ordering', handler: 'PlaceOrder', point: 'before-handler', nth: 3, restartAfterTicks: 50 }] });
    expect(r.checks[0].valid).toBe(true);
    expect(runCheck('db-predicate', { trace: r.trace, scenario: {} as Scenario, finalDb: r.finalDb, options: { rules: [{ ...reservedRule, keys: ['order-1', 'order-3'], keyField: 'orderId' }] } as never }).errors.map((e) => e.explanation))
      .toEqual(['every order placed ends reserved: Ordering.orders: expected 2 row(s), one per orderId; 1 missing: order-3 (Ordering crashed before its handler ran at 400)']);
  });

  it('says when nothing about a key ever reached the service whose table should hold it, and where its messages went', () => {
    const s: Scenario = {
      formatVersion: 1, id: 'unheard', title: 'unheard', broker: 'generic',
      entities: [{ type: 'queue', name: 'a' }, { type: 'queue', name: 'b' }],
      messages: [{ type: 'Placed', kind: 'event', to: 'a' }],
      services: [
        { name: 'Ordering', handlers: [{ name: 'Place', code: { source: `export default async (req, ctx) => { ctx.publish('Placed', req.body); }` } }] },
        { name: 'A', handlers: [{ name: 'Take', consumes: 'a', code: { source: `export default async (msg, ctx) => { ctx.db.put('seen', msg.body.orderId, {}); }` } }] },
        { name: 'B', handlers: [{ name: 'Take', consumes: 'b', code: { source: `export default async (msg, ctx) => { ctx.db.put('seen', msg.body.orderId, {}); }` } }] },
      ],
      workload: [{ kind: 'steady', service: 'Ordering', handler: 'Place', count: 1, body: { orderId: 'order-{n}' } }],
      checks: [{ name: 'db-predicate', options: { rules: [{ service: 'B', table: 'seen', keys: { requested: 'orderId' } }] } }],
    };
    expect(runScenario(s).checks[0].errors.map((e) => e.explanation)).toEqual(['B.seen: expected 1 row(s), one per orderId; 1 missing: order-1 (no message about it ever reached B (its messages went to a only))']);
  });

  it('fails "every row" over an empty table unless the count allows none', () => {
    const input = (expectation: Json) => ({ trace: [], scenario: {} as Scenario, finalDb: { Ordering: { orders: {} } }, options: { rules: [{ service: 'Ordering', table: 'orders', expect: expectation }] } });
    expect(runCheck('db-predicate', input({ every: { status: 'reserved' } })).errors.map((e) => e.explanation)).toEqual(['Ordering.orders: expected rows that all have status reserved, found none: "every row" over nothing is not a success']);
    expect(runCheck('db-predicate', input({ count: 0, every: { status: 'reserved' } })).valid).toBe(true);
  });

  it('a request refused at the door is not required: that caller was told no', () => {
    const r = runScenario(dualWrite([{ ...reservedRule, expect: { every: { status: 'reserved' } } }]), { seed: 1, faults: [{ type: 'crash', service: 'Ordering', atTick: 150, restartAfterTicks: 100 }] });
    expect(r.trace.some((e) => e.kind === 'request.refused')).toBe(true);
    expect(r.checks[0].valid).toBe(true);
  });
});

describe('dlq-accounted, poison', () => {
  const shipping = (handler: string): Scenario => ({
    formatVersion: 1, id: 'poison', title: 'poison', broker: 'generic',
    entities: [{ type: 'queue', name: 'ship', maxDeliveryCount: 3 }],
    messages: [{ type: 'ShipOrder', kind: 'command', to: 'ship' }],
    services: [
      { name: 'Ordering', handlers: [{ name: 'Paid', code: { source: `export default async (req, ctx) => { ctx.send('ShipOrder', req.body); }` } }] },
      { name: 'Shipping', handlers: [{ name: 'Ship', consumes: 'ship', code: { source: `export default async (msg, ctx) => { if (msg.body.customer === 'cust-3') { ${handler} } }` } }] },
    ],
    workload: [{ kind: 'steady', service: 'Ordering', handler: 'Paid', count: 3, intervalTicks: 100, body: { orderId: 'order-{n}', customer: 'cust-{n}' } }],
    checks: [{ name: 'dlq-accounted', options: { expected: [{ messageType: 'ShipOrder' }], poison: [{ messageType: 'ShipOrder', where: { customer: 'cust-3' }, reason: 'address-missing' }] } }],
  });
  const explain = (handler: string) => runScenario(shipping(handler)).checks[0].errors.map((e) => `${e.anomaly}: ${e.explanation}`);

  it('passes when the poison message is dead-lettered with its reason', () => {
    expect(explain(`ctx.deadLetter('address-missing'); return;`)).toEqual([]);
  });

  it('calls swallowing a poison message a failure', () => {
    expect(explain('return;')).toEqual([expect.stringMatching(/^swallowed-poison: ShipOrder m-\d+ \(ShipOrder with customer "cust-3"\) is poison, and Shipping\S* acked it at [\d,]+ without doing its work/)]);
  });

  it('wants the reason an operator can act on, not the broker giving up', () => {
    expect(explain(`throw new Error('no address');`)).toEqual([expect.stringMatching(/^poison-wrong-reason: .* but with reason "MaxDeliveryCountExceeded", not "address-missing"/)]);
  });

  it('counts an ack after the delivery committed its work as a success: the data was fixed meanwhile', () => {
    expect(explain(`ctx.db.put('shipments', msg.body.orderId, { city: 'Turku' }); return;`)).toEqual([]);
  });

  it('with retriesMax 0, wants the poison dead-lettered on its first attempt, not after retries', () => {
    const strict = (handler: string) => {
      const s = shipping(handler);
      return runScenario({ ...s, checks: [{ name: 'dlq-accounted', options: { expected: [{ messageType: 'ShipOrder' }], poison: [{ messageType: 'ShipOrder', where: { customer: 'cust-3' }, reason: 'address-missing', retriesMax: 0 }] } }] }).checks[0].errors.map((e) => `${e.anomaly}: ${e.explanation}`);
    };
    expect(strict(`ctx.deadLetter('address-missing'); return;`)).toEqual([]);
    expect(strict(`if (msg.broker.deliveryCount < 3) throw new Error('no address'); ctx.deadLetter('address-missing'); return;`)).toEqual([expect.stringMatching(/^poison-retried: ShipOrder m-\d+ .* failed 2 time\(s\) before it was dead-lettered/)]);
  });

  it('fails when no poison message was ever sent, and validates its options', () => {
    const none = { ...shipping('return;'), workload: [{ kind: 'steady' as const, service: 'Ordering', handler: 'Paid', count: 2, intervalTicks: 100, body: { orderId: 'order-{n}', customer: 'cust-{n}' } }] };
    expect(runScenario(none).checks[0].errors.map((e) => e.anomaly)).toEqual(['poison-never-sent']);
    const bad = { ...shipping('return;'), checks: [{ name: 'dlq-accounted', options: { poison: [{ colour: 'red' }] } }] };
    expect(() => runScenario(bad)).toThrow(/checks\[0\]\.options\.poison\[0\]\.colour: unknown option/);
  });
});

describe('saga-consistency, stuck', () => {
  const src = (body: string) => ({ source: `import { defineHandler } from 'brokerlab';\nexport default defineHandler('H', async (msg, ctx) => {\n${body}\n});\n` });
  const saga: Scenario = {
    formatVersion: 1, id: 'stuck', title: 'stuck', broker: 'generic',
    entities: [{ type: 'queue', name: 'inventory' }],
    messages: [{ type: 'ReserveStock', kind: 'command', to: 'inventory', keyField: 'orderId' }],
    services: [
      { name: 'Ordering', handlers: [{ name: 'PlaceOrder', code: src(`await ctx.db.transaction(async (tx) => { tx.put('orders', msg.body.orderId, msg.body); tx.outbox.send('ReserveStock', msg.body); tx.saga.stepCompleted('S', msg.body.orderId, 'placed'); });`) }] },
      { name: 'Inventory', handlers: [{ name: 'Reserve', consumes: 'inventory', code: src(`await ctx.db.transaction(async (tx) => { tx.saga.stepCompleted('S', msg.body.orderId, 'reserved'); });`) }] },
    ],
    workload: [{ kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: 3, intervalTicks: 100, body: { orderId: 'order-{n}' } }],
    checks: [{ name: 'saga-consistency', options: { steps: ['placed', 'reserved'] } }],
  };

  it('says what went wrong on the flow after its last progress: here, a lost command', () => {
    const r = runScenario(saga, { seed: 1, faults: [{ type: 'drop', service: 'Ordering', messageType: 'ReserveStock', where: { orderId: 'order-2' } }] });
    const [error] = r.checks[0]!.errors;
    expect(r.checks[0]!.errors).toHaveLength(1);
    expect(error!.explanation).toMatch(/^S\/order-2: done placed at [\d,]+ → last progress at [\d,]+ \(placed\) → ReserveStock m-\d+ was lost on the way to inventory at [\d,]+: dropped in transit \(at-most-once\) → then nothing for [\d,]+ ms → neither completed \(reserved\) nor compensated \(still to compensate: placed\)$/);
    const dropped = r.trace.find((e) => e.kind === 'message.dropped')!;
    expect(error!.eventRefs).toContain(dropped.seq);
  });
});
