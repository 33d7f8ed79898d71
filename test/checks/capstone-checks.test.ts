// The checks the design capstones added, on literal traces (explanations included: they are
// what a learner reads): latency-budget, throughput, effect-order, and peak-load counting a
// dispatcher's calls to one receiver.
import { describe, expect, it } from 'vitest';
import { runCheck, checks } from '../../src/engine/checks/registry';
import type { Scenario } from '../../src/engine/scenario/types';
import type { Json } from '../../src/engine/scenario/json';
import { completed, published, trace } from './fixtures';

type T = ReturnType<typeof trace>;
const run = (name: string, t: T, options: Json, scenario = {} as Scenario) => runCheck(name, { trace: t, scenario, finalDb: {}, options });
const pub = (id: string, tick: number, body: Record<string, unknown>, key?: string) => published(id, 'E', 'P', tick, { body, ...(key ? { key } : {}) });
const done = (id: string, tick: number) => completed(id, `d-${id}`, tick, 'C', 'Handle');

// 100 messages published 1 ms apart; each processed 10 ms later, except the last two (500 ms).
const flow = trace(
  ...Array.from({ length: 100 }, (_, i) => pub(`m-${i + 1}`, i, { receiver: i % 2 === 0 ? 'slow' : 'fast' })),
  ...Array.from({ length: 98 }, (_, i) => done(`m-${i + 1}`, i + 10)),
  done('m-99', 598), done('m-100', 599),
);
const consumers = ['C/Handle'];

describe('latency-budget', () => {
  it('passes when the p99 is within the budget and fails with the slowest messages', () => {
    // nearest-rank p99 of 100 values is the 99th: one of the two slow ones (500 ms)
    expect(run('latency-budget', flow, { consumers, p99MaxTicks: 500 }).valid).toBe(true);
    const r = run('latency-budget', flow, { consumers, p99MaxTicks: 499, describe: 'the budget' });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.anomaly).toBe('too-slow');
    expect(r.errors[0]!.explanation).toBe('p99 latency 500 ms from publish to C/Handle over 100 messages is over the budget of 499 ms; slowest: m-99 500 ms, m-100 500 ms, m-1 10 ms — the budget');
    expect(r.errors[0]!.eventRefs).toContain(98); // m-99's publish
  });

  it('judges only the keys it is asked to: exceptKeys leaves the unreliable receiver out', () => {
    // m-99 is "slow" (98 is even), m-100 is "fast": without the slow receiver, p99 is m-100's 500 ms
    expect(run('latency-budget', flow, { consumers, keyField: 'receiver', exceptKeys: ['slow'], p99MaxTicks: 100 }).valid).toBe(false);
    const fastOnlySlowLast = trace(pub('m-1', 0, { receiver: 'fast' }), pub('m-2', 0, { receiver: 'slow' }), done('m-1', 5), done('m-2', 900));
    expect(run('latency-budget', fastOnlySlowLast, { consumers, keyField: 'receiver', exceptKeys: ['slow'], p99MaxTicks: 10 }).valid).toBe(true);
    expect(run('latency-budget', fastOnlySlowLast, { consumers, keyField: 'receiver', p99MaxTicks: 10 }).valid).toBe(false);
  });

  it("endsAt 'acked' measures to the broker's completion: a handler that returned without settling has not finished", () => {
    // m-1: handler done at 10, completed at the broker at 12; m-2: handler done at 10, its lock ran out, completed at 30,010.
    const acked = (id: string, tick: number, consumer = 'C') => ({ kind: 'message.acked', tick, messageId: id, data: { entity: 'q', consumer } });
    const t = trace(pub('m-1', 0, {}), pub('m-2', 0, {}), done('m-1', 10), acked('m-1', 12), done('m-2', 10), acked('m-2', 90, 'Other'), done('m-2', 30_005), acked('m-2', 30_010));
    expect(run('latency-budget', t, { consumers, p99MaxTicks: 100 }).valid).toBe(true);
    const r = run('latency-budget', t, { consumers, p99MaxTicks: 100, endsAt: 'acked' });
    expect(r.valid).toBe(false);
    expect(r.errors[0]!.explanation).toMatch(/slowest: m-2 30,010 ms, m-1 12 ms/);
    expect(checks['latency-budget']!.validate!({ consumers, p99MaxTicks: 1, endsAt: 'settled' }, {} as Scenario).map((i) => i.path)).toEqual(['endsAt']);
  });

  it('fails when nothing finished the flow, and refuses bad options', () => {
    expect(run('latency-budget', trace(pub('m-1', 0, {})), { consumers, p99MaxTicks: 10 }).errors[0]!.anomaly).toBe('nothing-measured');
    expect(checks['latency-budget']!.validate!({ consumers: ['C'], p99MaxTicks: 0 }, {} as Scenario).map((i) => i.path)).toEqual(['consumers', 'p99MaxTicks']);
  });
});

