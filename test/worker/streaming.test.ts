// The streaming simulator API without a Worker: a run opened and read batch by batch is the same
// trace (same hash) as one run to the end; the last batch carries the summary; bad fault plans
// come back as issues; the fault catalog is the engine's registry; seek folds at any position.

import { describe, expect, it } from 'vitest';
import { foldTrace, toPlainState, faultModels, runScenario, TraceColumns, appendChunk, chunkBuffers, type TraceEvent } from '../../src/engine/index';
import { defaultScenario } from '../../src/scenarios/index';
import { simulatorApi, type TraceBatch } from '../../src/worker/simulator-api';

function streamAll(runId: number, eventsMax: number): TraceBatch[] {
  const batches: TraceBatch[] = [];
  for (let i = 0; i < 10_000; i++) {
    const batch = simulatorApi.next(runId, eventsMax);
    // as the worker sends it: the column buffers transferred, not copied
    batches.push(structuredClone(batch, { transfer: chunkBuffers(batch.chunk) }));
    if (batch.done) break;
  }
  return batches;
}

/** The events of batches, read from a replica of the columns the batches carried. */
function eventsOf(batches: TraceBatch[]): TraceEvent[] {
  const replica = new TraceColumns();
  for (const b of batches) appendChunk(replica, b.chunk);
  return replica.slice(0, replica.length);
}

describe('simulatorApi streaming', () => {
  const seed = 6;
  const faults = [{ type: 'crash', service: 'Inventory', atTick: 501 }];

  it('streams the same trace as a run to the end, with the summary in the last batch', () => {
    const expected = runScenario(defaultScenario, { seed, faults });
    const opened = simulatorApi.open({ scenario: defaultScenario, seed, faults });
    expect(opened).toMatchObject({ ok: true, seed });
    if (!opened.ok) return;
    const batches = streamAll(opened.runId, 37);
    expect(batches.length).toBeGreaterThan(2);
    expect(batches.map((b) => b.from)).toEqual(batches.map((_, i) => i * 37));
    expect(eventsOf(batches)).toEqual(expected.trace);
    const last = batches.at(-1)!;
    expect(last.summary).toMatchObject({ hash: expected.hash, endTick: expected.endTick, events: expected.trace.length, checks: expected.checks });
    expect(batches.slice(0, -1).every((b) => b.summary === undefined && !b.done)).toBe(true);
    simulatorApi.close(opened.runId);
  });

  it('bounds a batch by time: a tiny budget gives small batches that still add up to the run', () => {
    const scenario = { ...defaultScenario, workload: defaultScenario.workload.map((w) => (w.kind === 'steady' ? { ...w, count: 100 } : w)) };
    const expected = runScenario(scenario, { seed, faults });
    const opened = simulatorApi.open({ scenario, seed, faults });
    if (!opened.ok) throw new Error('open failed');
    const batches: TraceBatch[] = [];
    for (let i = 0; i < 10_000; i++) {
      const batch = simulatorApi.next(opened.runId, 1_000_000, 0); // one agenda item per batch
      batches.push(batch);
      if (batch.done) break;
    }
    expect(batches.length).toBeGreaterThan(expected.trace.length / 50);
    expect(Math.max(...batches.map((b) => b.count))).toBeLessThan(50);
    expect(eventsOf(batches)).toEqual(expected.trace);
    expect(batches.at(-1)!.summary?.hash).toBe(expected.hash);
    simulatorApi.close(opened.runId);
  });

  it('seeks to any position of an open run', () => {
    const opened = simulatorApi.open({ scenario: defaultScenario, seed });
    if (!opened.ok) throw new Error('open failed');
    const trace = eventsOf(streamAll(opened.runId, 1000));
    for (const p of [120, 3, 0, trace.length]) expect(simulatorApi.seek(opened.runId, p)).toEqual(toPlainState(foldTrace(trace, undefined, p)));
    simulatorApi.close(opened.runId);
    expect(() => simulatorApi.next(opened.runId)).toThrow(/no open run/);
  });

  it('returns validation issues instead of throwing for a bad fault plan', () => {
    const opened = simulatorApi.open({ scenario: defaultScenario, seed, faults: [{ type: 'crash', service: 'Nobody', atTick: 1 }] });
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.issues.some((i) => /Nobody/.test(i.message))).toBe(true);
    expect(simulatorApi.validateFaults(defaultScenario, [{ type: 'crash', service: 'Inventory', atTick: 1 }])).toEqual([]);
    expect(simulatorApi.validateFaults(defaultScenario, [{ type: 'no-such-fault' }]).length).toBeGreaterThan(0);
  });

  it('lists the fault types of the engine registry', () => {
    expect(simulatorApi.faultTypes().map((f) => f.type).sort()).toEqual(Object.keys(faultModels).sort());
    expect(simulatorApi.faultTypes().every((f) => f.title && f.description)).toBe(true);
    expect(simulatorApi.brokerKinds()).toContain('generic');
  });
});
