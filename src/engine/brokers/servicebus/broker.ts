// The Azure Service Bus broker model: queues and topics with subscriptions, peek-lock and
// receive-and-delete receivers, lock expiry and processor auto-renewal, abandon / complete /
// dead-letter / defer, DeliveryCount and MaxDeliveryCount, TTL, duplicate detection, sessions,
// prefetch buffers. Each decision is recorded with a learner-readable explanation; delivery
// props carry the real names (DeliveryCount, SequenceNumber, LockedUntil…). This class is the
// Broker facade: it builds the namespace and hands each call to the module holding its concept
// (sending, pump, delivery, sessions, locks, deferral, expiry, dead-letter); rules that do not
// need state (copy semantics, SQL filters, option defaults) live in pure modules beside it.

import type { Broker, BrokerHost, BrokerSession, ConsumerSpec, Delivery, Message, Settlement } from '../types';
import type { EntitySpec } from '../../scenario/types';
import type { Json } from '../../scenario/json';
import { Deque } from '../deque';
import { Alarm } from '../shared/alarm';
import { MinHeap } from '../shared/min-heap';
import type { Obj } from '../shared/options';
import { deadLetterQueueName, duplicateDetection, entityOptions, processorOptions, subscriptionName, type DuplicateDetection } from './options';
import { defaultRules, parseRule } from './rules';
import type { Entity, Receiver, SbCore, SbMessage, Topic } from './state';
import { sweepTtl } from './expiry';
import { enqueue, publish, sendError } from './sending';
import { schedulePump } from './pump';
import { sessionHandle, sessionState, setSessionState } from './sessions';
import { settle, settlementError, settleNow, sweepLocks } from './locks';
import { receiveDeferred } from './deferral';
import { peek } from './browse';
import { commitSettlement, transactionError } from './transactions';

export class ServiceBusBroker implements Broker {
  readonly kind = 'servicebus' as const;
  private receivers = new Map<string, Receiver>();
  private readonly core: SbCore;

  constructor(specs: EntitySpec[], host: BrokerHost) {
    const core: SbCore = {
      host, entities: new Map(), topics: new Map(), locks: new Map(), dedupLogs: new Map(),
      schedulePump: (entity) => schedulePump(core, entity),
      send: (message, destination, transfer) => publish(core, message, destination, transfer),
    };
    this.core = core;
    for (const spec of specs) {
      const o = spec as Obj;
      if (spec.type === 'queue') {
        this.addEntity(spec.name, 'queue', o, duplicateDetection(o));
      } else if (spec.type === 'topic') {
        const opts = entityOptions(o);
        const topic: Topic = { name: spec.name, dedup: duplicateDetection(o), defaultTtl: opts.defaultMessageTimeToLiveTicks, maxMessageSizeBytes: opts.maxMessageSizeBytes, subscriptions: [] };
        for (const sub of (spec.subscriptions as Obj[] | undefined) ?? []) {
          const subOpts = { ...sub } as Obj;
          if (subOpts.defaultMessageTimeToLiveTicks === undefined && topic.defaultTtl !== null) subOpts.defaultMessageTimeToLiveTicks = topic.defaultTtl;
          const entity = this.addEntity(subscriptionName(spec.name, String(sub.name)), 'subscription', subOpts, null);
          const rules = Array.isArray(sub.rules) ? (sub.rules as Obj[]).map(parseRule) : defaultRules();
          topic.subscriptions.push({ name: String(sub.name), entity, rules });
        }
        this.core.topics.set(spec.name, topic);
      }
    }
  }

  private addEntity(name: string, kind: Entity['kind'], o: Obj, dedup: DuplicateDetection | null): Entity {
    const entity = this.newEntity(name, kind, o, dedup);
    entity.dlq = this.newEntity(deadLetterQueueName(name), 'deadletter', {}, null);
    entity.dlq.opts.maxDeliveryCount = Number.MAX_SAFE_INTEGER;
    this.core.entities.set(name, entity);
    this.core.entities.set(entity.dlq.name, entity.dlq);
    return entity;
  }

