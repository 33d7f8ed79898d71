// Spans: the trace read the way a distributed-tracing tool (OpenTelemetry → Jaeger, Application
// Insights) would show the same run. Every message carries a W3C traceparent; the producer's
// span is the one its header names, and each handler attempt on it is a child span of that
// producer span — so publish → process → publish nests into one tree per trace, retries and
// redeliveries are siblings, and a flow that lost its trace context (a batch that publishes
// under its own trace) shows up as a second trace, joined only by a span link.
//
// Span kinds follow OpenTelemetry's messaging conventions: PRODUCER for a publish, CONSUMER
// for the processing of one delivery (one span per attempt), SERVER for an attempt at a request
// or a synchronous call, CLIENT for the caller of a request or a call, INTERNAL for a
// transaction's commit or rollback. Crashes, dead letters, lock expiries, retries and logs are
// span events. Ids the trace does not carry (process spans, commits) are derived from the
// event's position by a hash, so the same run always gives the same spans.

import type { TraceEvent, TraceEventOf } from '../engine/trace/types';
import type { Scenario } from '../engine/scenario/types';
import { parseTraceparent } from '../engine/kernel/ids';
import { TraceHasher } from '../engine/trace/hash';

export type SpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type SpanAttribute = string | number | boolean;

export interface SpanEvent {
  name: string;
  tick: number;
  seq: number;
  attributes: Record<string, SpanAttribute>;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  /** Why the spans are linked ("continues", "relayed by", "redrive of"). */
  relation: string;
}

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKind;
  /** The service (or external system, or "Workload") whose span it is: its resource. */
  service: string;
  startTick: number;
  endTick: number;
  /** Seq of the trace event that started / ended the span (the diagram's cursor). */
  startSeq: number;
  endSeq: number;
  status: 'ok' | 'error' | 'unset';
  statusMessage?: string;
  attributes: Record<string, SpanAttribute>;
  events: SpanEvent[];
  links: SpanLink[];
  /** The flow's correlation id, to pick one flow. */
  correlationId?: string;
}

/** What a span-building caller knows beyond the trace: the broker of each entity. */
export interface SpanOptions {
  /** `messaging.system` of an entity; defaults to the run's first broker. */
  systemOf?: (entity: string) => string;
}

/** OpenTelemetry's `messaging.system` values for our broker models. */
const SYSTEM: Record<string, string> = { servicebus: 'servicebus', rabbitmq: 'rabbitmq', kafka: 'kafka', generic: 'brokerlab' };

/** `messaging.system` of each entity of a scenario (an entity may name its own broker). */
export function systemsOf(scenario: Scenario): (entity: string) => string {
  const byEntity = new Map(scenario.entities.map((e) => [e.name, SYSTEM[e.broker ?? scenario.broker] ?? 'brokerlab']));
  const fallback = SYSTEM[scenario.broker] ?? 'brokerlab';
  // Kafka consumers read "topic/group" entities; Service Bus subscriptions are "topic/subscription".
  return (entity) => byEntity.get(entity) ?? byEntity.get(entity.split('/')[0]!) ?? fallback;
}

/** A 16-hex span id derived from a text (the trace hash's two FNV lanes): stable, never all zero. */
export function derivedSpanId(text: string): string {
  const hasher = new TraceHasher();
  hasher.addText(text);
  const hex = hasher.digest();
  return hex === '0000000000000000' ? '0000000000000001' : hex;
}

/** An attempt at handling: a delivery (CONSUMER), a request or a call (SERVER). */
interface Attempt {
  span: Span;
  service: string;
  messageId: string;
}

