// The reliability patterns as building blocks: recoverability (in-process retries, delayed
// redelivery, dead-lettering with the attempt history), the circuit breaker, the log-tailing
// outbox relay, DLQ redrive on the Simulation API, idempotency keys and concurrency limits.
import { describe, expect, it } from 'vitest';
import { runScenario, Simulation, resultOf, type RunResult, type TraceEvent } from '../../src/engine/index';
import { flow, RETRY } from '../faults/flow';

const kinds = (r: RunResult | { trace: readonly TraceEvent[] }, kind: string) => r.trace.filter((e) => e.kind === kind);

describe('recoverability', () => {
  it('in-process retries hold the message; delayed redeliveries re-send it; then the DLQ with the history', () => {
    const r = runScenario(flow({ retry: RETRY, orders: 1 }), { seed: 1, faults: [{ type: 'handler-throws', service: 'Inventory', handler: 'ReserveStock', nth: 1, failAttempts: 100 }] });
    // (1 + 2 redeliveries) × (1 + 2 retries) = 9 attempts
    expect(kinds(r, 'handler.failed').filter((e) => e.actor === 'Inventory')).toHaveLength(9);
    expect(kinds(r, 'retry.scheduled').map((e) => e.kind === 'retry.scheduled' && e.data.delayTicks)).toEqual([50, 100, 50, 100, 50, 100]);
    expect(kinds(r, 'redelivery.scheduled').map((e) => e.kind === 'redelivery.scheduled' && e.data.delayTicks)).toEqual([1000, 2000]);
    const redelivered = kinds(r, 'message.published').filter((e) => e.kind === 'message.published' && e.data.via === 'redelivery');
    expect(redelivered.map((e) => e.kind === 'message.published' && e.data.headers['MT-Redelivery-Count'])).toEqual([1, 2]);
    const dl = kinds(r, 'message.dead-lettered')[0];
    expect(dl.kind === 'message.dead-lettered' && dl.data.reason).toBe('RetriesExhausted');
    expect(dl.kind === 'message.dead-lettered' && dl.data.description).toMatch(/^9 attempt\(s\) failed: attempt 1 at [\d,]+: transient failure \(1 of 100\); attempt 2 at .*redelivery 2, attempt 3 at [\d,]+: transient failure \(9 of 100\)$/);
    expect(r.checks.find((c) => c.name === 'no-loss')!.valid).toBe(true);
  });

  it('without a retry policy the broker redelivers up to its max delivery count', () => {
    const r = runScenario(flow({ orders: 1, maxDeliveryCount: 3 }), { seed: 1, faults: [{ type: 'handler-throws', service: 'Inventory', handler: 'ReserveStock', mode: 'poison', nth: 1 }] });
    expect(kinds(r, 'message.delivered').filter((e) => e.actor === 'orders')).toHaveLength(3);
    expect(kinds(r, 'message.dead-lettered')[0].text).toMatch(/MaxDeliveryCountExceeded/);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, fails fast, half-opens after the reset interval, closes on a good trial', () => {
    const r = runScenario(flow({ orders: 8, circuitBreaker: { tripThreshold: 2, resetAfterTicks: 1500 }, retry: { kind: 'interval', limit: 1, intervalTicks: 10, redelivery: { kind: 'interval', limit: 3, intervalTicks: 1000 } } }), {
      seed: 1, faults: [{ type: 'handler-throws', service: 'Inventory', handler: 'ReserveStock', target: 'attempt', every: true }, { type: 'db-outage', service: 'Ordering', fromTick: 100_000, durationTicks: 1 }],
    });
    const states = kinds(r, 'circuit.changed').map((e) => e.kind === 'circuit.changed' && e.data.state);
    expect(states.slice(0, 3)).toEqual(['open', 'half-open', 'open']);
    expect(kinds(r, 'handler.failed').some((e) => e.kind === 'handler.failed' && e.data.error.startsWith('CircuitOpen'))).toBe(true);
  });

  it('closes again once the dependency recovers', () => {
    const r = runScenario(flow({ orders: 6, circuitBreaker: { tripThreshold: 2, resetAfterTicks: 500 }, retry: { kind: 'none', redelivery: { kind: 'interval', limit: 5, intervalTicks: 600 } } }), {
      seed: 1, faults: [{ type: 'db-outage', service: 'Inventory', fromTick: 0, durationTicks: 700 }],
    });
    const states = kinds(r, 'circuit.changed').map((e) => e.kind === 'circuit.changed' && e.data.state);
    expect(states[0]).toBe('open');
    expect(states[states.length - 1]).toBe('closed');
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });
});

