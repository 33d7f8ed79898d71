// throughput: the consumers that finish a flow process at least `minPerSecond` messages a second,
// measured from the first publish to the last completion. Offered 5,000 messages a second, a
// design that drains them at 500 takes ten times as long as the load lasted: the backlog is the
// difference, and it shows here as the rate actually reached. `minMessages` also wants that many
// processed (a design that processes almost nothing, quickly, reaches no throughput at all).
//   { consumers: ["Service/Handler"], minPerSecond, minMessages?, keyField?, exceptKeys?, describe? }

import type { Check } from './types';
import { flowTimes, selectionIssues, throughputPerSecond, type FlowSelection } from './flow-times';
import { formatTicks } from './why';

interface Options extends FlowSelection {
  minPerSecond: number;
  minMessages?: number;
  describe?: string;
}

export const throughput: Check = {
  name: 'throughput',
  title: 'Throughput reached',
  description: 'The flow processes at least minPerSecond messages a second, first publish to last completion.',
  validate(options) {
    const issues = selectionIssues(options);
    const o = (options ?? {}) as { minPerSecond?: unknown; minMessages?: unknown };
    if (typeof o.minPerSecond !== 'number' || !(o.minPerSecond > 0)) issues.push({ path: 'minPerSecond', message: 'must be a number > 0' });
    if (o.minMessages !== undefined && (typeof o.minMessages !== 'number' || !Number.isInteger(o.minMessages) || o.minMessages < 0)) issues.push({ path: 'minMessages', message: 'must be a whole number ≥ 0' });
    return issues;
  },
  run({ trace, options }) {
    const o = options as unknown as Options;
    const times = flowTimes(trace, o);
    const who = o.consumers.join(', ');
    const goal = o.describe ? ` — ${o.describe}` : '';
    if (o.minMessages !== undefined && times.length < o.minMessages) {
      return [{ anomaly: 'below-throughput', explanation: `${who} processed ${formatTicks(times.length)} messages; at least ${formatTicks(o.minMessages)} were expected${goal}`, eventRefs: [] }];
    }
    const rate = throughputPerSecond(times);
    if (!rate) return [{ anomaly: 'below-throughput', explanation: `${who} processed nothing${goal}`, eventRefs: [] }];
    if (rate.perSecond >= o.minPerSecond) return [];
    const first = times.reduce((a, b) => (b.publishedSeq < a.publishedSeq ? b : a));
    const last = times.reduce((a, b) => (b.completedSeq > a.completedSeq ? b : a));
    return [{
      anomaly: 'below-throughput',
      explanation: `${who} processed ${formatTicks(times.length)} messages in ${formatTicks(rate.toTick - rate.fromTick)} ms (first publish to last completion): ${formatTicks(Math.round(rate.perSecond))} per second, below the ${formatTicks(o.minPerSecond)} per second the flow must sustain — the rest waited as a backlog${goal}`,
      eventRefs: [first.publishedSeq, last.completedSeq],
    }];
  },
};
