// The inspector's projection: everything the trace knows about one message — its headers and
// broker properties, its body, every event that concerns it — and its causal "why" chain:
// what caused it (following causation ids up to the request that started the flow) and what it
// caused (the messages published while handling it, recursively). Causation ids are the
// messaging world's own answer to "why did this happen?"; we only follow them.

import type { Json } from '../engine/scenario/json';
import type { TraceEvent, TraceEventOf } from '../engine/trace/types';

export interface MessageRef {
  messageId: string;
  type: string;
  /** Who published it (or the service a request came into). */
  producer: string;
  seq: number;
  tick: number;
}

export interface Effect extends MessageRef {
  effects: Effect[];
}

export interface DeliveryInfo {
  seq: number;
  tick: number;
  deliveryId?: string;
  entity: string;
  consumer: string;
  props: Record<string, Json>;
}

export interface MessageInspection {
  messageId: string;
  type: string;
  messageKind: 'event' | 'command' | 'request';
  destination?: string;
  correlationId?: string;
  causationId?: string;
  headers: Record<string, Json>;
  body: Json;
  deliveries: DeliveryInfo[];
  /** Seqs of every event about this message, in order. */
  eventSeqs: number[];
  /** Root first, ending with this message's direct cause. */
  causes: MessageRef[];
  effects: Effect[];
  /** One line per event about the message, for reading its story top to bottom. */
  story: { seq: number; tick: number; kind: string; text: string }[];
}

const EFFECTS_DEPTH_MAX = 8;

type Origin = TraceEventOf<'message.published'> | TraceEventOf<'request.received'>;

function refOf(e: Origin): MessageRef {
  const type = e.kind === 'message.published' ? e.data.type : `${e.data.handler} request`;
  return { messageId: e.messageId ?? '', type, producer: e.actor, seq: e.seq, tick: e.tick };
}

/** One readable line for an event about a message, using the engine's own text where given. */
export function describeEvent(e: TraceEvent): string {
  if (e.text) return e.text;
  switch (e.kind) {
    case 'message.published': return `${e.actor} published ${e.data.type} to ${e.data.destination}${e.data.via === 'outbox' ? ' via its outbox' : ''}`;
    case 'message.enqueued': return `enqueued in ${e.data.entity}`;
    case 'message.delivered': return `delivered from ${e.data.entity} to ${e.data.consumer}`;
    case 'handler.started': return `${e.data.service}.${e.data.handler} started (attempt ${e.data.attempt})`;
    case 'handler.completed': return `${e.data.service}.${e.data.handler} completed in ${e.data.durationTicks} ms`;
    case 'handler.failed': return `${e.data.service}.${e.data.handler} failed: ${e.data.error}`;
    case 'db.committed': return `${e.data.service} committed ${e.data.writes.length} write(s)`;
    case 'message.acked': return `acked by ${e.data.consumer}: removed from ${e.data.entity}`;
    case 'message.abandoned': return `abandoned by ${e.data.consumer}${e.data.requeued ? ': back in the queue' : ''}`;
    case 'message.dead-lettered': return `dead-lettered to ${e.data.dlq}: ${e.data.reason}`;
    case 'fault.injected': return `fault ${e.data.fault} on ${e.data.target}`;
    default: return e.kind;
  }
}

/** Indexes the trace once per call: origins by message id and children by causation id. */
function index(trace: readonly TraceEvent[]) {
  const origin = new Map<string, Origin>();
  const children = new Map<string, Origin[]>();
  for (const e of trace) {
    if ((e.kind === 'message.published' || e.kind === 'request.received') && e.messageId && !origin.has(e.messageId)) {
      origin.set(e.messageId, e);
      if (e.causationId) {
        const list = children.get(e.causationId) ?? [];
        list.push(e);
        children.set(e.causationId, list);
      }
    }
  }
  return { origin, children };
}

function effectsOf(id: string, children: Map<string, Origin[]>, depth: number, seen: Set<string>): Effect[] {
  if (depth >= EFFECTS_DEPTH_MAX) return [];
  return (children.get(id) ?? []).filter((c) => !seen.has(c.messageId!)).map((c) => {
    seen.add(c.messageId!);
    return { ...refOf(c), effects: effectsOf(c.messageId!, children, depth + 1, seen) };
  });
}

/** The inspection of message `messageId`, or null when no event names it. */
export function inspectMessage(trace: readonly TraceEvent[], messageId: string): MessageInspection | null {
  const { origin, children } = index(trace);
  const about = trace.filter((e) => e.messageId === messageId);
  if (about.length === 0) return null;
  const first = origin.get(messageId);
  const causes: MessageRef[] = [];
  const seen = new Set([messageId]);
  for (let cause = first?.causationId; cause && !seen.has(cause); ) {
    seen.add(cause);
    const o = origin.get(cause);
    if (!o) {
      causes.unshift({ messageId: cause, type: '?', producer: '?', seq: -1, tick: -1 });
      break;
    }
    causes.unshift(refOf(o));
    cause = o.causationId;
  }
  const published = first?.kind === 'message.published' ? first : undefined;
  const request = first?.kind === 'request.received' ? first : undefined;
  const deliveries: DeliveryInfo[] = about
    .filter((e): e is TraceEventOf<'message.delivered'> => e.kind === 'message.delivered')
    .map((e) => ({ seq: e.seq, tick: e.tick, ...(e.deliveryId ? { deliveryId: e.deliveryId } : {}), entity: e.data.entity, consumer: e.data.consumer, props: e.data.props }));
  const correlationId = first?.correlationId ?? about.find((e) => e.correlationId)?.correlationId;
  const refused = published || request ? undefined : about.find((e): e is TraceEventOf<'message.send-failed'> => e.kind === 'message.send-failed');
  return {
    messageId,
    type: published?.data.type ?? (request ? `${request.data.handler} request` : refused ? refusedType(refused) : '?'),
    messageKind: published?.data.messageKind ?? 'request',
    ...(published ? { destination: published.data.destination } : refused ? { destination: refused.data.destination } : {}),
    ...(correlationId ? { correlationId } : {}),
    ...(first?.causationId ? { causationId: first.causationId } : {}),
    headers: published?.data.headers ?? {},
    body: published?.data.body ?? request?.data.body ?? null,
    deliveries,
    eventSeqs: about.map((e) => e.seq),
    causes,
    effects: effectsOf(messageId, children, 0, new Set([messageId])),
    story: about.map((e) => ({ seq: e.seq, tick: e.tick, kind: e.kind, text: describeEvent(e) })),
  };
}

/** The message an event concerns: its own message id, or none. */
export function messageOfEvent(trace: readonly TraceEvent[], seq: number): string | undefined {
  return trace[seq]?.messageId;
}

/**
 * The type of a message its broker refused at the sender: the send-failed event's data has no
 * type (adding one would change traces and their hashes), so it is read from the event's text,
 * "<producer> could not send <type> to <destination>: …" (services/publishing.ts).
 */
function refusedType(e: TraceEventOf<'message.send-failed'>): string {
  const m = / could not send (\S+) to /.exec(e.text ?? '');
  return m ? m[1]! : `message refused by ${e.data.destination}`;
}
