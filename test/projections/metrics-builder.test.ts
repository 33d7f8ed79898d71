// The metric series folded batch by batch equals the series computed from the whole trace so
// far, whatever the batches, including runs long enough for the fine buckets to merge.

import { describe, expect, it } from 'vitest';
import { runScenario, type FaultSpec } from '../../src/engine/index';
import type { TraceEvent } from '../../src/engine/trace/types';
import { builtinScenarios } from '../../src/scenarios/index';
import { metricSeries, MetricsBuilder } from '../../src/projections/metrics';
import { traceOf, ev } from './trace-fixture';

function foldedInBatches(trace: readonly TraceEvent[], sizes: readonly number[]): void {
  const builder = new MetricsBuilder();
  let at = 0;
  for (let i = 0; at < trace.length; i++) {
    const next = Math.min(trace.length, at + sizes[i % sizes.length]!);
    builder.add(trace.slice(at, next));
    at = next;
    expect(builder.series()).toEqual(metricSeries(trace.slice(0, at)));
  }
}

describe('MetricsBuilder', () => {
  it('gives the series of the trace so far after every batch of a run with retries and dead letters', () => {
    const orderFlow = builtinScenarios.find((s) => s.id === 'order-flow')!;
    const faults = [{ type: 'crash', service: 'Inventory', atTick: 300, restartAfterTicks: 2000 }] as FaultSpec[];
    const { trace } = runScenario(orderFlow, { seed: 42, faults });
    foldedInBatches(trace, [1, 37, 250, 3]);
  });

  it('merges its fine buckets as the run grows long, and still agrees', () => {
    // Ticks from 0 to 3,000,000 ms, uneven: fine buckets of 1 ms merge to 10, 100, 1,000 ms.
    const events: ReturnType<typeof ev>[] = [];
    let tick = 0;
    for (let i = 0; i < 900; i++) {
      tick += 6 + ((i * 7919) % 6700);
      const m = `m-${i}`;
      const kinds = [
        ev('message.enqueued', 'q', { entity: 'q' } as never, { messageId: m, tick } as never),
        ev('message.delivered', 'q', { entity: 'q', consumer: 'A', props: {} } as never, { messageId: m, tick: tick + 3 } as never),
        i % 5 === 0 ? ev('handler.failed', 'A', { service: 'A', handler: 'H', error: 'x' } as never, { tick: tick + 4 } as never) : ev('handler.completed', 'A', { service: 'A', handler: 'H' } as never, { tick: tick + 4 } as never),
        i % 5 === 0 ? ev('message.dead-lettered', 'q', { entity: 'q', dlq: 'q.dlq', reason: 'x' } as never, { messageId: m, tick: tick + 5 } as never) : ev('message.acked', 'q', { entity: 'q' } as never, { messageId: m, tick: tick + 5 } as never),
      ];
      if (i % 7 === 0) kinds.push(ev('retry.scheduled', 'A', { service: 'A', handler: 'H', attempt: 2, delayTicks: 5 } as never, { tick: tick + 5 } as never));
      events.push(...kinds);
    }
    const trace = traceOf(...events);
    expect(trace.at(-1)!.tick).toBeGreaterThan(2_400_000);
    foldedInBatches(trace, [13, 400, 1, 97]);
  });
});
