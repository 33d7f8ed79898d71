// The Trace tab's flow index: fed a run's trace in streamed batches of any size, it lists the
// same flows (order of first appearance, failed or not) and gives each flow the same events as
// one full scan of the finished trace does; a flow over the limit is neither listed nor indexed.

import { describe, expect, it } from 'vitest';
import { runScenario, type TraceEvent } from '../../src/engine/index';
import { builtinScenarios } from '../../src/scenarios/index';
import { FlowIndex } from '../../src/projections/flow-index';

function fullScan(trace: readonly TraceEvent[]) {
  const flows = new Map<string, { id: string; failed: boolean }>();
  for (const e of trace) {
    const c = e.correlationId;
    if (!c) continue;
    const f = flows.get(c) ?? { id: c, failed: false };
    flows.set(c, f);
    if (e.kind === 'handler.failed' || e.kind === 'message.dead-lettered' || e.kind === 'request.refused') f.failed = true;
  }
  const eventsOf = (id: string) => trace.filter((e) => e.correlationId === id || (!e.correlationId && (e.kind === 'service.crashed' || e.kind === 'run.started')));
  return { flows: [...flows.values()], eventsOf };
}

describe('FlowIndex', () => {
  const traces = builtinScenarios.map((s) => runScenario(s, { seed: 1 }).trace);
  const trace = traces[0];
  const expected = fullScan(trace);

  it('streamed in batches, agrees with one full scan of the finished trace (every built-in scenario)', () => {
    let failedFlows = 0;
    let sharedEvents = 0;
    for (const t of traces) {
      const want = fullScan(t);
      failedFlows += want.flows.filter((f) => f.failed).length;
      for (const batch of [1, 97, t.length]) {
        const growing: TraceEvent[] = [];
        const index = new FlowIndex(growing, 10_000);
        for (let from = 0; from < t.length; from += batch) {
          growing.push(...t.slice(from, from + batch));
          index.update();
        }
        expect(index.flows()).toEqual(want.flows);
        for (const f of want.flows) expect(index.eventsOf(f.id)).toEqual(want.eventsOf(f.id));
      }
      sharedEvents += t.filter((e) => !e.correlationId && (e.kind === 'service.crashed' || e.kind === 'run.started')).length;
    }
    // The comparison covered failed flows and events shared by every flow, not only the easy case.
    expect(failedFlows).toBeGreaterThan(0);
    expect(sharedEvents).toBeGreaterThan(traces.length);
  });

  it('lists and indexes at most flowsMax flows, and knows its own trace', () => {
    const index = new FlowIndex(trace, 2);
    index.update();
    expect(index.flows()).toEqual(expected.flows.slice(0, 2));
    expect(index.eventsOf(expected.flows[2].id)).toEqual([]);
    expect(index.isFor(trace)).toBe(true);
    expect(index.isFor([...trace])).toBe(false);
  });
});