describe('outbox relays', () => {
  it('log tailing publishes soon after the commit and checkpoints its position', () => {
    const poll = runScenario(flow({ orders: 2 }), { seed: 1 });
    const tail = runScenario(flow({ orders: 2, relay: 'log-tailing' }), { seed: 1 });
    const firstPublish = (r: RunResult) => kinds(r, 'message.published')[0].tick;
    expect(firstPublish(tail)).toBe(20);
    expect(firstPublish(poll)).toBe(100);
    expect(kinds(tail, 'db.committed').some((e) => e.text?.startsWith('log-tailing relay checkpointed its position'))).toBe(true);
    expect(tail.checks.every((c) => c.valid)).toBe(true);
  });

  it('a log-tailing relay that crashes before its checkpoint re-publishes from the last checkpoint', () => {
    const r = runScenario(flow({ orders: 3, relay: 'log-tailing' }), { seed: 1, faults: [{ type: 'crash', service: 'Ordering', handler: 'outbox-relay', point: 'relay-after-publish-before-mark', nth: 2 }] });
    const ids = kinds(r, 'message.published').filter((e) => e.actor === 'Ordering').map((e) => e.messageId);
    expect(ids.length).toBeGreaterThan(new Set(ids).size);
    expect(kinds(r, 'inbox.duplicate-skipped').length).toBeGreaterThan(0);
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });
});

describe('dead-letter redrive on the Simulation API', () => {
  it('redriving before the fix dead-letters again; the trace shows the operator action', () => {
    const sim = new Simulation(flow({ orders: 2, maxDeliveryCount: 2 }), { seed: 1, faults: [{ type: 'handler-throws', service: 'Inventory', handler: 'ReserveStock', mode: 'poison', nth: 1 }] });
    sim.runToEnd();
    expect(sim.redrive('orders.dlq')).toBe(1);
    sim.runToEnd();
    const r = resultOf(sim);
    expect(kinds(r, 'fault.injected').map((e) => e.text)).toContain('operator redrives every message from orders.dlq back to orders: unless the cause is fixed they dead-letter again, and a handler without an inbox applies their effects again');
    expect(kinds(r, 'message.dead-lettered')).toHaveLength(2);
    expect(r.checks.find((c) => c.name === 'no-loss')!.valid).toBe(true);
  });

  it('redriving a message whose effect had happened into a handler without an inbox duplicates it', () => {
    // the effect commits, then the ack is lost every time until the message dead-letters
    const sim = new Simulation(flow({ orders: 1, inbox: false, maxDeliveryCount: 1 }), { seed: 1, faults: [{ type: 'crash', service: 'Inventory', handler: 'ReserveStock', point: 'before-ack', nth: 1, restartAfterTicks: 1 }] });
    sim.runToEnd();
    expect(sim.redrive('orders', undefined)).toBe(1);
    sim.runToEnd();
    const r = resultOf(sim);
    expect(r.checks.find((c) => c.name === 'no-duplicate-effect')!.errors[0].explanation).toMatch(/redriven from orders\.dlq at [\d,]+ → .*no inbox in Inventory → Inventory wrote stock twice for order-1$/);
  });
});

