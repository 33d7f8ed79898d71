// A capstone run's figures: the numbers a design review asks for, read from the run's trace with
// the same measurements the rubric's checks judge (engine/checks/flow-times, no-loss,
// per-key-order, effect-order) — throughput reached, p50/p99 latency in ticks (ms), messages
// lost, dead-lettered, and order violations. Pure; computed in the worker for every run of a
// verdict, so the report shows the figures of the runs that were judged.

import type { TraceEvent } from '../engine/trace/types';
import { flowTimes, percentileTicks, throughputPerSecond } from '../engine/checks/flow-times';
import { noLoss } from '../engine/checks/no-loss';
import { perKeyOrder } from '../engine/checks/per-key-order';
import { effectReorders } from '../engine/checks/effect-order';
import type { Scenario } from '../engine/scenario/types';
import type { FigureSpec } from './capstone-types';

export interface RunFigures {
  /** Messages that finished the flow (processed by its last consumers). */
  processed: number;
  /** Processed per second, first publish to last completion (0 when none). */
  throughputPerSecond: number;
  p50Ticks: number | null;
  p99Ticks: number | null;
  /** p99 of the keys reported apart (`exceptKeys`: the unreliable receiver), when there are any. */
  p99ExceptedTicks: number | null;
  /** Messages lost or left unprocessed (no-loss's anomalies). */
  lost: number;
  deadLettered: number;
  orderViolations: number;
  /** Virtual time the run took. */
  endTick: number;
}

export function runFigures(trace: readonly TraceEvent[], spec: FigureSpec, scenario: Scenario): RunFigures {
  const times = flowTimes(trace, spec);
  const excepted = spec.exceptKeys?.length ? flowTimes(trace, { consumers: spec.consumers, ...(spec.keyField ? { keyField: spec.keyField } : {}) }).filter((t) => t.key !== undefined && spec.exceptKeys!.includes(t.key)) : [];
  const rate = throughputPerSecond(times);
  const lost = noLoss.run({ trace, scenario, finalDb: {} }).length;
  let deadLettered = 0;
  for (const e of trace) if (e.kind === 'message.dead-lettered') deadLettered++;
  const orderViolations = spec.effectOrder
    ? effectReorders(trace, spec.effectOrder).length
    : perKeyOrder.run({ trace, scenario, finalDb: {}, options: { consumers: spec.consumers, ...(spec.keyField ? { keyField: spec.keyField } : {}) } }).filter((e) => e.anomaly === 'out-of-order').length;
  return {
    processed: times.length,
    throughputPerSecond: rate ? Math.round(rate.perSecond) : 0,
    p50Ticks: percentileTicks(times, 50),
    p99Ticks: percentileTicks(times, 99),
    p99ExceptedTicks: percentileTicks(excepted, 99),
    lost,
    deadLettered,
    orderViolations,
    endTick: trace.length > 0 ? trace[trace.length - 1]!.tick : 0,
  };
}
