// The run-time state of a Service Bus namespace: entities (queues, subscriptions and their
// dead-letter sub-queues) with their messages, sessions, receivers and locks. The message state
// machine follows ref §1.10: Active → Locked(receiver, LockedUntil) → completed | Active again
// (abandon / lock expiry, DeliveryCount + 1) | dead-lettered | Deferred; Active + expired ⇒
// removed or dead-lettered.

import type { Json } from '../../scenario/json';
import type { BrokerHost, ConsumerSpec, Delivery, Message } from '../types';
import { Deque } from '../deque';
import type { Alarm } from '../shared/alarm';
import type { MinHeap } from '../shared/min-heap';
import type { DuplicateDetection, EntityOptions, ProcessorOptions } from './options';
import type { Rule } from './rules';

export interface SbMessage {
  message: Message;
  sequenceNumber: number;
  /** The DeliveryCount the next receive will see: 1 before the first (ref §1.4). */
  deliveryCount: number;
  enqueuedTick: number;
  expiresAt: number | null;
  session: string | undefined;
  state: 'active' | 'locked' | 'deferred' | 'gone';
  /** Extra properties a dead-letter queue adds (DeadLetterReason…). */
  extra?: Record<string, Json>;
  /** Auto-forwarding hops it took to get here (forwarding.ts). */
  hops?: number;
}

export interface Session {
  id: string;
  messages: Deque<SbMessage>;
  owner: Receiver | null;
  lockedUntil: number;
  /** Session state blob (SetSessionState); kept until cleared. */
  state: Json | null;
}

export interface Entity {
  name: string;
  kind: 'queue' | 'subscription' | 'deadletter';
  opts: EntityOptions;
  dedup: DuplicateDetection | null;
  dlq: Entity | null;
  active: Deque<SbMessage>;
  sessions: Map<string, Session>;
  /** Sessions with messages and no owner (entries may be stale; checked on use). */
  available: Deque<Session>;
  deferred: Map<number, SbMessage>;
  receivers: Receiver[];
  roundRobin: number;
  sequenceNext: number;
  locks: Deque<{ lock: Lock; until: number }>;
  lockAlarm: Alarm;
  ttl: MinHeap<SbMessage>;
  ttlAlarm: Alarm;
  pumpScheduled: boolean;
}

export interface Topic {
  name: string;
  dedup: DuplicateDetection | null;
  defaultTtl: number | null;
  /** The largest message a sender may send to this topic (MaxMessageSizeInKilobytes; Standard: 256 KB). */
  maxMessageSizeBytes: number;
  subscriptions: { name: string; entity: Entity; rules: Rule[] }[];
}

export interface Receiver {
  spec: ConsumerSpec;
  opts: ProcessorOptions;
  entity: Entity;
  up: boolean;
  /** Bumped on each restart: locks of a dead incarnation no longer count against it. */
  incarnation: number;
  running: number;
  /** Prefetched deliveries waiting for a free call slot (locks already ticking, ref §1.10). */
  buffer: Deque<Lock>;
  sessions: Set<Session>;
}

export interface Lock {
  delivery: Delivery;
  msg: SbMessage;
  entity: Entity;
  receiver: Receiver;
  incarnation: number;
  lockedUntil: number;
  receivedTick: number;
  session: Session | null;
  peekLock: boolean;
  /** The handler got it (not still in the prefetch buffer). */
  started: boolean;
  /** The handler returned without settling (AutoCompleteMessages off): renewal stops. */
  returned: boolean;
  /** The call slot was given back. */
  released: boolean;
  /** The lock ended: settled or expired. */
  done: boolean;
  /** Received by sequence number (ReceiveDeferredMessage): holds no call slot; abandon or expiry leaves it deferred. */
  deferred?: boolean;
  /** Settled before the handler returned (at the call, or by a committed transaction); the final settle only frees the call slot. */
  settledEarly?: boolean;
}

/** Duplicate-detection history of one queue or topic: MessageId → first-seen tick, oldest first. */
export interface DedupLog {
  seen: Map<string, number>;
  order: Deque<[string, number]>;
}

/**
 * What the broker's modules share: the host, the namespace's entities, the held locks by
 * delivery id, the duplicate-detection logs, and the delivery pump. Modules below the pump
 * reach it through `schedulePump` so the import graph stays acyclic.
 */
export interface SbCore {
  readonly host: BrokerHost;
  readonly entities: Map<string, Entity>;
  readonly topics: Map<string, Topic>;
  readonly locks: Map<string, Lock>;
  readonly dedupLogs: Map<string, DedupLog>;
  schedulePump(entity: Entity): void;
  /** Sends to a queue or topic (sending.ts): how auto-forwarding re-enters the send side. */
  send(message: Message, destination: string, transfer: import('./forwarding').Transfer): void;
}

export function newDedupLog(): Deque<[string, number]> {
  return new Deque();
}
