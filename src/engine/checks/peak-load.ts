// peak-load: how hard a handler hits what it depends on. Every attempt of the handler is one
// call to its dependency (its database, a gateway); attempts an open circuit failed fast never
// reached it and do not count. `measure: 'rate'` (default) finds the most attempts that started
// within any `windowTicks` (a sliding window); `measure: 'concurrent'` the most attempts
// running at once. Above `max` the run fails with `overload`, naming the window and its
// attempts — a retry storm shows as a wall of attempts in one window. `measure: 'during-outage'`
// counts the attempts that started while the service's database was down (each outage of the
// run, whatever its fault plan), and allows `max` plus `perSecond` for every second it lasted:
// a breaker's threshold and then one trial per reset interval, where per-message backoff that
// finds the database back soon enough has every message probing on its own. Totals alone sit on
// their limits (4 messages retrying every 1,500 ms make exactly a breaker's 8 in 3 s), so
// `spaced: true` also judges the shape: attempts that try a message again within the same
// outage may start at most `perSecond` in any second — a breaker sends one trial at a time for
// the one common cause; messages that fail together and back off on their own come back
// together.
//   { service, handler?, max, windowTicks?: 100, measure?: 'rate' | 'concurrent' | 'during-outage',
//     perSecond?, spaced?, fromTick?, toTick?, describe?, calls? }   (only attempts starting in [fromTick, toTick) count)
// `calls: 'Acme'` counts the synchronous calls `service` makes to that service or external
// (call.started, whatever their outcome) instead of handler attempts: how hard a webhook
// dispatcher hits one receiver, which is down or slow — its own attempts serve every receiver.
// With `failedOnly: true` only the calls that failed count (refused, timed out, errored): a
// receiver catching up on a backlog at full speed is fine; hammering one that does not answer is
// not.
// `nacked: true` counts the publishes of `service` the broker refused with a basic.nack
// (RabbitMQ publisher confirms, `publish.confirmed` outcome nack) instead: a publisher that
// answers a full queue by publishing again at once hammers the broker it should give room to.
// or { rules: [that, …] } when a lesson bounds more than one thing (a retry storm after an
// outage, and the hammering while it lasts).

import type { Check, CheckError } from './types';
import type { TraceEvent } from '../trace/types';
import type { FaultSpec } from '../scenario/types';
import { formatTicks } from './why';
import { outagesOf } from './outages';

export interface PeakLoadOptions {
  service: string;
  handler?: string;
  max: number;
  windowTicks?: number;
  measure?: 'rate' | 'concurrent' | 'during-outage';
  /** With 'during-outage': attempts allowed per second of outage, on top of `max`. */
  perSecond?: number;
  /** With 'during-outage': a message tried again in the same outage, at most `perSecond` in any 1,000 ms. */
  spaced?: boolean;
  fromTick?: number;
  toTick?: number;
  describe?: string;
  /** Count calls from `service` to this service or external instead of attempts. */
  calls?: string;
  /** With `calls`: count only the calls that failed. */
  failedOnly?: boolean;
  /** Count the publishes of `service` that the broker nacked (RabbitMQ publisher confirms) instead of attempts. */
  nacked?: boolean;
}

export interface Attempt {
  start: number;
  /** Tick the attempt ended (completed, failed, or its service crashed); null if it never did. */
  end: number | null;
  seq: number;
  messageId: string | null;
}

const FAILED_FAST = /^CircuitOpen\b/;

/** The attempts of `handler` (or of every handler of `service`) that reached the handler code. */
export function attemptsOf(trace: readonly TraceEvent[], service: string, handler?: string): Attempt[] {
  const open = new Map<string, Attempt[]>();
  const out: Attempt[] = [];
  const key = (e: TraceEvent, h: string) => `${h}\u0000${e.messageId ?? ''}\u0000${e.deliveryId ?? ''}`;
  const mine = (s: string, h: string) => s === service && (handler === undefined || h === handler);
  for (const e of trace) {
    if (e.kind === 'handler.started' && mine(e.data.service, e.data.handler)) {
      const a: Attempt = { start: e.tick, end: null, seq: e.seq, messageId: e.messageId ?? null };
      const k = key(e, e.data.handler);
      open.set(k, [...(open.get(k) ?? []), a]);
      out.push(a);
    } else if ((e.kind === 'handler.completed' || e.kind === 'handler.failed') && mine(e.data.service, e.data.handler)) {
      const list = open.get(key(e, e.data.handler));
      const a = list?.shift();
      if (!a) continue;
      a.end = e.tick;
      if (e.kind === 'handler.failed' && FAILED_FAST.test(e.data.error)) out.splice(out.indexOf(a), 1);
    } else if (e.kind === 'service.crashed' && e.data.service === service) {
      for (const list of open.values()) for (const a of list) a.end ??= e.tick;
      open.clear();
    }
  }
  return out;
}