describe('throughput', () => {
  it('measures processed ÷ (last completion − first publish) and fails below the minimum', () => {
    // 100 processed in 599 ms: 166.9 per second
    expect(run('throughput', flow, { consumers, minPerSecond: 160 }).valid).toBe(true);
    const r = run('throughput', flow, { consumers, minPerSecond: 1000 });
    expect(r.errors[0]!.anomaly).toBe('below-throughput');
    expect(r.errors[0]!.explanation).toContain('C/Handle processed 100 messages in 599 ms (first publish to last completion): 167 per second, below the 1,000 per second');
  });

  it('wants minMessages processed: a design that drops most of the load reaches no throughput', () => {
    expect(run('throughput', flow, { consumers, minPerSecond: 1, minMessages: 101 }).errors[0]!.explanation).toBe('C/Handle processed 100 messages; at least 101 were expected');
    expect(run('throughput', trace(pub('m-1', 0, {})), { consumers, minPerSecond: 1 }).valid).toBe(false);
  });
});

describe('effect-order', () => {
  const phone = { externals: [{ name: 'Phone' }] } as unknown as Scenario;
  const call = (tick: number, userId: string, channel: string, seq: number, outcome = 'applied') =>
    ({ kind: 'external.called', tick, actor: 'Phone', data: { external: 'Phone', operation: 'notify', body: { userId, channel, seq }, key: `${userId}-${seq}`, caller: 'D', handler: 'Send', callId: `k-${tick}`, outcome } });
  const options = { external: 'Phone', keyFields: ['userId', 'channel'], orderField: 'seq' };

  it('passes when each key sees its values in order (other keys may interleave)', () => {
    const t = trace(call(1, 'u1', 'push', 1), call(2, 'u2', 'push', 2), call(3, 'u1', 'email', 1), call(4, 'u1', 'push', 3), call(5, 'u1', 'email', 3));
    expect(run('effect-order', t, options, phone).valid).toBe(true);
  });

  it('names the reorder and points at both calls; a replay or a repeat is not a reorder', () => {
    const t = trace(call(1, 'u1', 'push', 3), call(2, 'u1', 'push', 3), call(3, 'u1', 'push', 1, 'replayed'), call(4, 'u1', 'push', 1));
    const r = run('effect-order', t, options, phone);
    expect(r.errors).toEqual([{ anomaly: 'out-of-order', explanation: 'Phone saw 1 call out of order: u1/push got seq 1 at 4 ms after seq 3', eventRefs: [1, 3] }]);
  });

  it('validates the external against the scenario', () => {
    expect(checks['effect-order']!.validate!({ external: 'Fax', keyFields: ['userId'], orderField: 'seq' }, phone)[0]!.path).toBe('external');
  });
});

