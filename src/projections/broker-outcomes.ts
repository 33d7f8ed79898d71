// What a run's outcome is, in the figures the broker comparison sets side by side: messages
// delivered, work done twice (duplicates processed), dead letters, order violations per key and
// end-to-end latency (p50, p99). Each figure keeps its evidence — the trace events that make it —
// and the rule behind it: the explanation the broker or the engine recorded on the first of
// them (or on the event that led to it), so where two brokers differ the page can say why and
// show the events. Pure functions of a trace: the CLI and the page compute the same numbers.

import type { TraceEvent } from '../engine/trace/types';

export const OUTCOME_ROWS = [
  { name: 'delivered', label: 'delivered', better: 'equal' },
  { name: 'duplicatesProcessed', label: 'duplicates processed', better: 'lower' },
  { name: 'deadLettered', label: 'dead-lettered', better: 'lower' },
  { name: 'orderViolations', label: 'order violations per key', better: 'lower' },
  { name: 'latencyP50Ticks', label: 'end-to-end latency p50 (ms)', better: 'lower' },
  { name: 'latencyP99Ticks', label: 'end-to-end latency p99 (ms)', better: 'lower' },
] as const;
export type OutcomeName = (typeof OUTCOME_ROWS)[number]['name'];

export interface OutcomeFigure {
  value: number | null;
  /** Seqs of the events behind the figure (for a count beyond the plain case: the extra ones). */
  evidence: number[];
  /** The recorded explanation behind the first piece of evidence, when there is one. */
  rule: string | null;
}

export type BrokerOutcome = Record<OutcomeName, OutcomeFigure>;

export { percentile, flowLatencyEvents, flowLatencies, duplicateCommits, duplicatesProcessed } from '../engine/explore/flow-figures';
import { duplicateCommits, flowLatencyEvents, percentile } from '../engine/explore/flow-figures';

/**
 * Messages a consumer (service/handler) started after a later-published message of the same key:
 * the seq of the late message's first handler.started.
 */
export function orderViolations(trace: readonly TraceEvent[]): number[] {
  const published = new Map<string, { key: string; seq: number }>();
  const started = new Set<string>();
  const newest = new Map<string, number>();
  const out: number[] = [];
  for (const e of trace) {
    if (e.kind === 'message.published' && e.messageId && e.data.key !== undefined && !published.has(e.messageId)) published.set(e.messageId, { key: e.data.key, seq: e.seq });
    if (e.kind !== 'handler.started' || !e.messageId) continue;
    const p = published.get(e.messageId);
    const consumer = `${e.data.service}/${e.data.handler}`;
    if (!p || started.has(`${consumer}|${e.messageId}`)) continue;
    started.add(`${consumer}|${e.messageId}`);
    const lane = `${consumer}|${p.key}`;
    const ahead = newest.get(lane);
    if (ahead !== undefined && ahead > p.seq) out.push(e.seq);
    else newest.set(lane, p.seq);
  }
  return out;
}

/** Events whose explanation says why a message came again, late, or to the dead letters. */
const CAUSES = new Set(['message.abandoned', 'message.lock-expired', 'message.settle-failed', 'message.expired', 'handler.failed', 'offset.reset', 'group.rebalanced', 'group.rebalance-started', 'service.crashed']);
/** How far back a cause is looked for (events). */
const CAUSE_LOOKBACK = 5000;

/**
 * The rule behind event `seq`: the nearest earlier cause recorded about its message (abandoned,
 * lock expired, handler failed), about the log its delivery came from (an offset reset, a
 * rebalance) or the crash of its service; a dead letter's own explanation; else its own text.
 */
export function ruleBehind(trace: readonly TraceEvent[], seq: number): string | null {
  const e = trace[seq];
  if (!e) return null;
  if (e.kind === 'message.dead-lettered' && e.text) return e.text;
  const m = e.messageId;
  let entity: string | undefined = e.kind === 'message.delivered' ? e.data.entity : undefined;
  const service = e.kind === 'message.delivered' ? e.data.consumer.split(/[/#]/)[0] : e.actor;
  for (let i = seq - 1; i >= 0 && i >= seq - CAUSE_LOOKBACK; i--) {
    const x = trace[i]!;
    if (entity === undefined && m && x.messageId === m && x.kind === 'message.delivered') entity = x.data.entity;
    if (!x.text || !CAUSES.has(x.kind)) continue;
    if (m && x.messageId === m) return x.text;
    if (entity !== undefined && (x.kind === 'offset.reset' || x.kind.startsWith('group.')) && x.actor.split('/')[0] === entity.split('/')[0]) return x.text;
    if (x.kind === 'service.crashed' && x.actor === service) return x.text;
  }
  return e.text ?? null;
}

/** Redeliveries: each message.delivered to a consumer that had that message before. */
function redeliveries(trace: readonly TraceEvent[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  for (const e of trace) {
    if (e.kind !== 'message.delivered' || !e.messageId) continue;
    const k = `${e.data.consumer}|${e.messageId}`;
    if (seen.has(k)) out.push(e.seq);
    else seen.add(k);
  }
  return out;
}

function figure(trace: readonly TraceEvent[], value: number | null, evidence: number[]): OutcomeFigure {
  return { value, evidence, rule: evidence.length > 0 ? ruleBehind(trace, evidence[0]!) : null };
}

export function brokerOutcome(trace: readonly TraceEvent[]): BrokerOutcome {
  const delivered = trace.filter((e) => e.kind === 'message.delivered').length;
  const dead = trace.filter((e) => e.kind === 'message.dead-lettered').map((e) => e.seq);
  const duplicates = duplicateCommits(trace);
  const late = orderViolations(trace);
  const flows = flowLatencyEvents(trace);
  const at = (p: number): OutcomeFigure => {
    const v = percentile(flows.map((f) => f.ticks), p);
    const f = v === null ? undefined : flows.find((x) => x.ticks === v);
    if (!f) return { value: v, evidence: [], rule: null };
    const cause = ruleBehind(trace, f.seq);
    return { value: v, evidence: [f.seq], rule: `a flow that took ${v} ms from its first event to its last handler completion${cause ? `; before it: ${cause}` : ''}` };
  };
  return {
    delivered: figure(trace, delivered, redeliveries(trace)),
    duplicatesProcessed: figure(trace, duplicates.length, duplicates),
    deadLettered: figure(trace, dead.length, dead),
    orderViolations: figure(trace, late.length, late),
    latencyP50Ticks: at(50),
    latencyP99Ticks: at(99),
  };
}

/** Rows of the comparison whose figure is not the same on every broker. */
export function differingRows(outcomes: readonly BrokerOutcome[]): OutcomeName[] {
  return OUTCOME_ROWS.map((r) => r.name).filter((name) => new Set(outcomes.map((o) => o[name].value)).size > 1);
}
