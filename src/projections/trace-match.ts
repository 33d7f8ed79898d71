// Naming a moment of a run as data. A lesson demo (and later a scenario) says which event is
// the one to look at — "the crash", "the second delivery of m-3", "the dead letter" — as a
// plain JSON matcher over trace events, and a numeric prediction says what to count the same
// way ("how many times does Shipping start ShipOrder?"). Both are answered from the trace alone,
// so the page can stop the demo there and the tests can prove a stated number from the run.

import type { TraceEvent } from '../engine/trace/types';

/** Which trace events count: every field given must hold. */
export interface EventMatch {
  /** Trace event kind(s), e.g. "service.crashed" or ["message.dead-lettered", "message.dropped"]. */
  kind: string | string[];
  /** The event's actor (a service, entity, "broker"…). */
  actor?: string;
  /** `data.service` of handler, db, inbox, outbox and service events. */
  service?: string;
  /** `data.handler` of handler and inbox events. */
  handler?: string;
  /** The type of the message the event concerns ("OrderPlaced"), from its publish. */
  messageType?: string;
  /** `data.entity` of broker events (a queue, subscription, partition). */
  entity?: string;
  messageId?: string;
  /** A substring of the event's explanation or error text. */
  text?: string;
  /** Top-level fields of the event's data, compared exactly (`{ partition: 0 }`). */
  data?: Record<string, string | number | boolean>;
}

/** A run's key moment: the nth event matching `match` (1-based; -1 is the last). */
export interface KeyMoment {
  /** What it is, in a few words: "the crash", "the duplicate", "the dead letter". */
  label: string;
  match: EventMatch;
  nth?: number;
}

const KNOWN = new Set(['kind', 'actor', 'service', 'handler', 'messageType', 'entity', 'messageId', 'text', 'data']);

/** Problems with a matcher read from content (an empty list when it is well-formed). */
export function matchIssues(m: unknown): string[] {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return ['must be { kind, service?, handler?, messageType?, entity?, messageId?, actor?, text?, data? }'];
  const o = m as Record<string, unknown>;
  const issues: string[] = [];
  const kinds = Array.isArray(o.kind) ? o.kind : [o.kind];
  if (kinds.length === 0 || !kinds.every((k) => typeof k === 'string' && /^[a-z]+\.[a-z-]+$/.test(k))) issues.push('kind must be a trace event kind like "service.crashed" (or a list of them)');
  for (const [k, v] of Object.entries(o)) {
    if (!KNOWN.has(k)) issues.push(`unknown field "${k}" (known: ${[...KNOWN].join(', ')})`);
    else if (k === 'data') {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.values(v).every((x) => ['string', 'number', 'boolean'].includes(typeof x))) issues.push('data must map field names to strings, numbers or booleans');
    } else if (k !== 'kind' && typeof v !== 'string') issues.push(`${k} must be a string`);
  }
  return issues;
}

/** Message id → type, from the publishes in the trace. */
export function messageTypes(trace: readonly TraceEvent[]): Map<string, string> {
  const types = new Map<string, string>();
  for (const e of trace) if (e.kind === 'message.published' && e.messageId) types.set(e.messageId, e.data.type);
  return types;
}

export function matchesEvent(e: TraceEvent, m: EventMatch, types: ReadonlyMap<string, string>): boolean {
  if (Array.isArray(m.kind) ? !m.kind.includes(e.kind) : m.kind !== e.kind) return false;
  const data = e.data as Record<string, unknown>;
  if (m.actor !== undefined && e.actor !== m.actor) return false;
  if (m.service !== undefined && data.service !== m.service) return false;
  if (m.handler !== undefined && data.handler !== m.handler) return false;
  if (m.entity !== undefined && data.entity !== m.entity) return false;
  if (m.messageId !== undefined && e.messageId !== m.messageId) return false;
  if (m.messageType !== undefined && (!e.messageId || types.get(e.messageId) !== m.messageType)) return false;
  if (m.data !== undefined && !Object.entries(m.data).every(([k, v]) => data[k] === v)) return false;
  if (m.text !== undefined) {
    const text = `${e.text ?? ''} ${typeof data.error === 'string' ? data.error : ''} ${typeof data.reason === 'string' ? data.reason : ''}`;
    if (!text.includes(m.text)) return false;
  }
  return true;
}

/** How many events of the trace match. */
export function countMatches(trace: readonly TraceEvent[], m: EventMatch): number {
  const types = messageTypes(trace);
  let n = 0;
  for (const e of trace) if (matchesEvent(e, m, types)) n++;
  return n;
}

/** The key moment's event, or undefined when the run has no such event. */
export function findKeyMoment(trace: readonly TraceEvent[], moment: KeyMoment): TraceEvent | undefined {
  const types = messageTypes(trace);
  const hits = trace.filter((e) => matchesEvent(e, moment.match, types));
  const nth = moment.nth ?? 1;
  return nth < 0 ? hits[hits.length + nth] : hits[nth - 1];
}