export function spansOf(trace: readonly TraceEvent[], options: SpanOptions = {}): Span[] {
  const started = trace.find((e): e is TraceEventOf<'run.started'> => e.kind === 'run.started');
  const defaultSystem = SYSTEM[started?.data.brokers[0] ?? 'generic'] ?? 'brokerlab';
  const systemOf = options.systemOf ?? (() => defaultSystem);
  const spans: Span[] = [];
  const span = (s: Omit<Span, 'events' | 'links' | 'status'> & Partial<Pick<Span, 'status'>>): Span => {
    const out: Span = { status: 'unset', events: [], links: [], ...s };
    spans.push(out);
    return out;
  };
  const event = (s: Span, e: TraceEvent, name: string, attributes: Record<string, SpanAttribute> = {}) => {
    s.events.push({ name, tick: e.tick, seq: e.seq, attributes: e.text ? { ...attributes, 'brokerlab.why': e.text } : attributes });
  };
  const end = (s: Span, e: TraceEvent) => {
    s.endTick = e.tick;
    s.endSeq = e.seq;
  };

  /** Producer span of each message id (its first publish), and where the message is now. */
  const producers = new Map<string, Span>();
  /** Client spans: workload requests by request id, calls by call id. */
  const clients = new Map<string, Span>();
  /** Open attempts by "service|messageId|deliveryId", and the latest attempt per "service|messageId". */
  const open = new Map<string, Attempt>();
  const latest = new Map<string, Attempt>();
  /** The last attempt at each message id (any service), for dead letters and settlements. */
  const lastAttemptOf = new Map<string, Span>();
  /** Delivery id → its entity and consumer, from message.delivered. */
  const deliveries = new Map<string, { entity: string; consumer: string; props: Record<string, unknown> }>();
  /** Outbox rows: message id → the attempt span that stored it and when. */
  const stored = new Map<string, { span: Span; tick: number; seq: number }>();

  const attemptKey = (service: string, messageId: string, deliveryId?: string) => `${service}|${messageId}|${deliveryId ?? ''}`;
  const contextOf = (messageId: string | undefined): Span | undefined => (messageId ? producers.get(messageId) ?? clients.get(messageId) : undefined);

  for (const e of trace) {
    switch (e.kind) {
      case 'request.received': {
        const ctx = parseTraceparent(e.data.traceparent);
        if (!ctx || !e.messageId) break;
        const s = span({
          traceId: ctx.traceId, spanId: ctx.spanId, name: `call ${e.data.service}.${e.data.handler}`, kind: 'client', service: 'Workload',
          startTick: e.tick, endTick: e.tick, startSeq: e.seq, endSeq: e.seq, correlationId: e.correlationId,
          attributes: { 'rpc.system': 'brokerlab', 'rpc.service': e.data.service, 'rpc.method': e.data.handler, 'brokerlab.request.id': e.messageId },
        });
        clients.set(e.messageId, s);
        break;
      }
      case 'request.refused': {
        const s = e.messageId ? clients.get(e.messageId) : undefined;
        if (s) {
          end(s, e);
          s.status = 'error';
          s.statusMessage = e.data.reason;
        }
        break;
      }
      case 'call.started': {
        const caller = e.messageId ? latest.get(`${e.data.from}|${e.messageId}`) : undefined;
        const parent = caller?.span;
        const s = span({
          traceId: parent?.traceId ?? derivedSpanId(`trace|${e.data.callId}`).repeat(2), spanId: derivedSpanId(`call|${e.data.callId}`), parentSpanId: parent?.spanId,
          name: `call ${e.data.to}.${e.data.operation}`, kind: 'client', service: e.data.from,
          startTick: e.tick, endTick: e.tick, startSeq: e.seq, endSeq: e.seq, correlationId: e.correlationId,
          attributes: { 'rpc.system': 'brokerlab', 'rpc.service': e.data.to, 'rpc.method': e.data.operation, 'peer.service': e.data.to, ...(e.data.uncommitted ? { 'brokerlab.uncommitted': true } : {}) },
        });
        clients.set(e.data.callId, s);
        break;
      }
      case 'call.completed':
      case 'call.failed': {
        const s = clients.get(e.data.callId);
        if (!s) break;
        end(s, e);
        if (e.kind === 'call.failed') {
          s.status = 'error';
          s.statusMessage = e.data.error;
          s.attributes['error.type'] = e.data.reason;
        } else s.status = 'ok';
        break;
      }
      case 'external.called': {
        const s = clients.get(e.data.callId);
        if (s) event(s, e, 'external.called', { 'brokerlab.outcome': e.data.outcome, ...(e.data.idempotencyKey !== undefined ? { 'brokerlab.idempotency_key': e.data.idempotencyKey } : {}) });
        break;
      }
      case 'message.published': {
        if (!e.messageId) break;
        const header = typeof e.data.headers.traceparent === 'string' ? parseTraceparent(e.data.headers.traceparent) : null;
        if (!header) break;
        const first = producers.get(e.messageId);
        const attempt = e.causationId ? latest.get(`${e.actor}|${e.causationId}`) : undefined;
        const inside = attempt && attempt.span.endSeq < 0 ? attempt.span : undefined;
        const box = stored.get(e.messageId);
        const continued = e.data.traceContinued ? parseTraceparent(e.data.traceContinued) : null;
        // The parent: the continued context's span, else the handler attempt that published
        // (or stored it in the outbox), else the first publish of a re-published message.
        const parentSpanId = continued?.spanId ?? (first ? first.spanId : (inside ?? box?.span)?.spanId);
        const sameTrace = (inside ?? box?.span)?.traceId === header.traceId;
        const s = span({
          traceId: header.traceId, spanId: first ? derivedSpanId(`republish|${e.seq}`) : header.spanId,
          parentSpanId: continued || first || sameTrace ? parentSpanId : undefined,
          name: `${e.data.messageKind === 'command' ? 'send' : 'publish'} ${e.data.destination}`, kind: 'producer', service: e.actor,
          startTick: box?.tick ?? e.tick, endTick: e.tick, startSeq: box?.seq ?? e.seq, endSeq: e.seq, correlationId: e.correlationId, status: 'ok',
          attributes: {
            'messaging.system': systemOf(e.data.destination), 'messaging.operation.type': 'send', 'messaging.operation.name': e.data.messageKind === 'command' ? 'send' : 'publish',
            'messaging.destination.name': e.data.destination, 'messaging.message.id': e.messageId, 'brokerlab.message.type': e.data.type, 'brokerlab.via': e.data.via,
            ...(e.correlationId ? { 'messaging.message.conversation_id': e.correlationId } : {}),
            ...(e.data.key !== undefined ? { [systemOf(e.data.destination) === 'kafka' ? 'messaging.kafka.message.key' : 'brokerlab.message.key']: e.data.key } : {}),
            ...(e.data.uncommitted ? { 'brokerlab.uncommitted': true } : {}),
          },
        });
        if (box) event(s, { ...e, tick: box.tick, seq: box.seq, text: undefined } as TraceEvent, 'outbox.stored');
        // A link where the flow continues across a boundary: a batch continuing a stored flow,
        // a republish (redrive) of an earlier message, an attempt in another trace.
        const from = inside ?? box?.span;
        if (from && from.traceId !== header.traceId) s.links.push({ traceId: from.traceId, spanId: from.spanId, relation: continued ? 'published by (continues a stored flow)' : 'published by (another trace)' });
        if (first) s.links.push({ traceId: first.traceId, spanId: first.spanId, relation: `${e.data.via} of` });
        if (!first) producers.set(e.messageId, s);
        break;
      }
      case 'message.delivered': {
        if (e.deliveryId) deliveries.set(e.deliveryId, { entity: e.data.entity, consumer: e.data.consumer, props: e.data.props });
        break;
      }
      case 'handler.started': {
        if (!e.messageId) break;
        const delivery = e.deliveryId ? deliveries.get(e.deliveryId) : undefined;
        const parent = contextOf(e.messageId);
        const isDelivery = !!delivery;
        const attributes: Record<string, SpanAttribute> = { 'brokerlab.handler': e.data.handler, 'brokerlab.attempt': e.data.attempt, 'messaging.message.id': e.messageId };
        if (e.correlationId) attributes['messaging.message.conversation_id'] = e.correlationId;
        if (delivery) {
          attributes['messaging.system'] = systemOf(delivery.entity);
          attributes['messaging.operation.type'] = 'process';
          attributes['messaging.operation.name'] = 'process';
          attributes['messaging.destination.name'] = delivery.entity;
          attributes['messaging.consumer.group.name'] = delivery.consumer;
          const p = delivery.props;
          if (typeof p.deliveryCount === 'number') {
            attributes['brokerlab.delivery_count'] = p.deliveryCount;
            if (attributes['messaging.system'] === 'servicebus') attributes['messaging.servicebus.message.delivery_count'] = p.deliveryCount;
          }
          if (typeof p.partition === 'number') attributes['messaging.destination.partition.id'] = String(p.partition);
          if (typeof p.offset === 'number') attributes['messaging.kafka.offset'] = p.offset;
          if (typeof p.redelivered === 'boolean') attributes['brokerlab.redelivered'] = p.redelivered;
        }
        const s = span({
          traceId: parent?.traceId ?? derivedSpanId(`trace|${e.messageId}`).repeat(2), spanId: derivedSpanId(`attempt|${e.seq}`), parentSpanId: parent?.spanId,
          name: isDelivery ? `process ${delivery!.entity}` : `${e.data.service}.${e.data.handler}`, kind: isDelivery ? 'consumer' : 'server', service: e.data.service,
          startTick: e.tick, endTick: e.tick, startSeq: e.seq, endSeq: -1, correlationId: e.correlationId, attributes,
        });
        const a = { span: s, service: e.data.service, messageId: e.messageId };
        open.set(attemptKey(e.data.service, e.messageId, e.deliveryId), a);
        latest.set(`${e.data.service}|${e.messageId}`, a);
        lastAttemptOf.set(e.messageId, s);
        break;
      }
      case 'handler.completed':
      case 'handler.failed': {
        if (!e.messageId) break;
        const key = attemptKey(e.data.service, e.messageId, e.deliveryId);
        const a = open.get(key);
        if (!a) break;
        open.delete(key);
        end(a.span, e);
        if (e.kind === 'handler.failed') {
          a.span.status = 'error';
          a.span.statusMessage = e.data.error;
          event(a.span, e, 'exception', { 'exception.message': e.data.error, 'brokerlab.transient': e.data.transient });
        } else a.span.status = 'ok';
        const client = clients.get(e.messageId);
        if (client && client.kind === 'client' && client.service === 'Workload') {
          end(client, e);
          client.status = a.span.status;
          if (a.span.statusMessage) client.statusMessage = a.span.statusMessage;
        }
        break;
      }
      case 'service.crashed': {
        for (const [key, a] of open) {
          if (a.service !== e.data.service) continue;
          open.delete(key);
          end(a.span, e);
          a.span.status = 'error';
          a.span.statusMessage = 'the process crashed';
          event(a.span, e, 'service.crashed', { 'brokerlab.lost_invocations': e.data.lostInvocations });
        }
        break;
      }
      case 'db.committed':
      case 'db.rolled-back': {
        const a = e.messageId ? open.get(attemptKey(e.data.service, e.messageId, e.deliveryId)) : undefined;
        if (!a) break;
        span({
          traceId: a.span.traceId, spanId: derivedSpanId(`tx|${e.seq}`), parentSpanId: a.span.spanId,
          name: e.kind === 'db.committed' ? 'commit' : 'rollback', kind: 'internal', service: e.data.service,
          startTick: e.tick, endTick: e.tick, startSeq: e.seq, endSeq: e.seq, correlationId: e.correlationId,
          status: e.kind === 'db.committed' ? 'ok' : 'error',
          ...(e.kind === 'db.rolled-back' ? { statusMessage: e.data.reason } : {}),
          attributes: { 'db.system.name': 'brokerlab', 'db.operation.name': e.kind === 'db.committed' ? 'COMMIT' : 'ROLLBACK', ...(e.kind === 'db.committed' ? { 'brokerlab.writes': e.data.writes.length } : {}) },
        });
        break;
      }
      case 'outbox.stored': {
        const a = e.messageId ? open.get(attemptKey(e.data.service, e.messageId, e.deliveryId)) : undefined;
        if (a) stored.set(e.data.outboxId, { span: a.span, tick: e.tick, seq: e.seq });
        break;
      }
      case 'handler.logged':
      case 'retry.scheduled':
      case 'inbox.duplicate-skipped':
      case 'inbox.recorded': {
        const a = e.messageId ? open.get(attemptKey(e.data.service, e.messageId, e.deliveryId)) : undefined;
        if (!a) break;
        const attributes: Record<string, SpanAttribute> = e.kind === 'handler.logged' ? { 'log.message': e.data.text } : e.kind === 'retry.scheduled' ? { 'brokerlab.delay_ticks': e.data.delayTicks } : {};
        event(a.span, e, e.kind === 'handler.logged' ? 'log' : e.kind, attributes);
        break;
      }
      case 'message.lock-expired':
      case 'message.abandoned':
      case 'message.dead-lettered':
      case 'message.expired':
      case 'message.dropped': {
        const s = e.messageId ? (e.deliveryId ? [...open.values()].find((a) => a.messageId === e.messageId)?.span : undefined) ?? lastAttemptOf.get(e.messageId) ?? producers.get(e.messageId) : undefined;
        if (!s) break;
        const attributes: Record<string, SpanAttribute> = { 'messaging.destination.name': e.data.entity };
        if (e.kind === 'message.dead-lettered') attributes['brokerlab.dead_letter_reason'] = e.data.reason;
        if (e.kind === 'message.dropped') attributes['brokerlab.reason'] = e.data.reason;
        event(s, e, e.kind, attributes);
        break;
      }
      default:
        break;
    }
  }
  // Attempts still open at the end of the run (a handler waiting forever, a run cut by a limit).
  const last = trace[trace.length - 1];
  for (const s of spans) {
    if (s.endSeq >= 0) continue;
    s.endSeq = last?.seq ?? s.startSeq;
    s.endTick = last?.tick ?? s.startTick;
    s.statusMessage = 'still running when the run ended';
  }
  return spans;
}

/** Trace ids in order of first appearance, with their spans. */
export function tracesOf(spans: readonly Span[]): Map<string, Span[]> {
  const out = new Map<string, Span[]>();
  for (const s of spans) {
    const list = out.get(s.traceId);
    if (list) list.push(s);
    else out.set(s.traceId, [s]);
  }
  return out;
}