describe('peak-load on calls to one receiver', () => {
  const call = (tick: number, id: string, to: string) => ({ kind: 'call.started', tick, actor: 'Dispatcher', data: { from: 'Dispatcher', to, operation: 'Receive', callId: id, timeoutTicks: 500 } });
  const fail = (tick: number, id: string, to: string) => ({ kind: 'call.failed', tick, actor: 'Dispatcher', data: { from: 'Dispatcher', to, operation: 'Receive', callId: id, reason: 'unavailable', error: 'down', durationTicks: 0 } });
  const ok = (tick: number, id: string, to: string) => ({ kind: 'call.completed', tick, actor: 'Dispatcher', data: { from: 'Dispatcher', to, operation: 'Receive', callId: id, durationTicks: 10 } });
  // three failed calls to r0 within 10 ms, two successful ones, and calls to r1 that do not count
  const t = trace(call(0, 'k-1', 'r0'), fail(1, 'k-1', 'r0'), call(2, 'k-2', 'r0'), fail(3, 'k-2', 'r0'), call(4, 'k-3', 'r0'), fail(5, 'k-3', 'r0'),
    call(6, 'k-4', 'r0'), ok(16, 'k-4', 'r0'), call(17, 'k-5', 'r0'), ok(27, 'k-5', 'r0'), call(5, 'k-6', 'r1'), call(6, 'k-7', 'r1'));

  it('counts the calls made to that receiver, whatever the handler attempts did', () => {
    expect(run('peak-load', t, { service: 'Dispatcher', calls: 'r0', max: 4, windowTicks: 100 }).errors[0]!.explanation).toBe('Dispatcher (calling r0) made 5 calls within 100 ms from 0; at most 4 per 100 ms are allowed');
  });

  it('with failedOnly, counts only the calls that failed: catching up at full speed is fine', () => {
    expect(run('peak-load', t, { service: 'Dispatcher', calls: 'r0', failedOnly: true, max: 3, windowTicks: 100 }).valid).toBe(true);
    expect(run('peak-load', t, { service: 'Dispatcher', calls: 'r0', failedOnly: true, max: 2, windowTicks: 100 }).errors[0]!.eventRefs).toEqual([0, 2, 4]);
  });
});