describe('idempotency key', () => {
  it('a command sent twice with the same Idempotency-Key is deduplicated by the receiver', () => {
    const s = flow({ orders: 1 });
    const send = `import { defineHandler } from 'brokerlab';
export default defineHandler('PlaceOrder', async (msg, ctx) => {
  // a client retry: the same operation sent twice, as two messages with new ids
  ctx.send('Charge', { orderId: msg.body.orderId }, { idempotencyKey: 'charge-' + msg.body.orderId });
  ctx.send('Charge', { orderId: msg.body.orderId }, { idempotencyKey: 'charge-' + msg.body.orderId });
});`;
    const charge = `import { defineHandler } from 'brokerlab';
export default defineHandler('Charge', async (msg, ctx) => {
  if (ctx.inbox.seen(ctx.idempotencyKey)) return;
  await ctx.call('PaymentGateway', 'charge', { orderId: msg.body.orderId });
  await ctx.db.transaction(async (tx) => {
    tx.inbox.record(ctx.idempotencyKey);
  });
});`;
    const scenario = {
      ...s,
      entities: [...s.entities, { type: 'queue', name: 'payments' }],
      messages: [...s.messages, { type: 'Charge', kind: 'command' as const, to: 'payments' }],
      services: [
        { name: 'Ordering', handlers: [{ name: 'PlaceOrder', code: { source: send } }] },
        { name: 'Payments', handlers: [{ name: 'Charge', consumes: 'payments', code: { source: charge } }] },
      ],
      externals: [{ name: 'PaymentGateway', keyField: 'orderId' }],
      checks: [{ name: 'no-duplicate-effect' }],
    };
    const r = runScenario(scenario, { seed: 1 });
    expect(kinds(r, 'message.published').map((e) => e.kind === 'message.published' && e.data.headers['Idempotency-Key'])).toEqual(['charge-order-1', 'charge-order-1']);
    expect(kinds(r, 'inbox.duplicate-skipped')).toHaveLength(1);
    expect(r.checks[0].valid).toBe(true);
  });
});

describe('concurrency limit per consumer', () => {
  it('never runs more handlers of a consumer at once than its concurrency', () => {
    for (const concurrency of [1, 3]) {
      const r = runScenario(flow({ orders: 8, concurrency }), { seed: 1, faults: [{ type: 'traffic-spike', service: 'Ordering', handler: 'PlaceOrder', atTick: 0, count: 10 }, { type: 'slow-consumer', service: 'Inventory', extraTicks: 400 }] });
      let running = 0;
      let max = 0;
      for (const e of r.trace) {
        if (e.actor !== 'Inventory') continue;
        if (e.kind === 'handler.started') max = Math.max(max, ++running);
        if (e.kind === 'handler.completed' || e.kind === 'handler.failed') running--;
      }
      expect(max).toBe(concurrency);
    }
  });
});

describe('inbox dedup window', () => {
  it('a duplicate later than the window is processed again', () => {
    const windowed = (w: number) => {
      const s = flow({ orders: 1 });
      return { ...s, services: s.services.map((x) => (x.name === 'Inventory' ? { ...x, inbox: { dedupWindowTicks: w } } : x)) };
    };
    // the relay crashes before marking, so OrderPlaced is published again 1,000+ ticks later
    const faults = [{ type: 'crash', service: 'Ordering', handler: 'outbox-relay', point: 'relay-after-publish-before-mark', nth: 1, restartAfterTicks: 2000 }];
    const wide = runScenario(windowed(60_000), { seed: 1, faults });
    const narrow = runScenario(windowed(500), { seed: 1, faults });
    expect(wide.checks.find((c) => c.name === 'no-duplicate-effect')!.valid).toBe(true);
    expect(narrow.checks.find((c) => c.name === 'no-duplicate-effect')!.valid).toBe(false);
  });
});

describe('inbox as a unique key', () => {
  it('two copies running at once: the second transaction rolls back and is acked as a duplicate', () => {
    // no ctx.inbox.seen() guard before the work: both copies reach the transaction
    const s = flow({ orders: 1 });
    const naiveGuard = s.services.map((x) => ({
      ...x,
      handlers: x.handlers.map((h) => ('source' in h.code ? { ...h, code: { ...h.code, source: h.code.source.replace('  if (ctx.inbox.seen()) return;\n', '') } } : h)),
    }));
    const r = runScenario({ ...s, services: naiveGuard }, { seed: 1, faults: [{ type: 'duplicate-delivery', service: 'Inventory', nth: 1 }] });
    const skipped = kinds(r, 'inbox.duplicate-skipped');
    expect(skipped.map((e) => e.text)).toEqual([expect.stringMatching(/^another copy of m-\d+ was processed meanwhile: the inbox's unique key rolled this transaction back$/)]);
    expect(kinds(r, 'handler.failed')).toHaveLength(0);
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });
});