/** The synchronous calls `service` made to `target` (its attempts at reaching it), each from start to answer. */
export function callsTo(trace: readonly TraceEvent[], service: string, target: string, failedOnly = false): Attempt[] {
  const open = new Map<string, Attempt>();
  const out: Attempt[] = [];
  const failed = new Set<Attempt>();
  for (const e of trace) {
    if (e.kind === 'call.started' && e.data.from === service && e.data.to === target) {
      const a: Attempt = { start: e.tick, end: null, seq: e.seq, messageId: e.messageId ?? null };
      open.set(e.data.callId, a);
      out.push(a);
    } else if (e.kind === 'call.completed' || e.kind === 'call.failed') {
      const a = open.get(e.data.callId);
      if (a) a.end = e.tick;
      if (a && e.kind === 'call.failed') failed.add(a);
    }
  }
  return failedOnly ? out.filter((a) => failed.has(a)) : out;
}

/** The publishes of `service` the broker answered with basic.nack (each a moment, not a span). */
export function nacksOf(trace: readonly TraceEvent[], service: string): Attempt[] {
  const out: Attempt[] = [];
  for (const e of trace) {
    if (e.kind === 'publish.confirmed' && e.data.outcome === 'nack' && e.data.publisher === service) out.push({ start: e.tick, end: e.tick, seq: e.seq, messageId: e.messageId ?? null });
  }
  return out;
}

/** The densest window: the most attempts starting within `window` ticks of each other. */
export function peakRate(attempts: Attempt[], window: number): { count: number; from: number; members: Attempt[] } {
  const sorted = [...attempts].sort((a, b) => a.start - b.start || a.seq - b.seq);
  let best = { count: 0, from: 0, members: [] as Attempt[] };
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi].start - sorted[lo].start >= window) lo++;
    if (hi - lo + 1 > best.count) best = { count: hi - lo + 1, from: sorted[lo].start, members: sorted.slice(lo, hi + 1) };
  }
  return best;
}

/** The most attempts running at once (an attempt that never ended runs to the end). */
export function peakConcurrent(attempts: Attempt[]): { count: number; at: number; members: Attempt[] } {
  const edges = attempts.flatMap((a) => [{ t: a.start, d: 1, a }, ...(a.end === null ? [] : [{ t: a.end, d: -1, a }])]);
  // ends before starts at the same tick: an attempt finishing frees its slot for the next
  edges.sort((x, y) => x.t - y.t || x.d - y.d || x.a.seq - y.a.seq);
  const running = new Set<Attempt>();
  let best = { count: 0, at: 0, members: [] as Attempt[] };
  for (const { t, d, a } of edges) {
    if (d === 1) running.add(a);
    else running.delete(a);
    if (running.size > best.count) best = { count: running.size, at: t, members: [...running] };
  }
  return best;
}

export const peakLoad: Check = {
  name: 'peak-load',
  title: 'Peak load on a dependency',
  description: 'A handler never makes more than `max` calls to its dependency within a window (or at once).',
  run(input) {
    const { trace, options } = input;
    const rules = (options as { rules?: unknown } | null)?.rules;
    const faults = input.faults ?? input.scenario.faults ?? [];
    if (Array.isArray(rules)) return rules.flatMap((r) => peakLoadErrors(trace, r as PeakLoadOptions, faults));
    return peakLoadErrors(trace, (options ?? {}) as unknown as PeakLoadOptions, faults);
  },
};

