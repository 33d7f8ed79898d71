// Each fault: validated with path + reason, off unless listed, and when it acts it records
// fault.injected with an explanation and has the consequence it promises.
import { describe, expect, it } from 'vitest';
import { runScenario, validateFaults, faultModels, type FaultSpec, type RunResult } from '../../src/engine/index';
import { flow } from './flow';

const run = (faults: FaultSpec[], o: Parameters<typeof flow>[0] = {}) => runScenario(flow(o), { seed: 1, faults });
const injected = (r: RunResult) => r.trace.filter((e) => e.kind === 'fault.injected').map((e) => e.text);
const count = (r: RunResult, kind: string) => r.trace.filter((e) => e.kind === kind).length;
const valid = (r: RunResult, name: string) => r.checks.find((c) => c.name === name)!.valid;

describe('faults', () => {
  it('every registered fault validates its options with path and reason', () => {
    const s = flow();
    expect(Object.keys(faultModels).sort()).toEqual(['broker-alarm', 'broker-crash', 'broker-unreachable', 'chaos', 'crash', 'db-outage', 'delay-delivery', 'deploy', 'drop', 'duplicate-delivery', 'follower-lag', 'handler-throws', 'lock-expiry', 'producer-cut-off', 'rebalance', 'redrive', 'reorder', 'reply-lost', 'request-lost', 'restart', 'slow-consumer', 'traffic-spike']);
    expect(validateFaults([{ type: 'crash', service: 'Nope', point: 'before-ack' }], 'plan', s)).toEqual([{ path: 'plan[0].service', message: 'no service named "Nope" (known: Ordering, Inventory)' }]);
    expect(validateFaults([{ type: 'crash', service: 'Inventory' }], 'plan', s)).toEqual([{ path: 'plan[0]', message: 'give either atTick or point (a crash point name)' }]);
    expect(validateFaults([{ type: 'crash', service: 'Inventory', point: 'later' }], 'plan', s)[0].path).toBe('plan[0].point');
    expect(validateFaults([{ type: 'chaos', rates: { duplicate: 2 } }], 'plan', s)).toEqual([{ path: 'plan[0].rates.duplicate', message: 'must be a probability between 0 and 1, got 2' }]);
    expect(validateFaults([{ type: 'db-outage', service: 'Inventory', fromTick: 0 }], 'plan', s)).toEqual([{ path: 'plan[0].durationTicks', message: 'is required (an integer ≥ 1)' }]);
    expect(validateFaults([{ type: 'teleport' }], 'plan', s)[0].message).toMatch(/^no fault named "teleport"/);
  });

  it('no faults: the flow is clean', () => {
    const r = run([]);
    expect(count(r, 'fault.injected')).toBe(0);
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });

  it('crash at a tick restarts after the delay with the database kept', () => {
    const r = run([{ type: 'crash', service: 'Inventory', atTick: 210, restartAfterTicks: 500 }]);
    expect(injected(r)).toEqual(['crash Inventory at tick 210 (restart in 500 ms)']);
    const crashed = r.trace.find((e) => e.kind === 'service.crashed')!;
    const restarted = r.trace.find((e) => e.kind === 'service.restarted')!;
    expect(restarted.tick - crashed.tick).toBe(500);
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });

  it('crash at after-commit-before-publish with the dual-write trap loses the event', () => {
    const r = run([{ type: 'crash', service: 'Ordering', handler: 'PlaceOrder', point: 'after-commit-before-publish', nth: 2 }], { outbox: false });
    expect(injected(r)).toEqual(['crash Ordering at after-commit-before-publish in PlaceOrder (2nd time there; restart in 1000 ms)']);
    expect(r.checks.find((c) => c.name === 'db-predicate')!.errors[0].explanation).toMatch(/^every order reserved: Ordering\.orders: expected every row to have status reserved; 1 of \d+ do not: order-2 \(status="placed": Ordering crashed after its commit and before its next publish or call went out at [\d,]+\)/);
  });

  it('crash right after a direct ctx.db.put: the write stays, and nothing after it happens', () => {
    const fault: FaultSpec = { type: 'crash', service: 'Ordering', handler: 'PlaceOrder', point: 'after-direct-put', nth: 2 };
    const r = run([fault], { outbox: false });
    expect(injected(r)).toEqual(['crash Ordering at after-direct-put in PlaceOrder (2nd time there; restart in 1000 ms)']);
    expect(r.checks.find((c) => c.name === 'db-predicate')!.errors[0].explanation).toMatch(/order-2 \(status="placed": Ordering crashed right after a direct write \(ctx\.db\.put\), before its next step at [\d,]+\)/);
    // Writes inside a transaction are not direct: the point is never reached.
    expect(injected(run([fault]))).toEqual([]);
    // Chaos keeps to the points it always had, so its seeded runs stay the same.
    const chaos = run([{ type: 'chaos', rates: { crash: 1 }, restartAfterTicks: 500 }], { outbox: false });
    expect(injected(chaos).length).toBeGreaterThan(0);
    expect(injected(chaos).filter((t) => String(t).includes('after-direct-put'))).toEqual([]);
  });

  it('crash of the outbox relay between publish and mark publishes again; the inbox absorbs it', () => {
    const r = run([{ type: 'crash', service: 'Ordering', handler: 'outbox-relay', point: 'relay-after-publish-before-mark' }]);
    expect(count(r, 'inbox.duplicate-skipped')).toBeGreaterThan(0);
    expect(r.checks.every((c) => c.valid)).toBe(true);
    const naive = run([{ type: 'crash', service: 'Ordering', handler: 'outbox-relay', point: 'relay-after-publish-before-mark' }], { inbox: false });
    expect(valid(naive, 'no-duplicate-effect')).toBe(false);
  });

  it('duplicate delivery: the inbox skips it; without it the effect doubles', () => {
    const f: FaultSpec[] = [{ type: 'duplicate-delivery', service: 'Inventory', messageType: 'OrderPlaced', nth: 2 }];
    expect(injected(run(f))).toEqual(['the 2nd matching delivery of OrderPlaced reaches Inventory twice']);
    expect(valid(run(f), 'no-duplicate-effect')).toBe(true);
    const naive = run(f, { inbox: false });
    expect(naive.checks.find((c) => c.name === 'no-duplicate-effect')!.errors[0].explanation).toBe('the 2nd matching delivery of OrderPlaced reaches Inventory twice → no inbox in Inventory → Inventory wrote stock twice for order-2');
  });

  it('delay holds one delivery back', () => {
    const r = run([{ type: 'delay-delivery', service: 'Inventory', nth: 1, delayTicks: 3000 }]);
    const f = r.trace.find((e) => e.kind === 'fault.injected')!;
    const started = r.trace.find((e) => e.kind === 'handler.started' && e.messageId === f.messageId)!;
    expect(started.tick - f.tick).toBe(3000);
  });

  it('reorder lets the next message to the destination overtake', () => {
    const r = run([{ type: 'reorder', service: 'Ordering', messageType: 'OrderPlaced', nth: 1 }], { outbox: false });
    const enq = r.trace.filter((e) => e.kind === 'message.enqueued' && e.data.entity === 'orders').map((e) => e.messageId);
    const pub = r.trace.filter((e) => e.kind === 'message.published' && e.data.destination === 'orders').map((e) => e.messageId);
    expect(enq.slice(0, 2)).toEqual([pub[1], pub[0]]);
  });

  it('drop loses a message in transit and no-loss says so', () => {
    const r = run([{ type: 'drop', service: 'Ordering', messageType: 'OrderPlaced', nth: 3 }], { outbox: false });
    expect(r.checks.find((c) => c.name === 'no-loss')!.errors.map((e) => e.anomaly)).toEqual(['lost']);
  });

  it('drop with where loses the message whose body matches, whatever comes before it', () => {
    const r = run([{ type: 'drop', service: 'Ordering', messageType: 'OrderPlaced', where: { orderId: 'order-3' } }], { outbox: false });
    const lost = r.trace.filter((e) => e.kind === 'message.dropped').map((e) => r.trace.find((p) => p.kind === 'message.published' && p.messageId === e.messageId)!.data);
    expect(lost).toEqual([expect.objectContaining({ body: expect.objectContaining({ orderId: 'order-3' }) })]);
    expect(injected(r)).toEqual(['the 1st matching OrderPlaced with orderId "order-3" was dropped on the way (at-most-once unless the publisher waits for a confirm and resends it)']);
    expect(validateFaults([{ type: 'drop', service: 'Ordering', where: ['order-3'] }], 'plan', flow())).toEqual([{ path: 'plan[0].where', message: 'must be body fields with plain values, e.g. { "orderId": "order-2" }' }]);
  });

  it('handler throws: transient for k attempts, retried in-process; poison is dead-lettered with history', () => {
    const t = run([{ type: 'handler-throws', service: 'Inventory', handler: 'ReserveStock', failAttempts: 2, nth: 1 }], { retry: { kind: 'immediate', limit: 3 } });
    expect(count(t, 'retry.scheduled')).toBe(2);
    expect(t.checks.every((c) => c.valid)).toBe(true);
    const p = run([{ type: 'handler-throws', service: 'Inventory', handler: 'ReserveStock', mode: 'poison', nth: 1 }], { retry: { kind: 'immediate', limit: 3 } });
    const dl = p.trace.find((e) => e.kind === 'message.dead-lettered')!;
    expect(dl.kind === 'message.dead-lettered' && dl.data.reason).toBe('PoisonMessage');
    expect(dl.text).toMatch(/unrecoverable error, not retried: attempt 1 at [\d,]+: cannot process OrderPlaced m-\d+: poison message/);
  });

  it('broker unreachable: publishes fail, consumers stop, acks are lost, and everything recovers', () => {
    const r = run([{ type: 'broker-unreachable', service: 'Inventory', fromTick: 100, durationTicks: 1500 }], { outbox: false });
    expect(injected(r)[0]).toBe('Inventory cannot reach the broker from 100 to 1600: publishes fail, consumers stop, acks are lost');
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });

  it('slow consumer adds time before each attempt', () => {
    const fast = run([]);
    const slow = run([{ type: 'slow-consumer', service: 'Inventory', extraTicks: 300 }]);
    expect(slow.endTick).toBeGreaterThan(fast.endTick);
    expect(injected(slow)[0]).toBe('ReserveStock is slow: +300 ms before it starts');
  });

  it('traffic spike sends extra requests numbered apart', () => {
    const r = run([{ type: 'traffic-spike', service: 'Ordering', handler: 'PlaceOrder', atTick: 50, count: 3 }]);
    expect(Object.keys(r.finalDb.Ordering.orders)).toContain('order-1003');
    expect(count(r, 'request.received')).toBe(7);
  });

  it('lock expiry redelivers while the first attempt still runs', () => {
    const r = run([{ type: 'lock-expiry', service: 'Inventory', nth: 1 }], { inbox: false });
    expect(count(r, 'message.lock-expired')).toBe(1);
    expect(r.checks.find((c) => c.name === 'no-duplicate-effect')!.errors[0].explanation).toMatch(/^Inventory pauses 5001 ms on the 1st matching delivery, past its lock \(locked until 5100\) → lock expired at 5,100 → .*no inbox in Inventory → Inventory wrote stock twice for order-1$/);
    expect(valid(run([{ type: 'lock-expiry', service: 'Inventory', nth: 1 }]), 'no-duplicate-effect')).toBe(true);
  });

  it('rebalance asks brokers with consumer groups and says when there are none', () => {
    expect(injected(run([{ type: 'rebalance', atTick: 10 }]))).toEqual(['rebalance at tick 10 had no effect: no broker here has consumer groups']);
  });

  it('database outage fails commits for the interval', () => {
    const r = run([{ type: 'db-outage', service: 'Inventory', fromTick: 0, durationTicks: 700 }], { retry: { kind: 'interval', limit: 5, intervalTicks: 200 } });
    expect(r.trace.some((e) => e.kind === 'handler.failed' && e.data.error.startsWith('DatabaseUnavailable'))).toBe(true);
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });

  it('chaos draws from seeded streams and records an explicit equivalent for each injection', () => {
    const f: FaultSpec[] = [{ type: 'chaos', rates: { duplicate: 0.3, delay: 0.2, throw: 0.2 } }];
    const a = run(f);
    expect(a.hash).toBe(run(f).hash);
    const eq = a.trace.filter((e) => e.kind === 'fault.injected').map((e) => e.kind === 'fault.injected' && e.data.details?.equivalent);
    expect(eq.length).toBeGreaterThan(0);
    expect(eq.every((x) => x && typeof x === 'object' && 'type' in x && 'nth' in x)).toBe(true);
  });

  it('restart brings a service that stayed down back', () => {
    const r = run([{ type: 'crash', service: 'Inventory', atTick: 100, restartAfterTicks: null }, { type: 'restart', service: 'Inventory', atTick: 4000 }]);
    expect(injected(r)).toEqual(['crash Inventory at tick 100 (it stays down)', 'restart Inventory at tick 4000']);
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });

  it('redrive in a fault plan moves dead letters back: before a fix they dead-letter again', () => {
    const r = run([{ type: 'handler-throws', service: 'Inventory', handler: 'ReserveStock', mode: 'poison', nth: 1 }, { type: 'redrive', entity: 'orders.dlq', atTick: 20_000 }], { maxDeliveryCount: 2 });
    expect(count(r, 'message.redriven')).toBe(1);
    expect(count(r, 'message.dead-lettered')).toBe(2);
  });
});

