// The cursor's state (TraceStates: checkpoints that share their trees, restored and folded on)
// equals a fold from scratch at every position of real runs — forwards, backwards and in random
// jumps — for several scenarios: the order flow, the order flow with crashes and restarts (a
// crash wipes what runs but the database survives), every built-in scenario under chaos, and
// random literal traces (fast-check). The reference fold reads built events; TraceStates reads
// the compact columns, as the page does.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation, applyEvent, emptyState, type FaultSpec, type Scenario, type TraceEvent } from '../../src/engine/index';
import { builtinScenarios, defaultScenario } from '../../src/scenarios/index';
import { TraceStates, type FoldSource } from '../../src/projections/state-at';
import { comparableState } from '../engine/helpers';
import { ev, traceOf } from './trace-fixture';

type Comparable = ReturnType<typeof comparableState>;

/** The state after each position 0…length (or only those in `wanted`), folded once from scratch over built events. */
function referenceStates(trace: readonly TraceEvent[], wanted?: ReadonlySet<number>): Comparable[] {
  const state = emptyState();
  const out: Comparable[] = [];
  for (let p = 0; p <= trace.length; p++) {
    if (p > 0) applyEvent(state, trace[p - 1]!);
    if (!wanted || wanted.has(p)) out[p] = comparableState(state);
  }
  return out;
}

/** Every position forwards, then backwards, then jumps in a fixed pseudo-random order. */
function visitOrder(length: number): number[] {
  const all = Array.from({ length: length + 1 }, (_, i) => i);
  let x = 7;
  const jumps = all.map(() => (x = (x * 1103515245 + 12345) % 2147483648) % (length + 1));
  return [...all, ...all.slice().reverse(), ...jumps];
}

function expectEveryPosition(source: FoldSource, trace: readonly TraceEvent[], every: number, label: string): void {
  const expected = referenceStates(trace);
  const states = new TraceStates(source, every);
  for (const p of visitOrder(trace.length)) expect(comparableState(states.at(p)), `${label} at ${p}`).toEqual(expected[p]);
}

function run(scenario: Scenario, seed: number, faults: FaultSpec[] = []) {
  const sim = new Simulation(scenario, { seed, faults, recordTrace: true });
  sim.runToEnd();
  return { sim, columns: sim.world.trace.columns, trace: sim.trace };
}

const chaos = (crash: number): FaultSpec => ({ type: 'chaos', rates: { duplicate: 0.1, throw: 0.1, delay: 0.05, crash } }) as FaultSpec;

