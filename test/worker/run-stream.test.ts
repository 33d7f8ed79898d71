// The page's run stream against the simulator API in Node: bounded batches (each one is a
// main-thread task when it lands), the next batch requested before the current one is folded
// in, the same trace as a run to the end, and nothing left unhandled after cancel().

import { describe, expect, it } from 'vitest';
import { runScenario, chunkBuffers, foldTrace } from '../../src/engine/index';
import { defaultScenario } from '../../src/scenarios/index';
import { simulatorApi } from '../../src/worker/simulator-api';
import { BATCH_EVENTS, BATCH_MS, FIRST_BATCH_EVENTS, RunStream, type RunSource } from '../../src/ui/state/run.svelte';

function recordingSource(log: string[]): RunSource {
  return {
    open: async (r) => simulatorApi.open(r),
    next: async (id, n, ms) => {
      log.push(`next ${n}`);
      await Promise.resolve();
      const sent = simulatorApi.next(id, n, ms);
      const batch = structuredClone(sent, { transfer: chunkBuffers(sent.chunk) });
      log.push(`answer ${batch.from}+${batch.count}`);
      return batch;
    },
    close: async (id) => { log.push('close'); simulatorApi.close(id); },
  };
}

describe('RunStream', () => {
  const scenario = { ...defaultScenario, workload: defaultScenario.workload.map((w) => (w.kind === 'steady' ? { ...w, count: 300 } : w)) };

  it('streams in bounded batches, asking for the next before appending the current', async () => {
    const log: string[] = [];
    const run = new RunStream(scenario, 6, []);
    const appended: number[] = [];
    const append = run.append.bind(run);
    run.append = (batch) => { log.push(`append ${batch.from}`); appended.push(batch.count); append(batch); };
    await run.stream(recordingSource(log));
    const expected = runScenario(scenario, { seed: 6 });
    expect(run.status).toBe('done');
    expect([...run.trace]).toEqual(expected.trace);
    expect(JSON.stringify(run.trace)).toBe(JSON.stringify(expected.trace));
    // the page keeps the columns; the array builds what a view reads, the same object while it is read
    expect(Array.isArray(run.trace)).toBe(true);
    expect(run.trace.length).toBe(expected.trace.length);
    expect(run.trace[5]).toBe(run.trace[5]);
    expect(run.trace.at(-1)).toEqual(expected.trace.at(-1));
    expect(run.trace.filter((e) => e.kind === 'message.published').map((e) => e.seq)).toEqual(expected.trace.filter((e) => e.kind === 'message.published').map((e) => e.seq));
    expect(run.trace.slice(10, 20)).toEqual(expected.trace.slice(10, 20));
    expect(run.trace[expected.trace.length]).toBeUndefined();
    expect(() => { (run.trace as unknown as unknown[])[0] = null; }).toThrow(TypeError);
    expect(run.states.at(expected.trace.length).counts).toEqual(foldTrace(expected.trace).counts);
    expect(run.summary?.hash).toBe(expected.hash);
    expect(appended[0]).toBeLessThanOrEqual(FIRST_BATCH_EVENTS);
    expect(Math.max(...appended)).toBeLessThanOrEqual(BATCH_EVENTS);
    expect(BATCH_EVENTS).toBeLessThanOrEqual(2500);
    // Pipelined: the request for batch k+1 goes out before batch k is appended.
    const firstAppend = log.indexOf('append 0');
    expect(log.indexOf(`next ${BATCH_EVENTS}`)).toBeLessThan(firstAppend);
    expect(log.at(-1)).toBe('close');
  }, 60_000);

  it('asks the worker for batches bounded by time as well as by count', async () => {
    const asked: number[] = [];
    const run = new RunStream(scenario, 6, []);
    await run.stream({
      open: async (r) => simulatorApi.open(r),
      next: async (id, n, ms) => { asked.push(ms); return simulatorApi.next(id, n, ms); },
      close: async (id) => simulatorApi.close(id),
    });
    expect(run.status).toBe('done');
    expect(new Set(asked)).toEqual(new Set([BATCH_MS]));
  }, 60_000);

  it('stop() keeps what streamed, ends as stopped, asks for nothing more and closes the run', async () => {
    const run = new RunStream(scenario, 6, []);
    let calls = 0;
    let closed = false;
    await run.stream({
      open: async (r) => simulatorApi.open(r),
      next: async (id, n, ms) => {
        if (++calls === 3) run.stop();
        return simulatorApi.next(id, n, ms);
      },
      close: async (id) => { closed = true; simulatorApi.close(id); },
    });
    expect(run.status).toBe('stopped');
    expect(calls).toBe(3);
    expect(run.length).toBeGreaterThan(0);
    expect(run.summary).toBeNull();
    expect(closed).toBe(true);
  }, 60_000);

  it('stops on cancel without unhandled rejections from the request in flight', async () => {
    const run = new RunStream(scenario, 6, []);
    let calls = 0;
    const source: RunSource = {
      open: async (r) => simulatorApi.open(r),
      next: async (id, n) => {
        calls++;
        if (calls === 1) return simulatorApi.next(id, n);
        run.cancel(); // the second request is in flight when the user moves on…
        throw new Error('worker gone'); // …and it fails: nobody is listening any more

      },
      close: async (id) => simulatorApi.close(id),
    };
    await run.stream(source);
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toBe(2);
    expect(run.status).toBe('streaming');
    expect(run.error).toBeNull();
  });
});
