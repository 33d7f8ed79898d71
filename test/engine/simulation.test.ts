// Stepping, running to a tick, and seeking backwards and forwards through a run.
import { describe, expect, it } from 'vitest';
import { foldTrace, runScenario, Simulation, CHECKPOINT_EVERY, validateScenario, type RunState } from '../../src/engine/index';
import { defaultScenario } from '../../src/scenarios/index';
import { comparableState, oneQueueScenario } from './helpers';

const canonical = (state: RunState) => JSON.stringify(comparableState(state));

describe('simulation', () => {
  it('steps to the same trace as a full run', () => {
    const sim = new Simulation(defaultScenario, { seed: 5 });
    let steps = 0;
    while (sim.step()) steps++;
    expect(steps).toBeGreaterThan(10);
    expect(sim.trace).toEqual(runScenario(defaultScenario, { seed: 5 }).trace);
  });

  it('runs until a tick and no further', () => {
    const sim = new Simulation(defaultScenario, { seed: 5 });
    sim.runUntil(600);
    expect(sim.trace.at(-1)!.tick).toBeLessThanOrEqual(600);
    expect(sim.world.agenda.peekTick()!).toBeGreaterThan(600);
    expect(sim.done).toBe(false);
  });

  it('seeks backwards and forwards to the same state as folding the trace from the start', () => {
    const sim = new Simulation(oneQueueScenario(`export default async (m, ctx) => { await ctx.db.put('done', m.id, m.body); }`, { count: 3000, intervalTicks: 1 }));
    sim.runToEnd();
    const trace = sim.trace;
    expect(trace.length).toBeGreaterThan(3 * CHECKPOINT_EVERY);
    for (const position of [trace.length, 10, 2 * CHECKPOINT_EVERY + 17, 5, CHECKPOINT_EVERY, trace.length - 1, 0]) {
      const state = sim.seek(position);
      expect(state.position).toBe(position);
      expect(canonical(state)).toBe(canonical(foldTrace(trace, undefined, position)));
    }
  });

  it('shows queue depth, in-flight work and the database at a position', () => {
    const sim = new Simulation(defaultScenario, { seed: 6 });
    sim.runToEnd();
    const end = sim.seek(sim.trace.length);
    expect(end.entities.orders).toMatchObject({ ready: 0, inFlight: 0, deadLettered: 1 });
    expect(end.services.Ordering.db.get('orders')!.size).toBe(9);
    const firstDelivery = sim.trace.findIndex((e) => e.kind === 'message.delivered');
    const mid = sim.seek(firstDelivery + 1);
    expect(mid.entities.orders.inFlight).toBe(1);
    expect(mid.services.Inventory).toBeUndefined();
    expect(sim.seek(firstDelivery + 2).services.Inventory.running).toBe(1);
  });

  it('seeks forward past the computed trace by running on', () => {
    const sim = new Simulation(defaultScenario);
    const state = sim.seek(40);
    expect(sim.trace.length).toBeGreaterThanOrEqual(40);
    expect(state.position).toBe(40);
  });
});

describe('workload that publishes', () => {
  const scenario = (extra: Record<string, unknown> = {}) => ({
    ...oneQueueScenario(`export default async () => {}`, { count: 1 }),
    workload: [{ kind: 'steady' as const, publish: 'JobSubmitted', count: 3, intervalTicks: 50, body: { job: '{n}' }, ...extra }],
  });

  it('publishes catalog messages straight to the broker as an outside producer, one flow each', () => {
    const r = runScenario(scenario());
    const published = r.trace.filter((e) => e.kind === 'message.published');
    expect(published.map((e) => [e.tick, e.actor, (e.data as { via: string }).via, (e.data as { body: unknown }).body])).toEqual([
      [0, 'Workload', 'workload', { job: 1 }],
      [50, 'Workload', 'workload', { job: 2 }],
      [100, 'Workload', 'workload', { job: 3 }],
    ]);
    expect(new Set(published.map((e) => e.correlationId)).size).toBe(3);
    expect(r.trace.filter((e) => e.kind === 'message.acked')).toHaveLength(3);
  });

  it('refuses an unknown message type, or publish mixed with a handler', () => {
    expect(validateScenario(scenario({ publish: 'Nope' }))).toEqual([{ path: 'workload[0].publish', message: 'no message type "Nope" in the catalog' }]);
    expect(validateScenario(scenario({ service: 'Producer', handler: 'Submit' }))[0].message).toBe('give either publish (a message type) or service and handler, not both');
  });
});