function peakLoadErrors(trace: readonly TraceEvent[], o: PeakLoadOptions, faults: readonly FaultSpec[]): CheckError[] {
  if (typeof o?.service !== 'string' || typeof o.max !== 'number') {
    return [{ anomaly: 'bad-options', explanation: 'peak-load needs { service, max } (and optionally handler, windowTicks, measure, fromTick, toTick)', eventRefs: [] }];
  }
  const from = o.fromTick ?? 0;
  const to = o.toTick ?? Infinity;
  const attempts = (o.nacked === true ? nacksOf(trace, o.service) : typeof o.calls === 'string' ? callsTo(trace, o.service, o.calls, o.failedOnly === true) : attemptsOf(trace, o.service, o.handler)).filter((a) => a.start >= from && a.start < to);
  const who = o.nacked === true ? `${o.service} (publishes the broker nacked)` : typeof o.calls === 'string' ? `${o.service} (calling ${o.calls}${o.failedOnly ? ', failed calls' : ''})` : `${o.service}${o.handler ? `.${o.handler}` : ''}`;
  const span = o.fromTick !== undefined || o.toTick !== undefined ? ` between ${formatTicks(from)} and ${to === Infinity ? 'the end' : formatTicks(to)}` : '';
  const goal = o.describe ? ` — ${o.describe}` : '';
  const errors: CheckError[] = [];
  if (o.measure === 'during-outage') {
    for (const out of outagesOf(trace, faults, o.service)) {
      const during = attempts.filter((a) => a.start >= out.fromTick && a.start < out.untilTick);
      const seconds = (out.untilTick - out.fromTick) / 1000;
      const allowed = o.max + Math.floor((o.perSecond ?? 0) * seconds);
      if (during.length > allowed) {
        errors.push({
          anomaly: 'overload',
          explanation: `${who} made ${during.length} attempts while the ${o.service} database was down (${formatTicks(out.fromTick)} to ${formatTicks(out.untilTick)} ms); at most ${allowed} may reach it in those ${formatTicks(out.untilTick - out.fromTick)} ms${goal}`,
          eventRefs: during.map((a) => a.seq).sort((a, b) => a - b),
        });
        continue;
      }
      if (!o.spaced) continue;
      const tried = new Set<string>();
      const again: Attempt[] = [];
      for (const a of [...during].sort((x, y) => x.start - y.start || x.seq - y.seq)) {
        if (a.messageId === null) continue;
        if (tried.has(a.messageId)) again.push(a);
        tried.add(a.messageId);
      }
      const peak = peakRate(again, 1000);
      const perSecond = Math.max(1, Math.floor(o.perSecond ?? 1));
      if (peak.count > perSecond) {
        errors.push({
          anomaly: 'overload',
          explanation: `${who} made ${peak.count} attempts within 1,000 ms from ${formatTicks(peak.from)} that tried a message again while the ${o.service} database was down (${formatTicks(out.fromTick)} to ${formatTicks(out.untilTick)} ms); at most ${perSecond} a second may probe it${goal}`,
          eventRefs: peak.members.map((a) => a.seq),
        });
      }
    }
    return errors;
  }
  if (o.measure === 'concurrent') {
    const peak = peakConcurrent(attempts);
    if (peak.count > o.max) {
      errors.push({
        anomaly: 'overload',
        explanation: `${who} ran ${peak.count} attempts at once at ${formatTicks(peak.at)}${span}; at most ${o.max} may run together${goal}`,
        eventRefs: peak.members.map((a) => a.seq).sort((a, b) => a - b),
      });
    }
    return errors;
  }
  const window = o.windowTicks ?? 100;
  const peak = peakRate(attempts, window);
  if (peak.count > o.max) {
    errors.push({
      anomaly: 'overload',
      explanation: `${who} made ${peak.count} ${o.nacked === true ? 'nacked publishes' : typeof o.calls === 'string' ? 'calls' : 'attempts'} within ${formatTicks(window)} ms from ${formatTicks(peak.from)}${span}; at most ${o.max} per ${formatTicks(window)} ms are allowed${goal}`,
      eventRefs: peak.members.map((a) => a.seq),
    });
  }
  return errors;
}
