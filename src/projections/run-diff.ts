// What changed between two runs of the same scenario, seed and fault plan — typically before
// and after the learner edited a handler. A pure projection of the two traces and their check
// results: a short summary a person reads first ("3 duplicate effects → 0; check
// no-duplicate-effect now passes"), and the messages whose story differs, so the diagram can
// highlight them.
//
// Messages are matched by id. Ids come from the seed in creation order, so as long as the edit
// does not change how many messages exist before a point, the same id is the same message; a
// message whose sequence of events (kinds, actors, errors) differs is "changed", one only in
// the new run is "added", one only in the old run is "removed".

import type { TraceEvent } from '../engine/trace/types';
import type { CheckResult } from '../engine/checks/types';

export interface RunSnapshot {
  trace: readonly TraceEvent[];
  checks: readonly CheckResult[];
  hash?: string;
}

export interface RunDiff {
  /** Same trace, byte for byte (by hash when both have one). */
  identical: boolean;
  /** One line per thing that changed, most important first. */
  summary: string[];
  /** Message ids whose events differ, in order of first appearance in the new run. */
  changedMessages: string[];
  addedMessages: string[];
  removedMessages: string[];
  /** Seqs in the new run of the events of changed or added messages (to highlight). */
  highlightSeqs: number[];
}

/** Outcome measures compared between runs, with how to say them. */
const MEASURES: { id: string; one: string; many: string; count: (trace: readonly TraceEvent[]) => number }[] = [
  { id: 'duplicate-effects', one: 'duplicate effect', many: 'duplicate effects', count: duplicateEffects },
  { id: 'failed', one: 'handler failure', many: 'handler failures', count: (t) => countKind(t, 'handler.failed') },
  { id: 'dead-lettered', one: 'dead-lettered message', many: 'dead-lettered messages', count: (t) => countKind(t, 'message.dead-lettered') },
  { id: 'retried', one: 'retry', many: 'retries', count: (t) => countKind(t, 'retry.scheduled') },
  { id: 'duplicates-skipped', one: 'duplicate skipped by the inbox', many: 'duplicates skipped by the inbox', count: (t) => countKind(t, 'inbox.duplicate-skipped') },
  { id: 'published', one: 'message published', many: 'messages published', count: (t) => countKind(t, 'message.published') },
  { id: 'acked', one: 'message acked', many: 'messages acked', count: (t) => countKind(t, 'message.acked') },
];

export function diffRuns(before: RunSnapshot, after: RunSnapshot): RunDiff {
  const identical = before.hash !== undefined && after.hash !== undefined ? before.hash === after.hash : sameTrace(before.trace, after.trace);
  const summary: string[] = [];
  for (const m of MEASURES) {
    const a = m.count(before.trace);
    const b = m.count(after.trace);
    if (a !== b) summary.push(`${a} ${a === 1 ? m.one : m.many} → ${b}`);
  }
  summary.push(...checkChanges(before.checks, after.checks));
  const storiesBefore = stories(before.trace);
  const storiesAfter = stories(after.trace);
  const changedMessages: string[] = [];
  const addedMessages: string[] = [];
  for (const [id, story] of storiesAfter) {
    const old = storiesBefore.get(id);
    if (old === undefined) addedMessages.push(id);
    else if (old !== story) changedMessages.push(id);
  }
  const removedMessages = [...storiesBefore.keys()].filter((id) => !storiesAfter.has(id));
  const marked = new Set([...changedMessages, ...addedMessages]);
  const highlightSeqs = after.trace.filter((e) => e.messageId !== undefined && marked.has(e.messageId)).map((e) => e.seq);
  if (identical) summary.splice(0, summary.length, 'no change: the same trace as the previous run');
  else if (changedMessages.length + addedMessages.length + removedMessages.length > 0) {
    summary.push(messageLine(changedMessages.length, addedMessages.length, removedMessages.length));
  } else if (summary.length === 0) summary.push('the trace changed, but no message took a different path');
  return { identical, summary, changedMessages, addedMessages, removedMessages, highlightSeqs };
}

function checkChanges(before: readonly CheckResult[], after: readonly CheckResult[]): string[] {
  const lines: string[] = [];
  const old = new Map(before.map((c) => [c.name, c]));
  for (const check of after) {
    const was = old.get(check.name);
    if (!was) continue;
    if (!was.valid && check.valid) lines.push(`check ${check.name} now passes`);
    else if (was.valid && !check.valid) lines.push(`check ${check.name} now fails`);
    else if (!check.valid && was.errors.length !== check.errors.length) lines.push(`check ${check.name}: ${was.errors.length} → ${check.errors.length} problems`);
  }
  return lines;
}

function messageLine(changed: number, added: number, removed: number): string {
  const parts: string[] = [];
  if (changed) parts.push(`${changed} message${changed === 1 ? '' : 's'} took a different path`);
  if (added) parts.push(`${added} new`);
  if (removed) parts.push(`${removed} no longer sent`);
  return parts.join(', ');
}

/** Each message's events, reduced to what matters for "did its story change?" (no ticks, no seqs). */
function stories(trace: readonly TraceEvent[]): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const e of trace) {
    if (e.messageId === undefined) continue;
    let list = out.get(e.messageId);
    if (!list) out.set(e.messageId, (list = []));
    const data = e.data as Record<string, unknown>;
    const detail = typeof data.error === 'string' ? `:${data.error}` : typeof data.type === 'string' ? `:${data.type}` : '';
    list.push(`${e.kind}@${e.actor}${detail}`);
  }
  return new Map([...out].map(([id, list]) => [id, list.join('|')]));
}

function duplicateEffects(trace: readonly TraceEvent[]): number {
  const seen = new Map<string, number>();
  let duplicates = 0;
  for (const e of trace) {
    // An external system acting twice on one business key (a replayed Idempotency-Key is not an effect).
    if (e.kind !== 'external.called' || e.data.outcome !== 'applied') continue;
    const k = `${e.data.external}\u0000${e.data.operation}\u0000${e.data.key}`;
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    if (n > 1) duplicates++;
  }
  return duplicates;
}

function countKind(trace: readonly TraceEvent[], kind: string): number {
  let n = 0;
  for (const e of trace) if (e.kind === kind) n++;
  return n;
}

function sameTrace(a: readonly TraceEvent[], b: readonly TraceEvent[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return false;
  return true;
}

/**
 * Where two runs part: the position of the first event that differs (kind, time, actor, data or
 * text), the shorter length when one run is the other's beginning, null when they are the same
 * run. A branch made at a cursor with a fault striking later shares everything before it.
 */
export function firstDivergence(a: readonly TraceEvent[], b: readonly TraceEvent[]): number | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return i;
  return a.length === b.length ? null : n;
}