describe("no-loss effects by one handler ('by')", () => {
  const scenario = { messages: [{ type: 'OrderPlaced' }], externals: [{ name: 'Warehouse' }], services: [{ name: 'Checkout', handlers: [{ name: 'Accept' }] }, { name: 'Fulfilment', handlers: [{ name: 'Fulfil' }] }] } as unknown as Scenario;
  const order = published('m-1', 'OrderPlaced', 'Checkout', 1, { body: { orderId: 'o-1' } });
  const ship = (tick: number, caller: string, handler: string) =>
    ({ kind: 'external.called', tick, actor: 'Warehouse', data: { external: 'Warehouse', operation: 'ship', body: { orderId: 'o-1' }, key: 'o-1', caller, handler, callId: `k-${tick}`, outcome: 'applied' } });
  const options = { effects: [{ type: 'OrderPlaced', external: 'Warehouse', field: 'orderId', by: 'Fulfilment/Fulfil' }] };

  it('counts the call the named handler made', () => {
    const errors = run('no-loss', trace(order, ship(5, 'Fulfilment', 'Fulfil')), options, scenario).errors.filter((e) => e.anomaly === 'effect-lost');
    expect(errors).toEqual([]);
  });

  it('a call from an earlier step is a shortcut, not the message\'s effect, and is named', () => {
    const errors = run('no-loss', trace(order, ship(0, 'Checkout', 'Accept')), options, scenario).errors.filter((e) => e.anomaly === 'effect-lost');
    expect(errors.map((e) => e.explanation)).toEqual(['o-1 reached Warehouse from Checkout/Accept, not from Fulfilment/Fulfil: the call skipped the step whose job it is, so it is not OrderPlaced m-1\'s effect']);
  });

  it("with after, a call counts only after that call completed in the same delivery", () => {
    const sb = { ...scenario, services: [...(scenario.services as unknown[]), { name: 'Templates', handlers: [{ name: 'Render' }] }] } as unknown as Scenario;
    const rendered = (tick: number, deliveryId: string) => ({ kind: 'call.completed', tick, actor: 'Fulfilment', messageId: `c-${tick}`, causationId: 'm-1', deliveryId, data: { from: 'Fulfilment', to: 'Templates', operation: 'Render', callId: `c-${tick}`, durationTicks: 1 } });
    const shipIn = (tick: number, deliveryId: string) => ({ ...ship(tick, 'Fulfilment', 'Fulfil'), messageId: 'm-1', deliveryId });
    const after = { effects: [{ ...options.effects[0], after: 'Templates.Render' }] };
    const lost = (...events: Parameters<typeof trace>) => run('no-loss', trace(order, ...events), after, sb).errors.filter((e) => e.anomaly === 'effect-lost').map((e) => e.explanation);
    expect(lost(rendered(3, 'd-1'), shipIn(5, 'd-1'))).toEqual([]);
    expect(lost(shipIn(5, 'd-1'))).toEqual(['o-1 reached Warehouse from Fulfilment/Fulfil without a completed Templates.Render before it in that delivery: the step it depends on was skipped or its failure swallowed, so it is not OrderPlaced m-1\'s effect']);
    expect(lost(rendered(3, 'd-0'), shipIn(5, 'd-1'))).toHaveLength(1);
    expect(checks['no-loss']!.validate!({ after: 'x', ...after, effects: [{ ...after.effects[0], after: 'Faxes.Send' }] }, sb).map((i) => i.path)).toEqual(['effects[0].after']);
  });

  it('with rendered, a call counts only with the text the template gives for its own body', () => {
    const notify = (text: string) => ({ kind: 'external.called', tick: 5, actor: 'Warehouse', data: { external: 'Warehouse', operation: 'ship', body: { orderId: 'o-1', text }, key: 'o-1', caller: 'Fulfilment', handler: 'Fulfil', callId: 'k-5', outcome: 'applied' } });
    const rendered = { effects: [{ ...options.effects[0], rendered: { field: 'text', template: 'order {orderId} ships' } }] };
    const lost = (...events: Parameters<typeof trace>) => run('no-loss', trace(order, ...events), rendered, scenario).errors.filter((e) => e.anomaly === 'effect-lost').map((e) => e.explanation);
    expect(lost(notify('order o-1 ships'))).toEqual([]);
    expect(lost(notify('your order ships'))).toEqual(['o-1 reached Warehouse from Fulfilment/Fulfil with text "your order ships", not "order o-1 ships" that the template gives for it: the rendered answer was not what was sent, so it is not OrderPlaced m-1\'s effect']);
    expect(checks['no-loss']!.validate!({ effects: [{ ...options.effects[0], rendered: { field: 'text', template: 'no fields' } }] }, scenario).map((i) => i.path)).toEqual(['effects[0].rendered']);
  });

  it('with receiptOf, a call counts only with a receipt the other external gave for the same key', () => {
    const sb = { ...scenario, externals: [{ name: 'Warehouse' }, { name: 'Carrier' }] } as unknown as Scenario;
    const booked = { kind: 'external.called', tick: 2, actor: 'Carrier', data: { external: 'Carrier', operation: 'book', body: { orderId: 'o-1' }, key: 'o-1', caller: 'Fulfilment', handler: 'Fulfil', callId: 'k-2', outcome: 'applied', receipt: 'Carrier-1' } };
    const label = (tracking: string) => ({ ...ship(5, 'Fulfilment', 'Fulfil'), data: { ...ship(5, 'Fulfilment', 'Fulfil').data, body: { orderId: 'o-1', tracking } } });
    const withReceipt = { effects: [{ ...options.effects[0], receiptOf: { field: 'tracking', external: 'Carrier' } }] };
    const lost = (...events: Parameters<typeof trace>) => run('no-loss', trace(order, ...events), withReceipt, sb).errors.filter((e) => e.anomaly === 'effect-lost').map((e) => e.explanation);
    expect(lost(booked, label('Carrier-1'))).toEqual([]);
    expect(lost(booked, label('TRK-o-1'))).toEqual(['o-1 reached Warehouse from Fulfilment/Fulfil with tracking "TRK-o-1", which Carrier never gave for o-1 (it gave "Carrier-1"): Carrier\'s answer was not what was sent, so it is not OrderPlaced m-1\'s effect']);
    expect(checks['no-loss']!.validate!({ effects: [{ ...options.effects[0], receiptOf: { field: 'tracking', external: 'Post' } }] }, sb).map((i) => i.path)).toEqual(['effects[0].receiptOf']);
  });

  it('refuses a handler the scenario does not have', () => {
    expect(checks['no-loss']!.validate!({ effects: [{ ...options.effects[0], by: 'Fulfilment/Ship' }] }, scenario).map((i) => i.path)).toEqual(['effects[0].by']);
  });
});
