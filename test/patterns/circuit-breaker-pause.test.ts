// A pausing circuit breaker (the kill switch) takes exactly one trial when half-open: the
// consumer stops receiving again until the trial has an outcome, so the other waiting messages
// keep their delivery counts; a good trial closes the circuit and consumption resumes.
import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from '../../src/engine/index';
import { flow } from '../faults/flow';

const kinds = (r: RunResult, kind: string) => r.trace.filter((e) => e.kind === kind);

describe('circuit breaker in pause mode', () => {
  const run = () => runScenario(flow({ orders: 12, concurrency: 4, circuitBreaker: { tripThreshold: 2, resetAfterTicks: 400, mode: 'pause' } }), {
    seed: 1, faults: [{ type: 'db-outage', service: 'Inventory', fromTick: 0, durationTicks: 1500 }],
  });

  it('half-open admits one trial at a time; nothing fails fast, nothing is dead-lettered', () => {
    const r = run();
    expect(kinds(r, 'handler.failed').filter((e) => e.kind === 'handler.failed' && e.data.error.startsWith('CircuitOpen'))).toHaveLength(0);
    expect(kinds(r, 'message.dead-lettered')).toHaveLength(0);
    // between a half-open and the next state change, exactly one ReserveStock attempt starts
    const changes = kinds(r, 'circuit.changed');
    for (const [i, e] of changes.entries()) {
      if (e.kind !== 'circuit.changed' || e.data.state !== 'half-open') continue;
      const next = changes[i + 1];
      const trials = r.trace.filter((x) => x.kind === 'handler.started' && x.data.handler === 'ReserveStock' && x.seq > e.seq && (!next || x.seq < next.seq));
      expect(trials).toHaveLength(1);
    }
  });

  it('a good trial closes the circuit and the backlog drains; every check holds', () => {
    const r = run();
    const states = kinds(r, 'circuit.changed').map((e) => e.kind === 'circuit.changed' && e.data.state);
    expect(states.at(-1)).toBe('closed');
    expect(kinds(r, 'circuit.changed').at(-1)!.text).toMatch(/consumption resumes/);
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });
});
