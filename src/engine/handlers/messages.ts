// Building outgoing messages: look the type up in the scenario's message catalog, give it a
// fresh id, and carry the flow's context — the correlation id stays the same along a flow, the
// causation id is the message that caused this one, and the W3C traceparent keeps the trace id
// with a new span id — so a whole flow can be followed across services.

import type { Message } from '../brokers/types';
import type { MessageSpec } from '../scenario/types';
import { cloneJson, isJson, type Json } from '../scenario/json';
import { parseTraceparent, type IdSource } from '../kernel/ids';
import type { PublishOptions } from './api';

export interface FlowContext {
  correlationId: string;
  causationId: string | null;
  /** The flow's trace context; null for a flow that starts a new trace with this message (IdSource.traceparentInNewTrace). */
  traceparent: string | null;
}

/** The trace id of a well-formed traceparent (fast path: our own values are always well formed). */
function traceIdOf(traceparent: string): string | undefined {
  if (traceparent.length === 55 && traceparent.startsWith('00-')) return traceparent.slice(3, 35);
  return parseTraceparent(traceparent)?.traceId;
}

export class UnknownMessageType extends Error {
  constructor(type: string, known: string[]) {
    super(`no message type "${type}" in the scenario's catalog (known: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownMessageType';
  }
}

/** The flow a message continues when the publisher names a stored correlation id / traceparent. */
function continuedFlow(flow: FlowContext, options: PublishOptions, type: string): FlowContext {
  const { correlationId, traceparent } = options;
  if (correlationId !== undefined && (typeof correlationId !== 'string' || correlationId === '')) {
    throw new TypeError(`options.correlationId of ${type} must be a non-empty string (the flow's id, e.g. a stored msg.correlationId)`);
  }
  if (traceparent !== undefined && (typeof traceparent !== 'string' || !parseTraceparent(traceparent) || /^00-0{32}-/.test(traceparent))) {
    throw new TypeError(`options.traceparent of ${type} must be a W3C traceparent "00-<32 hex>-<16 hex>-<2 hex>" (e.g. a stored msg.traceparent), not ${JSON.stringify(traceparent)}`);
  }
  return { ...flow, ...(correlationId !== undefined ? { correlationId } : {}), ...(traceparent !== undefined ? { traceparent } : {}) };
}

export function buildMessage(
  catalog: ReadonlyMap<string, MessageSpec>,
  ids: IdSource,
  producer: string,
  flow: FlowContext,
  type: string,
  body: unknown,
  options: PublishOptions | undefined,
  tick: number,
  expectedKind: 'event' | 'command',
): { message: Message; destination: string; spec: MessageSpec } {
  const spec = catalog.get(type);
  if (!spec) throw new UnknownMessageType(type, [...catalog.keys()]);
  if (spec.kind !== expectedKind) {
    const verb = expectedKind === 'event' ? 'publish' : 'send';
    throw new TypeError(`${type} is ${spec.kind === 'event' ? 'an event' : 'a command'}; use ${spec.kind === 'event' ? 'publish' : 'send'}, not ${verb}`);
  }
  const cleanBody = body === undefined ? null : body;
  if (!isJson(cleanBody)) throw new TypeError(`the body of ${type} must be plain JSON data`);
  if (options?.correlationId !== undefined || options?.traceparent !== undefined) flow = continuedFlow(flow, options, type);
  const traceparent = flow.traceparent === null ? ids.traceparentInNewTrace() : ids.traceparent(traceIdOf(flow.traceparent));
  const keyFromBody =
    spec.keyField && cleanBody && typeof cleanBody === 'object' && !Array.isArray(cleanBody)
      ? (cleanBody as Record<string, Json>)[spec.keyField]
      : undefined;
  const key = options?.key ?? (keyFromBody === undefined || keyFromBody === null ? undefined : String(keyFromBody));
  const id = ids.next('m');
  const extra = options?.headers as Record<string, Json> | undefined;
  // (spreads only when there is something to spread: this runs on every publish)
  const headers: Record<string, Json> =
    spec.headers !== undefined || extra !== undefined
      ? { ...(spec.headers ?? {}), ...(extra ?? {}), correlationId: flow.correlationId, causationId: flow.causationId, traceparent }
      : { correlationId: flow.correlationId, causationId: flow.causationId, traceparent };
  if (options?.idempotencyKey !== undefined) headers['Idempotency-Key'] = String(options.idempotencyKey);
  const version = options?.version ?? spec.version;
  if (version !== undefined) headers.schemaVersion = version;
  // the trace writes headers with these three keys alone without looking at their keys
  ids.madeHeaders(spec.headers === undefined && extra === undefined && options?.idempotencyKey === undefined && version === undefined ? headers : null);
  const message: Message = {
    id,
    type,
    kind: spec.kind,
    // A copy: the publisher's object may change later. Not frozen (Object.freeze costs more than
    // the copy, on every publish): a handler mutating msg.body mutates its own copy in its realm,
    // never what the broker keeps and redelivers; only engine code holds this one.
    body: cloneJson(cleanBody),
    headers,
    correlationId: flow.correlationId,
    causationId: flow.causationId,
    traceparent,
    producer,
    publishedTick: tick,
  };
  if (key !== undefined) message.key = key;
  if (options?.traceparent !== undefined) message.traceContinued = options.traceparent;
  const routingKey = options?.routingKey ?? spec.routingKey;
  if (routingKey !== undefined) message.routingKey = routingKey;
  return { message, destination: options?.to ?? spec.to, spec };
}
