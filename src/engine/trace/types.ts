// The trace: the append-only list of typed events a run produces. It is the single output of
// the engine and the only source for every view (diagram, topology, metrics, checks, exports).
// Kinds are namespaced and past tense. Each event says when (tick), in which order (seq), who
// acted (actor), which message it concerns, and — where a decision was made — why (`text`).

import type { Json } from '../scenario/json';
import type { TraceText } from './text';

/** The kind-specific payload of each trace event kind. Brokers and patterns extend this map. */
export interface TraceDataMap {
  'run.started': { scenario: string; seed: number; brokers: string[] };
  'run.ended': { reason: EndReason };
  /** `traceparent`: the caller's trace context (W3C), the parent of the request's handling. */
  'request.received': { service: string; handler: string; body: Json; traceparent: string };
  'request.refused': { service: string; handler: string; reason: string };
  'message.published': {
    type: string;
    messageKind: 'event' | 'command';
    destination: string;
    body: Json;
    headers: Record<string, Json>;
    via: 'direct' | 'outbox' | 'redrive' | 'redelivery' | 'workload';
    key?: string;
    /** Published by a handler from inside a transaction that had not committed yet. */
    uncommitted?: true;
    /** The stored traceparent the publisher continued (`publish(…, { traceparent })`), when it did. */
    traceContinued?: string;
  };
  'message.routed': { entity: string; copies?: number };
  'message.unroutable': { destination: string };
  'message.enqueued': { entity: string; props: Record<string, Json> };
  'message.delivered': { entity: string; consumer: string; props: Record<string, Json> };
  'message.acked': { entity: string; consumer: string };
  'message.abandoned': { entity: string; consumer: string; requeued: boolean };
  'message.lock-expired': { entity: string; consumer: string };
  'message.dead-lettered': { entity: string; dlq: string; reason: string; description?: string };
  'message.dropped': { entity: string; reason: string };
  'message.settle-failed': { entity: string; consumer: string; reason: string };
  'message.redriven': { entity: string; from: string };
  'message.expired': { entity: string };
  'message.duplicate-dropped': { entity: string };
  'handler.started': { service: string; handler: string; attempt: number };
  'handler.completed': { service: string; handler: string; durationTicks: number };
  'handler.failed': { service: string; handler: string; error: string; transient: boolean };
  'handler.logged': { service: string; handler: string; text: string };
  'db.committed': { service: string; writes: DbWrite[] };
  'db.rolled-back': { service: string; reason: string };
  'outbox.stored': { service: string; outboxId: string; type: string };
  'outbox.relayed': { service: string; outboxId: string };
  'inbox.recorded': { service: string; handler: string };
  'inbox.duplicate-skipped': { service: string; handler: string };
  'retry.scheduled': { service: string; handler: string; attempt: number; delayTicks: number };
  'redelivery.scheduled': { service: string; handler: string; redelivery: number; delayTicks: number };
  'circuit.changed': { service: string; handler: string; state: 'open' | 'half-open' | 'closed' };
  'fault.injected': { fault: string; target: string; details?: Record<string, Json> };
  'service.crashed': { service: string; lostInvocations: number };
  'service.restarted': { service: string };
  'partition.assigned': { topic: string; group: string; member: string; partitions: number[] };
  'offset.committed': { topic: string; group: string; partition: number; offset: number };
  'saga.step-completed': { saga: string; step: string; state: Json };
  'saga.compensated': { saga: string; step: string };
  'check.failed': { check: string; anomaly: string };
}

export type TraceKind = keyof TraceDataMap;
/**
 * Why a run ended: nothing left to do, or a named limit (`Scenario.limits`): virtual time, trace
 * events, events without virtual time moving (a zero-time loop), scheduled actions.
 */
export type EndReason = 'quiescent' | 'ticksMax' | 'eventsMax' | 'zeroTimeEventsMax' | 'stepsMax';

export interface DbWrite {
  table: string;
  key: string;
  /** The new value, or null when the key was deleted. */
  value: Json | null;
}

/** Fields every trace event carries. */
export interface TraceEventBase {
  /** Position in the trace, 0-based and gap-free: the order of events. */
  seq: number;
  /** Virtual time in integer milliseconds. */
  tick: number;
  /** Who acted: a service name, a broker entity, or "broker" / "sim". */
  actor: string;
  messageId?: string;
  correlationId?: string;
  causationId?: string;
  deliveryId?: string;
  /** A one-line human explanation of a decision, for learners. */
  text?: string;
}

export type TraceEventOf<K extends TraceKind> = TraceEventBase & { kind: K; data: TraceDataMap[K] };
export type TraceEvent = { [K in TraceKind]: TraceEventOf<K> }[TraceKind];

/**
 * What a component passes when it records an event; seq and tick are filled in. `text` may be
 * built lazily (trace/text.ts: text`…`): the event's text is then the template's string.
 */
export type TraceInput<K extends TraceKind = TraceKind> = Omit<TraceEventBase, 'seq' | 'tick' | 'text'> & {
  kind: K;
  data: TraceDataMap[K];
  text?: string | TraceText;
};
