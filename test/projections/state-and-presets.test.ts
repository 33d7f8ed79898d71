// The state at the cursor (checkpointed fold) equals a fresh fold at every position, forwards
// and backwards; and one-click faults name the moment in the engine's terms.

import { describe, expect, it } from 'vitest';
import { foldTrace, type RunState } from '../../src/engine/state/fold';
import { comparableState } from '../engine/helpers';
import { TraceStates } from '../../src/projections/state-at';
import { deliveriesBefore, describeFault, messagesHandledBefore, plannedTick, presetsFor, templateFor, tickAt } from '../../src/projections/fault-presets';
import { ev, orderFlowTrace, traceOf } from './trace-fixture';

/** Commits interleaved with the order flow: inserts, overwrites and deletes in two services. */
const withCommits = traceOf(
  ...orderFlowTrace.flatMap((e, i) => [
    ev(e.kind, e.actor, e.data as never, { ...(e.messageId ? { messageId: e.messageId } : {}), ...(e.deliveryId ? { deliveryId: e.deliveryId } : {}) }),
    ev('db.committed', i % 2 ? 'Inventory' : 'Ordering', {
      service: i % 2 ? 'Inventory' : 'Ordering',
      writes: [
        { table: 'rows', key: `k-${i % 5}`, value: { i } },
        ...(i % 3 === 2 ? [{ table: 'rows', key: `k-${(i + 1) % 5}`, value: null }] : []),
        ...(i % 4 === 0 ? [{ table: `t-${i}`, key: 'only', value: i }] : []),
      ],
    }),
  ]),
);

describe('TraceStates', () => {
  it('gives the fold at any position, in any order, across checkpoints', () => {
    const trace = [...orderFlowTrace];
    const states = new TraceStates(trace, 4);
    const order = [16, 0, 5, 4, 9, 3, 12, 1, 16, 7];
    for (const p of order) expect(comparableState(states.at(p))).toEqual(comparableState(foldTrace(orderFlowTrace, undefined, p)));
  });

  it('restores checkpoints that share databases (snapshot every few) exactly, and never changes one by folding on', () => {
    for (const [every, dbEvery] of [[1, 3], [2, 2], [3, 4], [4, 8], [5, 1]] as const) {
      const trace = [...withCommits];
      const states = new TraceStates(trace, every, dbEvery);
      const held = (states as unknown as { checkpoints: RunState[] }).checkpoints;
      states.extend();
      const before = held.map(comparableState);
      const order = [...trace.keys(), trace.length].reverse().concat([7, 0, 3, 11, 2, trace.length, 5]);
      for (const p of order) expect(comparableState(states.at(p))).toEqual(comparableState(foldTrace(withCommits, undefined, p)));
      expect(held.map(comparableState)).toEqual(before);
      // Only snapshot checkpoints hold databases: the others replay the writes since.
      held.forEach((c, i) => {
        if (i % dbEvery !== 0) for (const svc of Object.values(c.services)) expect(svc.db.size).toBe(0);
      });
    }
  });

  it('follows a trace that grows', () => {
    const trace = orderFlowTrace.slice(0, 5);
    const states = new TraceStates(trace, 4);
    expect(states.at(100).position).toBe(5);
    trace.push(...orderFlowTrace.slice(5));
    expect(comparableState(states.at(100))).toEqual(comparableState(foldTrace(orderFlowTrace)));
  });
});

describe('fault presets', () => {
  const services = ['Ordering', 'Inventory', 'Payments'];
  const types = new Set(['crash', 'duplicate-delivery', 'handler-throws', 'broker-unreachable']);

  it('counts the moments before the cursor as the engine matcher does', () => {
    expect(tickAt(orderFlowTrace, 0)).toBe(0);
    expect(tickAt(orderFlowTrace, 8)).toBe(70);
    expect(deliveriesBefore(orderFlowTrace, 3, 'Inventory', services)).toBe(1);
    expect(deliveriesBefore(orderFlowTrace, 7, 'Inventory', services)).toBe(2);
    expect(messagesHandledBefore(orderFlowTrace, 16, 'Inventory')).toBe(1);
  });

  it('offers only the fault types the engine has, aimed after the cursor', () => {
    const presets = presetsFor('Inventory', { trace: orderFlowTrace, position: 8, services, types });
    expect(presets.map((p) => p.spec)).toEqual([
      { type: 'crash', service: 'Inventory', atTick: 71 },
      // "while it is busy": its second attempt is mid-work right after the cursor, so the same tick.
      { type: 'crash', service: 'Inventory', atTick: 71 },
      { type: 'duplicate-delivery', service: 'Inventory', nth: 3 },
      { type: 'handler-throws', service: 'Inventory', mode: 'poison', nth: 2 },
      { type: 'handler-throws', service: 'Inventory', mode: 'transient', failAttempts: 2, nth: 2 },
      { type: 'broker-unreachable', service: 'Inventory', fromTick: 71, durationTicks: 5000 },
    ]);
    expect(new Set(presets.map((p) => p.id)).size).toBe(presets.length);
  });

  it('prefills any type by shared option names, and describes plans', () => {
    expect(templateFor('db-outage', 'A', { trace: orderFlowTrace, position: 2 })).toEqual({ type: 'db-outage', service: 'A', fromTick: 11, durationTicks: 5000 });
    expect(templateFor('something-new', 'A', { trace: [], position: 0 })).toEqual({ type: 'something-new', service: 'A' });
    expect(plannedTick({ type: 'crash', atTick: 5 })).toBe(5);
    expect(plannedTick({ type: 'duplicate-delivery', nth: 2 })).toBeUndefined();
    expect(describeFault({ type: 'chaos', rates: { drop: 0.1 } })).toBe('chaos · rates {"drop":0.1}');
  });
});
