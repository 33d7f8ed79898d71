// Where a business key's flow stopped. A check that expects a row per requested order ("every
// order ends reserved") says which keys fall short and why: it finds the requests and messages
// that carry the key in a body field, follows their flows (correlation ids), and names the last
// thing that went wrong on the way — a crash at a named point, a dead-letter, a failure, a
// message lost in transit — with its time and the events to show:
// "order-3: Ordering crashed after its commit and before its next publish or call went out at 1,200".

import type { Json } from '../scenario/json';
import type { TraceEvent } from '../trace/types';
import { eachOf, eventsWithAny } from './trace-source';
import { formatTicks, typeOf, type TraceIndex } from './why';

export interface Stopped {
  /** "Ordering crashed after its commit and before its next publish or call went out at 1,200". */
  text: string;
  seqs: number[];
}

/** What each named crash point means, said of the service that crashed there. */
const CRASH_POINT_PHRASES: Record<string, string> = {
  'before-handler': 'before its handler ran',
  'mid-transaction': 'inside its transaction, before the commit',
  'after-commit-before-publish': 'after its commit and before its next publish or call went out',
  'after-direct-put': 'right after a direct write (ctx.db.put), before its next step',
  'after-effect-before-ack': 'after its commit and before the ack',
  'before-ack': 'before the ack',
  'relay-after-publish-before-mark': 'after its outbox relay published and before it marked the row sent',
};

const bodyField = (body: Json | undefined, field: string): string | undefined => {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const v = (body as Record<string, Json>)[field];
  return v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
};

/**
 * Distinct values of `field` over what the outside world sent and was told was taken: requests
 * (workload and spikes) whose entry handler completed — a refused, failed or crashed request
 * told its caller no — and workload publishes, in order.
 */
export function requestedKeys(trace: readonly TraceEvent[], field: string): string[] {
  const answered = new Set<string>();
  for (const e of eachOf(trace, ['handler.completed'])) if (e.messageId) answered.add(e.messageId);
  const out = new Set<string>();
  for (const e of eachOf(trace, ['request.received', 'message.published'])) {
    const body = e.kind === 'request.received' && answered.has(e.messageId ?? '') ? e.data.body : e.kind === 'message.published' && e.data.via === 'workload' ? e.data.body : undefined;
    const v = bodyField(body, field);
    if (v !== undefined) out.add(v);
  }
  return [...out];
}

/** The first body the outside world sent (and was told was taken) for each value of `field`. */
export function requestedBodies(trace: readonly TraceEvent[], field: string): Map<string, Json> {
  const answered = new Set<string>();
  for (const e of eachOf(trace, ['handler.completed'])) if (e.messageId) answered.add(e.messageId);
  const out = new Map<string, Json>();
  for (const e of eachOf(trace, ['request.received', 'message.published'])) {
    const body = e.kind === 'request.received' && answered.has(e.messageId ?? '') ? e.data.body : e.kind === 'message.published' && e.data.via === 'workload' ? e.data.body : undefined;
    const v = bodyField(body, field);
    if (v !== undefined && !out.has(v)) out.set(v, body!);
  }
  return out;
}

/** Flows (correlation ids) whose requests or messages carry `key` in `field`. */
function flowsOf(trace: readonly TraceEvent[], field: string, key: string): Set<string> {
  const flows = new Set<string>();
  for (const e of eachOf(trace, ['request.received', 'message.published'])) {
    if (e.correlationId && bodyField(e.data.body, field) === key) flows.add(e.correlationId);
  }
  return flows;
}

/** The crash fault that struck right before `crash` on the same service, if any. */
function crashFault(flowEvents: TraceEvent[], crash: TraceEvent & { kind: 'service.crashed' }): (TraceEvent & { kind: 'fault.injected' }) | undefined {
  for (let i = flowEvents.length - 1; i >= 0; i--) {
    const f = flowEvents[i]!;
    if (f.seq > crash.seq) continue;
    if (f.kind === 'fault.injected' && f.data.fault === 'crash' && f.data.target === crash.data.service && f.tick === crash.tick) return f;
    if (f.seq < crash.seq && f.tick < crash.tick) break;
  }
  return undefined;
}

/** Does `e` concern `service`: its own handler, crash or call, or a queue it consumes? */
function concerns(e: TraceEvent, service: string, entities: Set<string>): boolean {
  if (e.actor === service) return true;
  const d = e.data as { service?: unknown; from?: unknown; entity?: unknown };
  return d.service === service || d.from === service || (typeof d.entity === 'string' && entities.has(d.entity));
}

/**
 * Why `key`'s flow did not get further: the last problem on it, else where it ended. With
 * `service` (the one whose table misses the row), a problem of that service's comes first: a
 * flow copied to two consumers can fail in each for its own reason.
 */
export function whyStopped(idx: TraceIndex, field: string, key: string, service?: string): Stopped {
  const flows = flowsOf(idx.trace, field, key);
  if (flows.size === 0) return { text: `no request or message ever carried ${field} ${key}`, seqs: [] };
  return whyFlowsStopped(idx, flows, service);
}

/**
 * The same for known flows (correlation ids): the last problem on them — `problem` is false
 * when there was none and the text only says where they ended.
 */