  private newEntity(name: string, kind: Entity['kind'], o: Obj, dedup: DuplicateDetection | null): Entity {
    const entity: Entity = {
      name, kind, opts: entityOptions(o), dedup, dlq: null, active: new Deque(), sessions: new Map(), available: new Deque(),
      deferred: new Map(), receivers: [], roundRobin: 0, sequenceNext: 1, locks: new Deque(),
      lockAlarm: undefined as unknown as Alarm, ttl: new MinHeap(), ttlAlarm: undefined as unknown as Alarm, pumpScheduled: false,
    };
    entity.lockAlarm = new Alarm(this.core.host, () => sweepLocks(this.core, entity));
    entity.ttlAlarm = new Alarm(this.core.host, () => sweepTtl(this.core, entity));
    return entity;
  }

  entityNames(): string[] {
    return [...this.core.topics.keys(), ...this.core.entities.keys()];
  }

  publish(message: Message, destination: string): void {
    publish(this.core, message, destination);
  }

  sendError(message: Message, destination: string): string | undefined {
    return sendError(this.core, message, destination);
  }

  // ── receivers coming and going ─────────────────────────────────────────────────────────

  addConsumer(spec: ConsumerSpec): void {
    const entity = this.core.entities.get(spec.entity)!;
    const receiver: Receiver = { spec, opts: processorOptions(spec.options), entity, up: true, incarnation: 0, running: 0, buffer: new Deque(), sessions: new Set() };
    entity.receivers.push(receiver);
    this.receivers.set(spec.id, receiver);
    this.core.schedulePump(entity);
  }

  consumerDown(consumerId: string): void {
    const r = this.receivers.get(consumerId);
    if (!r || !r.up) return;
    r.up = false;
    r.running = 0;
    r.buffer = new Deque();
  }

  consumerUp(consumerId: string): void {
    const r = this.receivers.get(consumerId);
    if (!r || r.up) return;
    r.up = true;
    r.incarnation++;
    this.core.schedulePump(r.entity);
  }

  // ── settling, deferral, sessions ───────────────────────────────────────────────────────

  settle(deliveryId: string, settlement: Settlement): void {
    settle(this.core, deliveryId, settlement);
  }

  settlementError(settlement: Settlement): string | undefined {
    return settlementError(settlement);
  }

  settleNow(deliveryId: string, settlement: Settlement): boolean | string {
    return settleNow(this.core, deliveryId, settlement);
  }

  receiveDeferred(deliveryId: string, sequenceNumber: number): Delivery | string {
    return receiveDeferred(this.core, deliveryId, sequenceNumber);
  }

  sessionState(entity: string, session: string): Json | null {
    return sessionState(this.core, entity, session);
  }

  setSessionState(entity: string, session: string, state: Json | null): void {
    setSessionState(this.core, entity, session, state);
  }

  session(deliveryId: string): BrokerSession | undefined {
    return sessionHandle(this.core, deliveryId);
  }

  // ── browsing and transactions ──────────────────────────────────────────────────────────

  peek(entity: string, maxMessages: number, fromSequenceNumber?: number): Delivery[] | string {
    return peek(this.core, entity, maxMessages, fromSequenceNumber);
  }

  transactionError(deliveryIds: string[]): string | undefined {
    return transactionError(this.core, deliveryIds);
  }

  commitSettlement(deliveryId: string, settlement: Settlement): void {
    commitSettlement(this.core, deliveryId, settlement);
  }

  // ── dead-letter redrive ────────────────────────────────────────────────────────────────

  /** Resubmits dead-lettered messages (all, or the given ids) to their entity as new messages. */
  redrive(entity: string, messageIds?: string[]): number {
    const e = this.core.entities.get(entity);
    if (!e?.dlq) return 0;
    const wanted = messageIds ? new Set(messageIds) : null;
    let moved = 0;
    const keep = new Deque<SbMessage>();
    while (e.dlq.active.length > 0) {
      const msg = e.dlq.active.shift()!;
      if (msg.state !== 'active' || (wanted && !wanted.has(msg.message.id))) { keep.push(msg); continue; }
      msg.state = 'gone';
      this.core.host.record({ kind: 'message.redriven', actor: e.dlq.name, messageId: msg.message.id, correlationId: msg.message.correlationId, data: { entity: e.name, from: e.dlq.name }, text: `resubmitted from ${e.dlq.name} to ${e.name} as a new message (new SequenceNumber, DeliveryCount 1)` });
      enqueue(this.core, e, msg.message);
      moved++;
    }
    e.dlq.active = keep;
    return moved;
  }
}
