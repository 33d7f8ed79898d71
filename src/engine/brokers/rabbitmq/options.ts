// RabbitMQ names and defaults (ref §0, §2): exchange types, queue arguments (the real `x-…`
// names), and consumer options. Times are ticks (ms).

import type { Json } from '../../scenario/json';
import { bool, isObj, num, type Obj } from '../shared/options';

export const EXCHANGE_TYPES = ['direct', 'fanout', 'topic', 'headers'] as const;
export type ExchangeType = (typeof EXCHANGE_TYPES)[number];

/** Quorum queues default to delivery-limit 20 since RabbitMQ 4.0 (ref §2.6). */
export const QUORUM_DEFAULT_DELIVERY_LIMIT = 20;
/** consumer_timeout: 30 min (1 800 000 ms), checked at one-minute intervals (ref §2.3). */
export const CONSUMER_TIMEOUT_DEFAULT_TICKS = 1_800_000;
export const CONSUMER_TIMEOUT_CHECK_TICKS = 60_000;
/** Classic queue priorities: x-max-priority 1–255 (1–5 recommended). */
export const MAX_PRIORITY_LIMIT = 255;
/** Quorum queues (4.0+): two priorities, normal (0–4, or none) and high (5+), served 2:1. */
export const QUORUM_HIGH_PRIORITY_MIN = 5;
export const OVERFLOWS = ['drop-head', 'reject-publish', 'reject-publish-dlx'] as const;
export type Overflow = (typeof OVERFLOWS)[number];

export const QUEUE_TYPES = ['classic', 'quorum', 'stream'] as const;
export type QueueType = (typeof QUEUE_TYPES)[number];

export const QUEUE_ARGUMENTS = ['x-queue-type', 'x-dead-letter-exchange', 'x-dead-letter-routing-key', 'x-message-ttl', 'x-max-length', 'x-overflow', 'x-delivery-limit', 'x-single-active-consumer', 'x-max-priority', 'x-consumer-timeout', 'x-max-age', 'x-max-length-bytes'] as const;

export interface QueueOptions {
  type: QueueType;
  deadLetterExchange: string | null;
  deadLetterRoutingKey: string | null;
  messageTtl: number | null;
  maxLength: number | null;
  /** x-max-length-bytes on a classic or quorum queue: the total body bytes of its ready messages (streams keep their own retention). */
  maxLengthBytes: number | null;
  overflow: Overflow;
  /** null = unlimited (classic queues; quorum queues in 3.x). */
  deliveryLimit: number | null;
  singleActiveConsumer: boolean;
  /** Classic queues: x-max-priority (null = no priorities). */
  maxPriority: number | null;
  /** x-consumer-timeout, else the node's consumer_timeout. */
  consumerTimeoutTicks: number;
}

export function queueOptions(spec: Obj): QueueOptions {
  const a = (isObj(spec.arguments) ? spec.arguments : {}) as Obj;
  const type: QueueType = a['x-queue-type'] === 'quorum' || a['x-queue-type'] === 'stream' ? a['x-queue-type'] : 'classic';
  const limit = a['x-delivery-limit'];
  return {
    type,
    deadLetterExchange: typeof a['x-dead-letter-exchange'] === 'string' ? a['x-dead-letter-exchange'] : null,
    deadLetterRoutingKey: typeof a['x-dead-letter-routing-key'] === 'string' ? a['x-dead-letter-routing-key'] : null,
    messageTtl: typeof a['x-message-ttl'] === 'number' ? a['x-message-ttl'] : null,
    maxLength: typeof a['x-max-length'] === 'number' ? a['x-max-length'] : null,
    maxLengthBytes: typeof a['x-max-length-bytes'] === 'number' && type !== 'stream' ? a['x-max-length-bytes'] : null,
    overflow: (typeof a['x-overflow'] === 'string' ? a['x-overflow'] : 'drop-head') as Overflow,
    deliveryLimit: typeof limit === 'number' ? (limit < 0 ? null : limit) : type === 'quorum' ? QUORUM_DEFAULT_DELIVERY_LIMIT : null,
    singleActiveConsumer: a['x-single-active-consumer'] === true,
    maxPriority: typeof a['x-max-priority'] === 'number' && type === 'classic' ? a['x-max-priority'] : null,
    consumerTimeoutTicks: num(a, 'x-consumer-timeout', CONSUMER_TIMEOUT_DEFAULT_TICKS),
  };
}

export interface ConsumerOptions {
  /** basic.qos prefetch_count (per consumer, global=false); 0 = unlimited (ref §2.4). */
  prefetch: number;
  /** Automatic acknowledgement (no-ack): "fire and forget" (ref §2.3). */
  autoAck: boolean;
  /** On a handler failure: basic.nack(requeue=true) (default) or requeue=false (dead-letter). */
  requeueOnFailure: boolean;
}

export function consumerOptions(options: Json | undefined): ConsumerOptions {
  const o = isObj(options) ? options : undefined;
  return { prefetch: num(o, 'prefetch', 0), autoAck: bool(o, 'autoAck', false), requeueOnFailure: bool(o, 'requeueOnFailure', true) };
}

/** Binding spec on a queue or exchange: the source exchange, the binding key, header arguments. */
export interface BindingSpec {
  exchange: string;
  key?: string;
  arguments?: Record<string, Json>;
}

export function bindingsOf(spec: Obj): BindingSpec[] {
  return Array.isArray(spec.bindings) ? (spec.bindings as unknown as BindingSpec[]) : [];
}