export function whyFlowsStopped(idx: TraceIndex, flows: Set<string>, service?: string): Stopped & { problem: boolean } {
  const flowEvents = eventsWithAny(idx.trace, 'correlationId', flows);
  // Crashes carry no flow: one counts when it killed a handler running for this flow.
  const running = new Map<string, number>();
  const events: TraceEvent[] = [];
  let f = 0;
  for (const crash of [...idx.crashes, { seq: Number.POSITIVE_INFINITY } as TraceEvent]) {
    for (; f < flowEvents.length && flowEvents[f]!.seq < crash.seq; f++) {
      const e = flowEvents[f]!;
      events.push(e);
      if (e.kind === 'handler.started') running.set(e.data.service, (running.get(e.data.service) ?? 0) + 1);
      if (e.kind === 'handler.completed' || e.kind === 'handler.failed') running.set(e.data.service, Math.max(0, (running.get(e.data.service) ?? 1) - 1));
    }
    if (crash.kind === 'service.crashed' && (running.get(crash.data.service) ?? 0) > 0) {
      events.push(crash);
      running.set(crash.data.service, 0);
    }
  }
  if (service !== undefined) {
    const entities = new Set<string>();
    for (const e of events) if (e.kind === 'message.delivered' && (e.data.consumer === service || e.data.consumer.startsWith(`${service}/`) || e.data.consumer.startsWith(`${service}#`))) entities.add(e.data.entity);
    for (let i = events.length - 1; i >= 0; i--) {
      if (!concerns(events[i]!, service, entities)) continue;
      const told = tell(idx, events[i]!, events);
      if (told) return { ...told, problem: true };
    }
  }
  for (let i = events.length - 1; i >= 0; i--) {
    const told = tell(idx, events[i]!, events);
    if (told) return { ...told, problem: true };
  }
  // Nothing went wrong on the way: it was never sent where the table's service listens.
  if (service !== undefined && !events.some((e) => e.kind === 'handler.started' && e.data.service === service)) {
    const went = [...new Set(events.flatMap((e) => (e.kind === 'message.enqueued' ? [e.data.entity] : [])))];
    return { text: `no message about it ever reached ${service}${went.length ? ` (its messages went to ${went.join(', ')} only)` : ''}`, seqs: events.filter((e) => e.kind === 'message.published').map((e) => e.seq).slice(0, 6), problem: false };
  }
  // It reached the service, which finished without committing anything for it.
  const handled = service !== undefined ? events.filter((e) => e.kind === 'handler.completed' && e.data.service === service) : [];
  if (handled.length > 0 && !events.some((e) => e.kind === 'db.committed' && e.data.service === service)) {
    const h = handled[handled.length - 1]!;
    return { text: `${service} handled it at ${formatTicks(h.tick)} and committed nothing for it`, seqs: handled.map((e) => e.seq).slice(-6), problem: false };
  }
  const last = events[events.length - 1];
  if (!last) return { text: 'nothing happened on its flow', seqs: [], problem: false };
  return { text: `its flow ended at ${formatTicks(last.tick)} with ${last.kind}${last.text ? ` (${last.text})` : ''}`, seqs: [last.seq], problem: false };
}

/** One problem on a flow as a sentence, or null when the event is not a problem. */
function tell(idx: TraceIndex, e: TraceEvent, flowEvents: TraceEvent[]): Stopped | null {
  const at = formatTicks(e.tick);
  const what = () => `${typeOf(idx, e.messageId)} ${e.messageId}`;
  switch (e.kind) {
    case 'service.crashed': {
      const fault = crashFault(flowEvents, e);
      const point = fault?.data.details?.point;
      const phrase = typeof point === 'string' ? CRASH_POINT_PHRASES[point] : undefined;
      return phrase
        ? { text: `${e.data.service} crashed ${phrase} at ${at}`, seqs: [fault!.seq, e.seq] }
        : { text: `${e.data.service} crashed at ${at} while handling it`, seqs: [...(fault ? [fault.seq] : []), e.seq] };
    }
    case 'message.dead-lettered': return { text: `${what()} was dead-lettered to ${e.data.dlq} at ${at}: ${e.data.reason}`, seqs: [e.seq] };
    case 'message.dropped': return { text: `${what()} was lost on the way to ${e.data.entity} at ${at}: ${e.data.reason}`, seqs: [e.seq] };
    case 'message.unroutable': return { text: `${what()} had nowhere to go at ${at} (no entity ${e.data.destination})`, seqs: [e.seq] };
    case 'message.expired': return { text: `${what()} expired in ${e.data.entity} at ${at}`, seqs: [e.seq] };
    case 'message.send-failed': return { text: `${e.actor} could not send ${what()} at ${at}: ${e.data.reason}`, seqs: [e.seq] };
    case 'request.refused': return { text: `the request to ${e.data.service}.${e.data.handler} was refused at ${at}: ${e.data.reason}`, seqs: [e.seq] };
    case 'handler.failed': return { text: `${e.data.service}.${e.data.handler} failed at ${at}: ${e.data.error}`, seqs: [e.seq] };
    case 'call.failed': return { text: `${e.data.from}'s call to ${e.data.to}.${e.data.operation} failed at ${at}: ${e.data.error}`, seqs: [e.seq] };
    case 'fault.injected': return e.data.fault === 'crash' ? null : { text: `${e.text ?? `fault ${e.data.fault}`} at ${at}`, seqs: [e.seq] };
    default: return null;
  }
}
