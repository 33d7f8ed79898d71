// The run-time state of a RabbitMQ vhost: exchanges with their bindings, queues holding ready
// messages (ready.ts keeps their order), consumers with their unacknowledged deliveries (the
// channel's view), and per message the real counters: redelivered, x-delivery-count, x-death.
// RmqCore is what the model's modules share; they reach each other's entry points through it
// so the import graph stays acyclic.

import type { Json } from '../../scenario/json';
import type { BrokerHost, ConsumerSpec, Delivery, Message } from '../types';
import type { Deque } from '../deque';
import type { Alarm } from '../shared/alarm';
import type { ConsumerOptions, ExchangeType, QueueOptions } from './options';
import type { ReadyQueue } from './ready';
import type { ConfirmConfig } from './confirms';
import type { StreamState } from './stream';
import type { ConnectionGate } from './alarms';

export interface Binding {
  destination: string;
  toExchange: boolean;
  key: string;
  args: Record<string, Json>;
}

export interface Exchange {
  name: string;
  type: ExchangeType;
  alternate: string | null;
  bindings: Binding[];
}

export type DeathReason = 'rejected' | 'expired' | 'maxlen' | 'delivery_limit';

export interface RMessage {
  message: Message;
  exchange: string;
  routingKey: string;
  /** Position in the queue, to requeue "at the original position if possible". */
  position: number;
  /** Effective priority (the `priority` property, capped by x-max-priority; 0 without). */
  priority: number;
  redelivered: boolean;
  /** Quorum queues: times the message was returned (x-delivery-count). */
  returns: number;
  expiresAt: number | null;
  /** Per-message TTL (the `expiration` property, ms). */
  expiration: number | null;
  /** x-death, most recent first (dead-letter.ts). */
  deaths: Record<string, Json>[];
  /** x-first-death-* (never changed once set) and x-last-death-* (updated on each death). */
  deathHeaders: Record<string, Json>;
  state: 'ready' | 'unacked' | 'gone';
  /** Body bytes, computed once by a queue that counts them (x-max-length-bytes). */
  bodyBytes?: number;
}

export interface Queue {
  name: string;
  opts: QueueOptions;
  /** x-queue-type: stream — an append-only log read by every consumer (stream.ts). */
  stream?: StreamState;
  ready: ReadyQueue;
  positionNext: number;
  consumers: Consumer[];
  roundRobin: number;
  active: Consumer | null;
  ttlAlarm: Alarm;
  pumpScheduled: boolean;
}

export interface Consumer {
  spec: ConsumerSpec;
  opts: ConsumerOptions;
  queue: Queue;
  up: boolean;
  incarnation: number;
  /** Channels opened so far (a channel closed by consumer_timeout is replaced by a new one). */
  channel: number;
  unacked: Set<Unacked>;
  running: number;
  buffer: Deque<Unacked>;
  tagNext: number;
  /** consumer_timeout check, at one-minute intervals (consuming.ts). */
  timeoutAlarm: Alarm;
}

export interface Unacked {
  delivery: Delivery;
  msg: RMessage;
  consumer: Consumer;
  incarnation: number;
  deliveredTick: number;
  started: boolean;
  released: boolean;
  done: boolean;
}

export interface RmqCore {
  readonly host: BrokerHost;
  readonly exchanges: Map<string, Exchange>;
  readonly queues: Map<string, Queue>;
  readonly unacked: Map<string, Unacked>;
  readonly consumers: Map<string, Consumer>;
  /** Publisher confirms, by the exchange or queue published to (confirms.ts). */
  readonly confirms: Map<string, ConfirmConfig>;
  /** Resource alarms: which connections are blocked, and what they sent meanwhile (alarms.ts). */
  readonly gate: ConnectionGate;
  schedulePump(queue: Queue): void;
  /** Puts a message into a queue as a new arrival (publishing.ts); false when the queue refused it (reject-publish). */
  enqueue(queue: Queue, msg: RMessage, confirming?: boolean): boolean;
  /** A stream queue's append (stream.ts). */
  appendToStream(queue: Queue, msg: RMessage): void;
  /** To the queue's DLX, or discarded (dead-letter.ts). */
  deadLetter(queue: Queue, msg: RMessage, reason: DeathReason, detail: string | undefined): void;
}

export const DEFAULT_EXCHANGE = '';