describe('pattern options are validated with path and reason', () => {
  it('rejects bad retry, circuit breaker, relay and inbox options', async () => {
    const { validateScenario } = await import('../../src/engine/index');
    const s = flow({ retry: { kind: 'fibonacci' }, circuitBreaker: { tripThreshold: 0 } });
    s.services[1] = { ...s.services[1], outbox: { relay: 'smoke-signals' as 'polling' }, inbox: { dedupWindowTicks: -1 } };
    expect(validateScenario(s).map((i) => `${i.path}: ${i.message}`)).toEqual([
      'services[0].handlers[1].retry.kind: must be one of none, immediate, interval, intervals, incremental, exponential, full-jitter, equal-jitter, decorrelated-jitter, got "fibonacci"',
      'services[0].handlers[1].circuitBreaker.tripThreshold: must be a positive integer, got 0',
      'services[1].outbox.relay: must be "polling" or "log-tailing", got "smoke-signals"',
      'services[1].inbox.dedupWindowTicks: must be a positive integer',
      'services[1].handlers[0].retry.kind: must be one of none, immediate, interval, intervals, incremental, exponential, full-jitter, equal-jitter, decorrelated-jitter, got "fibonacci"',
      'services[1].handlers[0].circuitBreaker.tripThreshold: must be a positive integer, got 0',
    ]);
  });
});
