// Figures of a finished run's flows, pure functions of its trace: end-to-end latency per flow
// (first event to last handler completion), work committed twice (an attempt committing a
// message's work some earlier attempt had committed), and nearest-rank percentiles. The broker
// comparison (compare-brokers.ts) reports them, and the page's outcome table
// (projections/broker-outcomes.ts) reads the same functions, so both show the same numbers.

import type { TraceEvent } from '../trace/types';

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Per flow (correlation id): first event tick → last handler completion tick, with that completion's seq. */
export function flowLatencyEvents(trace: readonly TraceEvent[]): { ticks: number; seq: number }[] {
  const first = new Map<string, number>();
  const done = new Map<string, TraceEvent>();
  for (const e of trace) {
    const c = e.correlationId;
    if (!c) continue;
    if (!first.has(c)) first.set(c, e.tick);
    if (e.kind === 'handler.completed') done.set(c, e);
  }
  return [...done].map(([c, e]) => ({ ticks: e.tick - first.get(c)!, seq: e.seq })).sort((a, b) => a.ticks - b.ticks || a.seq - b.seq);
}

export function flowLatencies(trace: readonly TraceEvent[]): number[] {
  return flowLatencyEvents(trace).map((f) => f.ticks);
}

/** The db.committed events of attempts that committed a message's work again (per service and handler). */
export function duplicateCommits(trace: readonly TraceEvent[]): number[] {
  const open = new Map<string, string>();
  const committed = new Set<string>();
  const out: number[] = [];
  for (const e of trace) {
    if (!e.messageId) continue;
    const key = `${e.actor}|${e.messageId}|${e.deliveryId ?? ''}`;
    if (e.kind === 'handler.started') open.set(key, `${e.data.service}/${e.data.handler}|${e.messageId}`);
    else if (e.kind === 'db.committed') {
      const work = open.get(key);
      if (!work) continue;
      open.delete(key);
      if (committed.has(work)) out.push(e.seq);
      else committed.add(work);
    }
  }
  return out;
}

export function duplicatesProcessed(trace: readonly TraceEvent[]): number {
  return duplicateCommits(trace).length;
}
