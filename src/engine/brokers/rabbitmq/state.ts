// The run-time state of a RabbitMQ vhost: exchanges with their bindings, queues holding ready
// messages in FIFO order, consumers with their unacknowledged deliveries (the channel's view),
// and per message the real counters: redelivered, x-delivery-count, x-death.

import type { Json } from '../../scenario/json';
import type { ConsumerSpec, Delivery, Message } from '../types';
import type { Deque } from '../deque';
import type { Alarm } from '../shared/alarm';
import type { ConsumerOptions, ExchangeType, QueueOptions } from './options';

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

export interface RMessage {
  message: Message;
  exchange: string;
  routingKey: string;
  /** Position in the queue, to requeue "at the original position if possible". */
  position: number;
  redelivered: boolean;
  /** Quorum queues: times the message was returned (x-delivery-count). */
  returns: number;
  expiresAt: number | null;
  /** Per-message TTL (the `expiration` property, ms). */
  expiration: number | null;
  deaths: Record<string, Json>[];
  state: 'ready' | 'unacked' | 'gone';
}

export interface Queue {
  name: string;
  opts: QueueOptions;
  ready: Deque<RMessage>;
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
  unacked: Set<Unacked>;
  running: number;
  buffer: Deque<Unacked>;
  tagNext: number;
}

export interface Unacked {
  delivery: Delivery;
  msg: RMessage;
  consumer: Consumer;
  incarnation: number;
  started: boolean;
  released: boolean;
  done: boolean;
}
