// A finished run's checks judged a piece at a time: when a batch's time is spent, the worker
// answers with how far the checks got (`checking`) instead of judging them all in one silent
// call, and the batch that ends the run carries the same summary as a run to the end. The page
// shows that progress where the verdict will appear.

import { describe, expect, it } from 'vitest';
import { runScenario, chunkBuffers } from '../../src/engine/index';
import { defaultScenario } from '../../src/scenarios/index';
import { simulatorApi, type TraceBatch } from '../../src/worker/simulator-api';
import { RunStream } from '../../src/ui/state/run.svelte';

describe('the summary of a streamed run', () => {
  const scenario = { ...defaultScenario, workload: defaultScenario.workload.map((w) => (w.kind === 'steady' ? { ...w, count: 200 } : w)) };
  const faults = [{ type: 'crash', service: 'Inventory', atTick: 501 }];

  it('with no time left in a batch, reports each check judged, then the summary of a run to the end', () => {
    const expected = runScenario(scenario, { seed: 6, faults });
    const opened = simulatorApi.open({ scenario, seed: 6, faults });
    if (!opened.ok) throw new Error('not opened');
    const batches: TraceBatch[] = [];
    for (let i = 0; i < 10_000; i++) {
      const batch = simulatorApi.next(opened.runId, 5000, 0);
      batches.push(batch);
      if (batch.done) break;
    }
    const progress = batches.filter((b) => b.checking).map((b) => b.checking);
    const names = expected.checks.map((c) => c.name);
    expect(names.length).toBe(3);
    // the batch with the last events has judged nothing yet; then one check per call
    expect(progress).toEqual(names.map((check, done) => ({ done, of: names.length, check })));
    expect(batches.filter((b) => b.checking).slice(1).every((b) => b.count === 0)).toBe(true);
    const last = batches.at(-1)!;
    expect(last.done).toBe(true);
    expect(last.checking).toBeUndefined();
    expect(last.summary).toEqual({ hash: expected.hash, endTick: expected.endTick, endReason: expected.endReason, events: expected.trace.length, checks: expected.checks, counts: expected.metrics.counts });
    expect(batches.filter((b) => b.done)).toHaveLength(1);
    simulatorApi.close(opened.runId);
  });

  it('with time to spare, the batch with the last events carries the summary (nothing to report)', () => {
    const opened = simulatorApi.open({ scenario, seed: 6, faults });
    if (!opened.ok) throw new Error('not opened');
    const batch = simulatorApi.next(opened.runId, 1_000_000);
    expect(batch.done).toBe(true);
    expect(batch.checking).toBeUndefined();
    expect(batch.summary?.checks.map((c) => c.name)).toEqual(['no-loss', 'dlq-accounted', 'db-predicate']);
    simulatorApi.close(opened.runId);
  });

  it('the page holds the progress while the checks run, and drops it with the verdict', async () => {
    const run = new RunStream(scenario, 6, faults);
    const seen: (string | null)[] = [];
    const append = run.append.bind(run);
    run.append = (batch) => {
      append(batch);
      seen.push(run.checking ? `${run.checking.done}/${run.checking.of} ${run.checking.check}` : null);
    };
    await run.stream({
      open: async (r) => simulatorApi.open(r),
      next: async (id, n) => {
        const sent = simulatorApi.next(id, n, 0);
        return structuredClone(sent, { transfer: chunkBuffers(sent.chunk) });
      },
      close: async (id) => simulatorApi.close(id),
    });
    expect(run.status).toBe('done');
    expect(seen.filter((s) => s !== null)).toEqual(['0/3 no-loss', '1/3 dlq-accounted', '2/3 db-predicate']);
    expect(seen.at(-1)).toBeNull();
    expect(run.checking).toBeNull();
    expect(run.summary?.hash).toBe(runScenario(scenario, { seed: 6, faults }).hash);
  }, 60_000);
});