describe('state at every position equals a fold from scratch', () => {
  it('the order flow, checkpoints every 7 and every 64 events', () => {
    const { columns, trace } = run(defaultScenario, 3);
    expect(trace.some((e) => e.kind === 'db.committed')).toBe(true);
    for (const every of [7, 64]) expectEveryPosition(columns, trace, every, `order-flow/${every}`);
  });

  it('the order flow with crashes and restarts: what ran is gone, the database is kept', () => {
    const faults: FaultSpec[] = [
      { type: 'crash', service: 'Inventory', point: 'after-commit-before-publish', restartAfterTicks: 300 } as FaultSpec,
      { type: 'crash', service: 'Ordering', atTick: 400, restartAfterTicks: 500 } as FaultSpec,
      chaos(0.05),
    ];
    const { columns, trace } = run(defaultScenario, 11, faults);
    const crashes = trace.filter((e) => e.kind === 'service.crashed');
    expect(crashes.length).toBeGreaterThanOrEqual(2);
    expect(trace.some((e) => e.kind === 'service.restarted')).toBe(true);
    expectEveryPosition(columns, trace, 16, 'order-flow crashes');
    // Across each crash: the service is down and idle, its committed tables unchanged.
    const states = new TraceStates(columns, 16);
    for (const crash of crashes) {
      if (crash.kind !== 'service.crashed') continue;
      const service = crash.data.service;
      const before = comparableState(states.at(crash.seq)).services[service];
      const after = comparableState(states.at(crash.seq + 1)).services[service]!;
      expect(after).toMatchObject({ up: false, running: 0 });
      expect(after.db).toEqual(before?.db ?? {});
    }
  });

  it('every built-in scenario under chaos, crashes included', () => {
    for (const scenario of builtinScenarios) {
      const { columns, trace } = run(scenario, 2, [chaos(0.02)]);
      expectEveryPosition(columns, trace, 32, scenario.id);
    }
  }, 120_000);

  it('a long run, sampled densely, with the page\'s checkpoint spacing', () => {
    const scenario = structuredClone(defaultScenario);
    const steady = scenario.workload.find((w) => w.kind === 'steady')!;
    scenario.workload = [...scenario.workload.filter((w) => w.kind !== 'steady'), { ...steady, count: 500, intervalTicks: 20 }];
    const { columns, trace } = run(scenario, 5, [{ type: 'crash', service: 'Inventory', atTick: 5000, restartAfterTicks: 200 } as FaultSpec]);
    expect(trace.length).toBeGreaterThan(8 * 1024);
    // Forwards and backwards: on, after and before every checkpoint and every 97th position; then jumps.
    const passes = 2 * (trace.length + 1);
    const sample = visitOrder(trace.length).filter((p, i) => (i < passes ? [0, 1, 1023].includes(p % 1024) || p % 97 === 0 : i % 41 === 0));
    const expected = referenceStates(trace, new Set(sample));
    const states = new TraceStates(columns);
    for (const p of sample) expect(comparableState(states.at(p)), `at ${p}`).toEqual(expected[p]);
  }, 120_000);
});

describe('state at any position of random traces (property)', () => {
  const services = ['A', 'B'];
  const entities = ['q1', 'q2'];
  /** One step of a random run: commits (inserts, overwrites, deletes), messages moving, crashes, restarts. */
  const step = fc.oneof(
    fc.record({
      kind: fc.constant('commit' as const),
      service: fc.constantFrom(...services),
      writes: fc.array(fc.record({ table: fc.constantFrom('orders', 'inbox', '__proto__'), key: fc.constantFrom('k1', 'k2', 'k3', 'k4', '__proto__'), value: fc.oneof(fc.constant(null), fc.integer(), fc.record({ n: fc.integer() })) }), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({ kind: fc.constantFrom('message.enqueued' as const, 'message.delivered' as const, 'message.acked' as const, 'message.abandoned' as const, 'message.dead-lettered' as const), entity: fc.constantFrom(...entities), id: fc.constantFrom('m-1', 'm-2', 'm-3') }),
    fc.record({ kind: fc.constantFrom('handler.started' as const, 'handler.completed' as const, 'service.crashed' as const, 'service.restarted' as const), service: fc.constantFrom(...services) }),
  );

  type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

  function traceFrom(steps: Step[]): TraceEvent[] {
    return traceOf(...steps.map((s) => {
      switch (s.kind) {
        case 'commit': return ev('db.committed', s.service, { service: s.service, writes: s.writes });
        case 'handler.started': return ev(s.kind, s.service, { service: s.service, handler: 'H', attempt: 1 });
        case 'handler.completed': return ev(s.kind, s.service, { service: s.service, handler: 'H', durationTicks: 1 });
        case 'service.crashed': return ev(s.kind, s.service, { service: s.service, lostInvocations: 0 });
        case 'service.restarted': return ev(s.kind, s.service, { service: s.service });
        default: return ev(s.kind, s.entity, { entity: s.entity } as never, { messageId: s.id });
      }
    }));
  }

  it('equals the fold from scratch for any checkpoint and database-snapshot spacing and visiting order', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 5 }), fc.array(fc.nat(), { maxLength: 30 }), (steps, every, dbEvery, jumps) => {
        const trace = traceFrom(steps);
        const expected = referenceStates(trace);
        const states = new TraceStates(trace, every, dbEvery);
        for (const j of [...jumps, trace.length, 0]) {
          const p = j % (trace.length + 1);
          expect(comparableState(states.at(p))).toEqual(expected[p]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
