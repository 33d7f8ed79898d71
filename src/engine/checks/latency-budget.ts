// latency-budget: the flow's p99 latency — from a message's publish to its processing by the
// consumers that finish the flow — stays within a budget. A design that cannot keep up (one
// partition for 5,000 messages a second) builds a backlog and its latency grows without bound;
// a shared worker pool held by one slow receiver makes every other receiver wait (head-of-line
// blocking). `exceptKeys` judges the others only: the unreliable receiver itself may be slow.
//   { consumers: ["Service/Handler"], p99MaxTicks, keyField?, exceptKeys?, describe? }
// Fails with `too-slow`, naming the p99, the budget and the slowest messages (their publish and
// completion events); `nothing-measured` when no message finished the flow at all.

import type { Check, CheckError } from './types';
import { flowTimes, percentileTicks, selectionIssues, type FlowSelection } from './flow-times';
import { formatTicks } from './why';

interface Options extends FlowSelection {
  p99MaxTicks: number;
  describe?: string;
}

/** How many of the slowest messages a failure names. */
const SLOWEST_SHOWN = 3;

export const latencyBudget: Check = {
  name: 'latency-budget',
  title: 'Latency budget',
  description: "The flow's p99 time from publish to processed stays within p99MaxTicks.",
  validate(options) {
    const issues = selectionIssues(options);
    const p = (options as { p99MaxTicks?: unknown } | null)?.p99MaxTicks;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1) issues.push({ path: 'p99MaxTicks', message: 'must be a whole number of ticks ≥ 1' });
    return issues;
  },
  run({ trace, options }) {
    const o = options as unknown as Options;
    const times = flowTimes(trace, o);
    const who = o.consumers.join(', ');
    const goal = o.describe ? ` — ${o.describe}` : '';
    if (times.length === 0) return [{ anomaly: 'nothing-measured', explanation: `no message finished the flow at ${who}: there is no latency to judge${goal}`, eventRefs: [] }];
    const p99 = percentileTicks(times, 99)!;
    if (p99 <= o.p99MaxTicks) return [];
    const slowest = [...times].sort((a, b) => b.latencyTicks - a.latencyTicks || a.publishedSeq - b.publishedSeq).slice(0, SLOWEST_SHOWN);
    const error: CheckError = {
      anomaly: 'too-slow',
      explanation: `p99 latency ${formatTicks(p99)} ms from publish to ${who} over ${formatTicks(times.length)} messages${o.exceptKeys?.length ? ` (not counting ${o.exceptKeys.join(', ')})` : ''} is over the budget of ${formatTicks(o.p99MaxTicks)} ms; slowest: ${slowest.map((t) => `${t.messageId}${t.key !== undefined ? ` (${t.key})` : ''} ${formatTicks(t.latencyTicks)} ms`).join(', ')}${goal}`,
      eventRefs: slowest.flatMap((t) => [t.publishedSeq, t.completedSeq]).sort((a, b) => a - b),
    };
    return [error];
  },
};
