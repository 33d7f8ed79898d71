// Flow times: how long each message took from its publish to its processing by the consumers
// that finish the flow (a handler.completed of one of them), measured on the trace. Shared by
// the latency-budget and throughput checks and by a capstone's figures, so the number a learner
// reads and the number a check judges are the same. A message processed twice counts once (its
// first completion); one never processed has no time (no-loss and processed-all judge those).

import type { TraceEvent } from '../trace/types';
import type { Json } from '../scenario/json';

export interface FlowTime {
  messageId: string;
  /** The message's key: `keyField` of its body, else its message key. */
  key: string | undefined;
  publishedTick: number;
  publishedSeq: number;
  completedTick: number;
  completedSeq: number;
  latencyTicks: number;
}

export interface FlowSelection {
  /** "Service/Handler" of the consumers whose completion ends a flow. */
  consumers: string[];
  /** Body field that names a message's key (default: the message key). */
  keyField?: string;
  /** Keys left out (the receiver a fault plan makes unreliable, when judging the others). */
  exceptKeys?: string[];
  /**
   * What ends a message's flow: 'handler' (default) its first handler.completed at one of the
   * consumers; 'acked' its first completion at the broker by one of the consumers' services
   * (`message.acked`) — a handler that returns without settling a message it must settle
   * (Service Bus with AutoCompleteMessages off) has not finished it until it is completed.
   */
  endsAt?: 'handler' | 'acked';
}

function bodyField(body: Json | undefined, field: string): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const v = body[field];
  return v === undefined || v === null ? undefined : String(v);
}

/** The publish (first one) of every message, with its key. */
export function publishes(trace: readonly TraceEvent[], keyField?: string): Map<string, { tick: number; seq: number; key: string | undefined; type: string }> {
  const out = new Map<string, { tick: number; seq: number; key: string | undefined; type: string }>();
  for (const e of trace) {
    if (e.kind !== 'message.published' || !e.messageId || out.has(e.messageId)) continue;
    out.set(e.messageId, { tick: e.tick, seq: e.seq, key: keyField === undefined ? e.data.key : bodyField(e.data.body, keyField), type: e.data.type });
  }
  return out;
}

/** Each message the consumers processed, with its time from publish to first completion. */
export function flowTimes(trace: readonly TraceEvent[], sel: FlowSelection): FlowTime[] {
  const pub = publishes(trace, sel.keyField);
  const consumers = new Set(sel.consumers);
  const except = new Set(sel.exceptKeys ?? []);
  const services = new Set(sel.consumers.map((c) => c.slice(0, c.indexOf('/'))));
  const acked = sel.endsAt === 'acked';
  const seen = new Set<string>();
  const out: FlowTime[] = [];
  for (const e of trace) {
    if (!e.messageId || seen.has(e.messageId)) continue;
    if (acked ? e.kind !== 'message.acked' || !services.has(e.data.consumer) : e.kind !== 'handler.completed' || !consumers.has(`${e.data.service}/${e.data.handler}`)) continue;
    const p = pub.get(e.messageId);
    if (!p || (p.key !== undefined && except.has(p.key))) continue;
    seen.add(e.messageId);
    out.push({ messageId: e.messageId, key: p.key, publishedTick: p.tick, publishedSeq: p.seq, completedTick: e.tick, completedSeq: e.seq, latencyTicks: e.tick - p.tick });
  }
  return out;
}

/** Nearest-rank percentile (p in 0..100) of the latencies; null for none. */
export function percentileTicks(times: readonly FlowTime[], p: number): number | null {
  if (times.length === 0) return null;
  const sorted = times.map((t) => t.latencyTicks).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Messages processed per second, from the first publish to the last completion (null for none). */
export function throughputPerSecond(times: readonly FlowTime[]): { perSecond: number; fromTick: number; toTick: number } | null {
  if (times.length === 0) return null;
  let from = Infinity;
  let to = -Infinity;
  for (const t of times) {
    from = Math.min(from, t.publishedTick);
    to = Math.max(to, t.completedTick);
  }
  return { perSecond: (times.length * 1000) / Math.max(1, to - from), fromTick: from, toTick: to };
}

/** Options every flow check shares, validated the same way. */
export function selectionIssues(options: Json | undefined): { path: string; message: string }[] {
  const o = (options ?? {}) as { consumers?: unknown; exceptKeys?: unknown; keyField?: unknown };
  const issues: { path: string; message: string }[] = [];
  if (!Array.isArray(o.consumers) || o.consumers.length === 0 || !o.consumers.every((c) => typeof c === 'string' && c.includes('/'))) issues.push({ path: 'consumers', message: 'must list "Service/Handler" names' });
  if (o.exceptKeys !== undefined && (!Array.isArray(o.exceptKeys) || !o.exceptKeys.every((k) => typeof k === 'string'))) issues.push({ path: 'exceptKeys', message: 'must be a list of keys' });
  if (o.keyField !== undefined && typeof o.keyField !== 'string') issues.push({ path: 'keyField', message: 'must be a body field name' });
  const endsAt = (options as { endsAt?: unknown } | undefined)?.endsAt;
  if (endsAt !== undefined && endsAt !== 'handler' && endsAt !== 'acked') issues.push({ path: 'endsAt', message: "must be 'handler' or 'acked'" });
  return issues;
}
