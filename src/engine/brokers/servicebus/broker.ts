// The Azure Service Bus broker model: queues and topics with subscriptions, peek-lock and
// receive-and-delete receivers, lock expiry and processor auto-renewal, abandon / complete /
// dead-letter / defer, DeliveryCount and MaxDeliveryCount, TTL, duplicate detection, sessions,
// prefetch buffers. Each decision is recorded with a learner-readable explanation; delivery
// props carry the real names (DeliveryCount, SequenceNumber, LockedUntil…). Rules that do not
// need state (copy semantics, SQL filters, option defaults) live in pure modules beside it.

import type { Broker, BrokerHost, BrokerSession, ConsumerSpec, Delivery, Message, Settlement } from '../types';
import type { EntitySpec } from '../../scenario/types';
import type { Json } from '../../scenario/json';
import { Deque } from '../deque';
import { Alarm } from '../shared/alarm';
import { MinHeap } from '../shared/min-heap';
import type { Obj } from '../shared/options';
import { SB_REASONS, deadLetterQueueName, duplicateDetection, entityOptions, expiresAt, processorOptions, subscriptionName, type DuplicateDetection } from './options';
import { defaultRules, parseRule, sessionIdOf, subscriptionCopies } from './rules';
import type { Entity, Lock, Receiver, SbMessage, Session, Topic } from './state';
import { deliveryText, maxDeliveryText } from './explain';

export class ServiceBusBroker implements Broker {
  readonly kind = 'servicebus' as const;
  private entities = new Map<string, Entity>();
  private topics = new Map<string, Topic>();
  private locks = new Map<string, Lock>();
  private receivers = new Map<string, Receiver>();
  private dedupLogs = new Map<string, { seen: Map<string, number>; order: Deque<[string, number]> }>();

  constructor(specs: EntitySpec[], private readonly host: BrokerHost) {
    for (const spec of specs) {
      const o = spec as Obj;
      if (spec.type === 'queue') {
        this.addEntity(spec.name, 'queue', o, duplicateDetection(o));
      } else if (spec.type === 'topic') {
        const topic: Topic = { name: spec.name, dedup: duplicateDetection(o), defaultTtl: entityOptions(o).defaultMessageTimeToLiveTicks, subscriptions: [] };
        for (const sub of (spec.subscriptions as Obj[] | undefined) ?? []) {
          const subOpts = { ...sub } as Obj;
          if (subOpts.defaultMessageTimeToLiveTicks === undefined && topic.defaultTtl !== null) subOpts.defaultMessageTimeToLiveTicks = topic.defaultTtl;
          const entity = this.addEntity(subscriptionName(spec.name, String(sub.name)), 'subscription', subOpts, null);
          const rules = Array.isArray(sub.rules) ? (sub.rules as Obj[]).map(parseRule) : defaultRules();
          topic.subscriptions.push({ name: String(sub.name), entity, rules });
        }
        this.topics.set(spec.name, topic);
      }
    }
  }

  private addEntity(name: string, kind: Entity['kind'], o: Obj, dedup: DuplicateDetection | null): Entity {
    const entity = this.newEntity(name, kind, o, dedup);
    entity.dlq = this.newEntity(deadLetterQueueName(name), 'deadletter', {}, null);
    entity.dlq.opts.maxDeliveryCount = Number.MAX_SAFE_INTEGER;
    this.entities.set(name, entity);
    this.entities.set(entity.dlq.name, entity.dlq);
    return entity;
  }

  private newEntity(name: string, kind: Entity['kind'], o: Obj, dedup: DuplicateDetection | null): Entity {
    const entity: Entity = {
      name, kind, opts: entityOptions(o), dedup, dlq: null, active: new Deque(), sessions: new Map(), available: new Deque(),
      deferred: new Map(), receivers: [], roundRobin: 0, sequenceNext: 1, locks: new Deque(),
      lockAlarm: undefined as unknown as Alarm, ttl: new MinHeap(), ttlAlarm: undefined as unknown as Alarm, pumpScheduled: false,
    };
    entity.lockAlarm = new Alarm(this.host, () => this.sweepLocks(entity));
    entity.ttlAlarm = new Alarm(this.host, () => this.sweepTtl(entity));
    return entity;
  }

  entityNames(): string[] {
    return [...this.topics.keys(), ...this.entities.keys()];
  }

  // ── sending ────────────────────────────────────────────────────────────────────────────

  publish(message: Message, destination: string): void {
    const topic = this.topics.get(destination);
    if (topic) return this.publishToTopic(topic, message);
    const entity = this.entities.get(destination);
    if (!entity || entity.kind !== 'queue') {
      this.host.record({
        kind: 'message.unroutable', actor: 'broker', messageId: message.id, correlationId: message.correlationId, data: { destination },
        text: `${destination} is a ${entity?.kind === 'subscription' ? 'subscription' : 'dead-letter queue'}: senders send to queues and topics only`,
      });
      return;
    }
    if (this.isDuplicate(entity.name, entity.dedup, message)) return;
    this.enqueue(entity, message);
  }

  private publishToTopic(topic: Topic, message: Message): void {
    if (this.isDuplicate(topic.name, topic.dedup, message)) return;
    const routed: { entity: Entity; copies: ReturnType<typeof subscriptionCopies> }[] = [];
    const parts: string[] = [];
    for (const sub of topic.subscriptions) {
      const copies = subscriptionCopies(sub.rules, message);
      if (copies.length > 0) routed.push({ entity: sub.entity, copies });
      parts.push(copies.length === 0 ? `${sub.name}: no rule matched` : `${sub.name}: ${copies.map((c) => c.rules.join('+')).join(', ')}${copies.length > 1 ? ` (${copies.length} copies: each rule with an action makes its own)` : ''}`);
    }
    const total = routed.reduce((n, r) => n + r.copies.length, 0);
    this.host.record({
      kind: 'message.routed', actor: topic.name, messageId: message.id, correlationId: message.correlationId, data: { entity: topic.name, copies: total },
      text: topic.subscriptions.length === 0 ? `topic ${topic.name} has no subscriptions: the message is accepted and goes nowhere` : `topic ${topic.name} → ${parts.join('; ')}`,
    });
    for (const r of routed) for (const c of r.copies) this.enqueue(r.entity, c.message);
  }

  /** Duplicate detection by MessageId within the history window: accepted, silently dropped (ref §1.5). */
  private isDuplicate(entityName: string, dedup: DuplicateDetection | null, message: Message): boolean {
    if (!dedup) return false;
    const now = this.host.now();
    let log = this.dedupLogs.get(entityName);
    if (!log) this.dedupLogs.set(entityName, (log = { seen: new Map(), order: new Deque() }));
    while (log.order.length > 0 && log.order.peek()![1] + dedup.windowTicks <= now) {
      const [id, tick] = log.order.shift()!;
      if (log.seen.get(id) === tick) log.seen.delete(id);
    }
    const id = typeof message.headers.MessageId === 'string' ? message.headers.MessageId : message.id;
    const seenAt = log.seen.get(id);
    if (seenAt !== undefined) {
      this.host.record({
        kind: 'message.duplicate-dropped', actor: entityName, messageId: message.id, correlationId: message.correlationId, data: { entity: entityName },
        text: `duplicate MessageId ${id} (first seen at ${seenAt}, within DuplicateDetectionHistoryTimeWindow ${dedup.windowTicks} ms): the send succeeds but the message is dropped`,
      });
      return true;
    }
    log.seen.set(id, now);
    log.order.push([id, now]);
    return false;
  }

  private enqueue(entity: Entity, message: Message): void {
    const now = this.host.now();
    const session = sessionIdOf(message);
    const refs = { messageId: message.id, correlationId: message.correlationId };
    if (entity.opts.requiresSession && session === undefined) {
      this.host.record({
        kind: 'message.dead-lettered', actor: entity.name, ...refs, data: { entity: entity.name, dlq: entity.dlq!.name, reason: SB_REASONS.noSession },
        text: `dead-lettered to ${entity.dlq!.name}: ${entity.name} requires sessions and the message has no SessionId (DeadLetterReason "${SB_REASONS.noSession}")`,
      });
      this.toDeadLetterQueue(entity, { message, sequenceNumber: entity.sequenceNext++, deliveryCount: 1, enqueuedTick: now, expiresAt: null, session, state: 'active' }, SB_REASONS.noSession);
      return;
    }
    const msg: SbMessage = {
      message, sequenceNumber: entity.sequenceNext++, deliveryCount: 1, enqueuedTick: now,
      expiresAt: expiresAt(now, message.headers.TimeToLive, entity.opts.defaultMessageTimeToLiveTicks), session, state: 'active',
    };
    const props: Record<string, Json> = { SequenceNumber: msg.sequenceNumber, EnqueuedTime: now };
    if (msg.expiresAt !== null) props.ExpiresAt = msg.expiresAt;
    if (session !== undefined && entity.opts.requiresSession) props.SessionId = session;
    const scheduled = message.publishedTick < now;
    this.host.record({
      kind: 'message.enqueued', actor: entity.name, ...refs, data: { entity: entity.name, props },
      text: scheduled ? `scheduled message activated at ${now}: enqueued as new, SequenceNumber ${msg.sequenceNumber}` : undefined,
    });
    this.addActive(entity, msg, false);
    if (msg.expiresAt !== null) {
      entity.ttl.push(msg.expiresAt, msg);
      entity.ttlAlarm.request(msg.expiresAt);
    }
  }

  /** Makes a message receivable: at the back when new, at the front when it comes back (ref §1.3). */
  private addActive(entity: Entity, msg: SbMessage, front: boolean): void {
    msg.state = 'active';
    if (entity.opts.requiresSession && msg.session !== undefined) {
      let s = entity.sessions.get(msg.session);
      if (!s) entity.sessions.set(msg.session, (s = { id: msg.session, messages: new Deque(), owner: null, lockedUntil: 0, state: null }));
      if (front) s.messages.unshift(msg);
      else s.messages.push(msg);
      if (!s.owner && s.messages.length === 1) entity.available.push(s);
    } else if (front) entity.active.unshift(msg);
    else entity.active.push(msg);
    this.schedulePump(entity);
  }

  // ── receiving ──────────────────────────────────────────────────────────────────────────

  addConsumer(spec: ConsumerSpec): void {
    const entity = this.entities.get(spec.entity)!;
    const receiver: Receiver = { spec, opts: processorOptions(spec.options), entity, up: true, incarnation: 0, running: 0, buffer: new Deque(), sessions: new Set() };
    entity.receivers.push(receiver);
    this.receivers.set(spec.id, receiver);
    this.schedulePump(entity);
  }

  private schedulePump(entity: Entity): void {
    if (entity.pumpScheduled || entity.receivers.length === 0) return;
    entity.pumpScheduled = true;
    this.host.at(this.host.now(), () => {
      entity.pumpScheduled = false;
      if (entity.opts.requiresSession) this.pumpSessions(entity);
      else this.pump(entity);
    });
  }

  private capacity(r: Receiver): number {
    return r.spec.concurrency + r.opts.prefetchCount - r.running - r.buffer.length;
  }

  /** Competing receivers take messages round-robin while they have call slots or prefetch room. */
  private pump(entity: Entity): void {
    const receivers = entity.receivers;
    let progress = true;
    while (progress && entity.active.length > 0) {
      progress = false;
      for (let k = 0; k < receivers.length; k++) {
        const r = receivers[(entity.roundRobin + k) % receivers.length];
        if (!r.up || this.capacity(r) <= 0) continue;
        const msg = this.nextActive(entity, entity.active);
        if (!msg) return;
        this.handOver(entity, r, msg, null);
        progress = true;
      }
      entity.roundRobin = (entity.roundRobin + 1) % receivers.length;
    }
  }

  /** The next receivable message; expired ones met on the way are expired (ref §1.7). */
  private nextActive(entity: Entity, queue: Deque<SbMessage>): SbMessage | undefined {
    const now = this.host.now();
    while (queue.length > 0) {
      const msg = queue.shift()!;
      if (msg.state !== 'active') continue;
      if (msg.expiresAt !== null && msg.expiresAt <= now) {
        this.expire(entity, msg);
        continue;
      }
      return msg;
    }
    return undefined;
  }

  /** Session receivers accept free sessions (exclusive lock), up to MaxConcurrentSessions each (ref §1.6). */
  private pumpSessions(entity: Entity): void {
    const receivers = entity.receivers;
    let progress = true;
    while (progress && entity.available.length > 0) {
      progress = false;
      for (let k = 0; k < receivers.length && entity.available.length > 0; k++) {
        const r = receivers[(entity.roundRobin + k) % receivers.length];
        if (!r.up || r.sessions.size >= r.opts.maxConcurrentSessions) continue;
        const session = this.nextSession(entity);
        if (!session) return;
        session.owner = r;
        session.lockedUntil = this.host.now() + entity.opts.lockDurationTicks;
        r.sessions.add(session);
        this.host.record({
          kind: 'session.locked', actor: entity.name, data: { entity: entity.name, session: session.id, consumer: r.spec.service, lockedUntil: session.lockedUntil },
          text: `${r.spec.service} accepted session "${session.id}": an exclusive session lock; its messages come to this receiver only, in order`,
        });
        this.deliverSessionHead(entity, session);
        progress = true;
      }
      entity.roundRobin = (entity.roundRobin + 1) % Math.max(1, receivers.length);
    }
  }

  private nextSession(entity: Entity): Session | undefined {
    while (entity.available.length > 0) {
      const s = entity.available.shift()!;
      if (!s.owner && s.messages.length > 0) return s;
    }
    return undefined;
  }

  /** One call per session at a time (MaxConcurrentCallsPerSession 1): the head goes next. */
  private deliverSessionHead(entity: Entity, session: Session): void {
    const r = session.owner!;
    const msg = this.nextActive(entity, session.messages);
    if (!msg) return this.releaseSession(entity, session, 'no more messages in the session');
    this.handOver(entity, r, msg, session);
  }

  private releaseSession(entity: Entity, session: Session, reason: string): void {
    const r = session.owner;
    if (!r) return;
    session.owner = null;
    r.sessions.delete(session);
    this.host.record({ kind: 'session.released', actor: entity.name, data: { entity: entity.name, session: session.id, consumer: r.spec.service, reason }, text: `session "${session.id}" released by ${r.spec.service}: ${reason}` });
    if (session.messages.length > 0) entity.available.push(session);
    this.schedulePump(entity);
  }

  private handOver(entity: Entity, r: Receiver, msg: SbMessage, session: Session | null): void {
    const now = this.host.now();
    const peekLock = r.opts.receiveMode === 'PeekLock';
    const lockedUntil = now + entity.opts.lockDurationTicks;
    if (session) session.lockedUntil = lockedUntil;
    const props: Record<string, Json> = { DeliveryCount: msg.deliveryCount, SequenceNumber: msg.sequenceNumber, EnqueuedTime: msg.enqueuedTick };
    if (peekLock) props.LockedUntil = lockedUntil;
    if (msg.session !== undefined && session) props.SessionId = msg.session;
    if (msg.expiresAt !== null) props.ExpiresAt = msg.expiresAt;
    if (msg.extra) Object.assign(props, msg.extra);
    const delivery = { id: this.host.nextId('d'), message: msg.message, entity: entity.name, consumerId: r.spec.id, props };
    const lock: Lock = { delivery, msg, entity, receiver: r, incarnation: r.incarnation, lockedUntil, receivedTick: now, session, peekLock, started: false, returned: false, released: false, done: !peekLock };
    this.locks.set(delivery.id, lock);
    const slots = session ? r.opts.maxConcurrentSessions : r.spec.concurrency;
    const buffered = r.running >= slots || r.buffer.length > 0;
    const refs = { messageId: msg.message.id, correlationId: msg.message.correlationId, deliveryId: delivery.id };
    this.host.record({
      kind: 'message.delivered', actor: entity.name, ...refs, data: { entity: entity.name, consumer: r.spec.service, props },
      text: deliveryText(entity, r, msg, lockedUntil, buffered, peekLock),
    });
    if (peekLock) {
      msg.state = 'locked';
      entity.locks.push({ lock, until: lockedUntil });
      entity.lockAlarm.request(lockedUntil);
    } else {
      msg.state = 'gone';
      this.host.record({ kind: 'message.acked', actor: entity.name, ...refs, data: { entity: entity.name, consumer: r.spec.service }, text: 'ReceiveAndDelete: deleted from the entity as it went on the wire; if the receiver fails now, the message is lost' });
    }
    if (buffered) r.buffer.push(lock);
    else this.start(lock);
  }

  private start(lock: Lock): void {
    lock.started = true;
    lock.receiver.running++;
    this.host.deliver(lock.delivery);
  }

  /** A call slot freed: the next prefetched message goes to the handler, even if its lock already lapsed (ref §1.10). */
  private drainBuffer(r: Receiver): void {
    while (r.up && r.running < r.spec.concurrency && r.buffer.length > 0) this.start(r.buffer.shift()!);
  }

  // ── settling ───────────────────────────────────────────────────────────────────────────

  settle(deliveryId: string, settlement: Settlement): void {
    const lock = this.locks.get(deliveryId);
    if (!lock) return;
    const r = lock.receiver;
    const entity = lock.entity;
    if (!lock.released && lock.started && lock.incarnation === r.incarnation) {
      lock.released = true;
      if (!lock.deferred) r.running--;
    }
    const refs = { messageId: lock.msg.message.id, correlationId: lock.msg.message.correlationId, deliveryId };
    if (!lock.peekLock) {
      this.locks.delete(deliveryId);
      if (settlement.outcome !== 'complete') {
        this.host.record({ kind: 'message.dropped', actor: entity.name, ...refs, data: { entity: entity.name, reason: 'ReceiveAndDelete: the handler failed after the message was deleted' }, text: 'lost: received in ReceiveAndDelete mode, so nothing can bring it back after the handler failed' });
      }
    } else if (lock.done) {
      this.locks.delete(deliveryId);
      this.host.record({
        kind: 'message.settle-failed', actor: entity.name, ...refs, data: { entity: entity.name, consumer: r.spec.service, reason: 'lock lost' },
        text: `${settlement.outcome} refused (MessageLockLostException): the lock expired at ${lock.lockedUntil}, so the message was or will be delivered again`,
      });
    } else if (!r.opts.autoCompleteMessages && !settlement.explicit && (settlement.outcome === 'complete' || settlement.outcome === 'fail')) {
      // AutoCompleteMessages off and the handler did not settle: nothing is sent, the lock runs out.
      lock.returned = true;
    } else {
      this.locks.delete(deliveryId);
      this.applySettlement(lock, settlement, refs);
      if (lock.session && lock.session.owner === r && !lock.deferred) this.deliverSessionHead(entity, lock.session);
    }
    while (entity.locks.length > 0 && entity.locks.peek()!.lock.done) entity.locks.shift();
    if (entity.locks.length === 0) entity.lockAlarm.clear();
    this.drainBuffer(r);
    this.schedulePump(entity);
  }

  private applySettlement(lock: Lock, settlement: Settlement, refs: { messageId: string; correlationId: string; deliveryId: string }): void {
    const { entity, msg, receiver: r } = lock;
    lock.done = true;
    switch (settlement.outcome) {
      case 'complete':
        msg.state = 'gone';
        this.host.record({ kind: 'message.acked', actor: entity.name, ...refs, data: { entity: entity.name, consumer: r.spec.service }, text: 'completed: removed from the entity' });
        return;
      case 'dead-letter':
        if (entity.kind === 'deadletter') {
          this.host.record({ kind: 'message.abandoned', actor: entity.name, ...refs, data: { entity: entity.name, consumer: r.spec.service, requeued: true }, text: 'a message cannot be dead-lettered from a dead-letter queue: it stays there' });
          this.addActive(entity, msg, true);
          return;
        }
        this.deadLetter(entity, msg, settlement.reason, settlement.description, refs.deliveryId);
        return;
      case 'defer':
        msg.state = 'deferred';
        entity.deferred.set(msg.sequenceNumber, msg);
        this.host.record({
          kind: 'message.deferred', actor: entity.name, ...refs, data: { entity: entity.name, consumer: r.spec.service, sequenceNumber: msg.sequenceNumber },
          text: `deferred: hidden from normal receives; only ReceiveDeferredMessage(${msg.sequenceNumber}) gets it back, and it is never dead-lettered on expiry`,
        });
        return;
      default: {
        const why = settlement.outcome === 'fail' ? settlement.error : 'abandoned';
        if (lock.deferred) return this.returnMessage(lock, settlement.outcome === 'fail' ? `abandoned by the processor because the handler threw (${why})` : 'abandoned');
        this.host.record({
          kind: 'message.abandoned', actor: entity.name, ...refs, data: { entity: entity.name, consumer: r.spec.service, requeued: msg.deliveryCount + 1 <= entity.opts.maxDeliveryCount },
          text: settlement.outcome === 'fail' ? `abandoned by the processor because the handler threw (AutoCompleteMessages): DeliveryCount ${msg.deliveryCount} → ${msg.deliveryCount + 1}` : `abandoned: DeliveryCount ${msg.deliveryCount} → ${msg.deliveryCount + 1}`,
        });
        this.returnMessage(lock, why);
      }
    }
  }

  /** Abandon or lock expiry: DeliveryCount + 1; over MaxDeliveryCount ⇒ DLQ, else back to the front (ref §1.4). */
  private returnMessage(lock: Lock, why: string): void {
    const { entity, msg } = lock;
    msg.deliveryCount++;
    if (msg.deliveryCount > entity.opts.maxDeliveryCount) {
      this.deadLetter(entity, msg, SB_REASONS.maxDelivery, maxDeliveryText(msg.deliveryCount, entity.opts.maxDeliveryCount, why), lock.delivery.id);
    } else if (lock.deferred) {
      // Received by sequence number: released, it goes back to the deferred set, not to the queue (sim note, ref §1.10).
      msg.state = 'deferred';
      entity.deferred.set(msg.sequenceNumber, msg);
      this.host.record({
        kind: 'message.deferred', actor: entity.name, messageId: msg.message.id, correlationId: msg.message.correlationId, deliveryId: lock.delivery.id,
        data: { entity: entity.name, consumer: lock.receiver.spec.service, sequenceNumber: msg.sequenceNumber },
        text: `${why}: it stays deferred (SequenceNumber ${msg.sequenceNumber}, DeliveryCount now ${msg.deliveryCount}); only ReceiveDeferredMessage gets it back`,
      });
    } else if (msg.expiresAt !== null && msg.expiresAt <= this.host.now()) {
      this.expire(entity, msg);
    } else {
      this.addActive(entity, msg, true);
    }
  }

  private deadLetter(entity: Entity, msg: SbMessage, reason: string, description: string | undefined, deliveryId?: string): void {
    msg.state = 'gone';
    const dlq = entity.dlq!;
    this.host.record({
      kind: 'message.dead-lettered', actor: entity.name, messageId: msg.message.id, correlationId: msg.message.correlationId, deliveryId,
      data: { entity: entity.name, dlq: dlq.name, reason, ...(description ? { description } : {}) },
      text: reason === SB_REASONS.maxDelivery ? `dead-lettered: ${description}` : `dead-lettered to ${dlq.name}: DeadLetterReason ${reason}${description ? ` (${description})` : ''}`,
    });
    this.toDeadLetterQueue(entity, msg, reason, description);
  }

  /** The DLQ keeps the message (no TTL there, no automatic cleanup) for a receiver of the sub-queue (ref §1.4). */
  private toDeadLetterQueue(entity: Entity, msg: SbMessage, reason: string, description?: string): void {
    const dlq = entity.dlq!;
    const copy: SbMessage = {
      ...msg, expiresAt: null, session: undefined, state: 'active',
      extra: { DeadLetterReason: reason, ...(description ? { DeadLetterErrorDescription: description } : {}), DeadLetterSource: entity.name },
    };
    dlq.active.push(copy);
    this.schedulePump(dlq);
  }

  private expire(entity: Entity, msg: SbMessage): void {
    msg.state = 'gone';
    if (entity.opts.deadLetteringOnMessageExpiration) {
      this.deadLetter(entity, msg, SB_REASONS.ttl, `TimeToLive passed at ${msg.expiresAt} and EnableDeadLetteringOnMessageExpiration is on`);
    } else {
      this.host.record({
        kind: 'message.expired', actor: entity.name, messageId: msg.message.id, correlationId: msg.message.correlationId, data: { entity: entity.name },
        text: `expired at ${msg.expiresAt} (TimeToLive) and removed: dead-lettering on expiration is off, so it is gone`,
      });
    }
  }

  // ── timers ─────────────────────────────────────────────────────────────────────────────

  /** Locks due now: the processor renews those whose handler is still running, the rest expire (ref §1.3). */
  private sweepLocks(entity: Entity): void {
    const now = this.host.now();
    while (entity.locks.length > 0) {
      const { lock, until } = entity.locks.peek()!;
      if (lock.done || lock.lockedUntil !== until) {
        entity.locks.shift();
        continue;
      }
      if (until > now) break;
      entity.locks.shift();
      if (this.renewable(lock, now)) this.renew(lock, now);
      else this.expireLock(lock);
    }
    if (entity.locks.length > 0) entity.lockAlarm.request(entity.locks.peek()!.until);
  }

  private renewable(lock: Lock, now: number): boolean {
    const r = lock.receiver;
    return lock.started && !lock.returned && !lock.released && r.up && lock.incarnation === r.incarnation && now < lock.receivedTick + r.opts.maxAutoLockRenewalDurationTicks;
  }

  private renew(lock: Lock, now: number): void {
    const r = lock.receiver;
    const limit = lock.receivedTick + r.opts.maxAutoLockRenewalDurationTicks;
    lock.lockedUntil = now + lock.entity.opts.lockDurationTicks;
    if (lock.session) lock.session.lockedUntil = lock.lockedUntil;
    lock.entity.locks.push({ lock, until: lock.lockedUntil });
    this.host.record({
      kind: 'message.lock-renewed', actor: lock.entity.name, messageId: lock.msg.message.id, correlationId: lock.msg.message.correlationId, deliveryId: lock.delivery.id,
      data: { entity: lock.entity.name, consumer: r.spec.service, lockedUntil: lock.lockedUntil },
      text: `the processor renewed the ${lock.session ? 'session' : 'message'} lock until ${lock.lockedUntil} (auto-renewal continues until ${limit}: MaxAutoLockRenewalDuration ${r.opts.maxAutoLockRenewalDurationTicks} ms)`,
    });
  }

  private expireLock(lock: Lock): void {
    const { entity, msg, receiver: r } = lock;
    lock.done = true;
    const where = !lock.started ? ' while it waited in the prefetch buffer' : r.up && lock.incarnation === r.incarnation ? '' : ` (${r.spec.service} is gone, nobody renewed it)`;
    this.host.record({
      kind: 'message.lock-expired', actor: entity.name, messageId: msg.message.id, correlationId: msg.message.correlationId, deliveryId: lock.delivery.id,
      data: { entity: entity.name, consumer: r.spec.service },
      text: `${lock.session ? 'session' : 'message'} lock expired at ${lock.lockedUntil}${where}: same as abandon, DeliveryCount ${msg.deliveryCount} → ${msg.deliveryCount + 1}`,
    });
    if (lock.session && lock.session.owner === r && !lock.deferred) {
      lock.session.owner = null;
      r.sessions.delete(lock.session);
      this.host.record({ kind: 'session.released', actor: entity.name, data: { entity: entity.name, session: lock.session.id, consumer: r.spec.service, reason: 'session lock expired' }, text: `session "${lock.session.id}" lock lost: another receiver may accept it` });
      this.returnMessage(lock, 'session lock expired');
      if (lock.session.messages.length > 0) entity.available.push(lock.session);
    } else {
      this.returnMessage(lock, 'lock expired');
    }
    this.schedulePump(entity);
  }

  private sweepTtl(entity: Entity): void {
    const now = this.host.now();
    while (entity.ttl.length > 0 && entity.ttl.peekKey()! <= now) {
      const msg = entity.ttl.pop()!;
      if (msg.state === 'active') this.expire(entity, msg);
    }
    if (entity.ttl.length > 0) entity.ttlAlarm.request(entity.ttl.peekKey()!);
  }

  // ── receivers coming and going ─────────────────────────────────────────────────────────

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
    this.schedulePump(r.entity);
  }

  /** Session state of a session entity (SetSessionState/GetSessionState, ref §1.6). */
  sessionState(entity: string, session: string): Json | null {
    return this.entities.get(entity)?.sessions.get(session)?.state ?? null;
  }

  setSessionState(entity: string, session: string, state: Json | null): void {
    const s = this.entities.get(entity)?.sessions.get(session);
    if (s) s.state = state;
  }

  /** Service Bus settles by complete, abandon, dead-letter and defer; basic.nack/reject are RabbitMQ's (ref §1.3). */
  settlementError(settlement: Settlement): string | undefined {
    if (settlement.outcome === 'nack') {
      return `${settlement.method} is RabbitMQ's; Service Bus settles with Complete, Abandon (ctx.abandon(): redelivered, DeliveryCount + 1), DeadLetter (ctx.deadLetter(reason)) or Defer (ref §1.3)`;
    }
    return undefined;
  }

  /** ReceiveDeferredMessage(sequenceNumber) on the entity the delivery came from, for the same receiver (ref §1.3); DeliveryCount unchanged (it grows on abandon and lock expiry, ref §1.4). */
  receiveDeferred(deliveryId: string, sequenceNumber: number): Delivery | string {
    const current = this.locks.get(deliveryId);
    if (!current) return 'the delivery is no longer held';
    const { entity, receiver: r } = current;
    const msg = entity.deferred.get(sequenceNumber);
    if (!msg || msg.state !== 'deferred') {
      return `no deferred message with SequenceNumber ${sequenceNumber} in ${entity.name} (ServiceBusException MessageNotFound)`;
    }
    if (!current.peekLock) return 'deferred messages are received in PeekLock mode';
    entity.deferred.delete(sequenceNumber);
    const now = this.host.now();
    const lockedUntil = now + entity.opts.lockDurationTicks;
    const props: Record<string, Json> = { DeliveryCount: msg.deliveryCount, SequenceNumber: msg.sequenceNumber, EnqueuedTime: msg.enqueuedTick, LockedUntil: lockedUntil, State: 'Deferred' };
    if (msg.session !== undefined && current.session) props.SessionId = msg.session;
    if (msg.expiresAt !== null) props.ExpiresAt = msg.expiresAt;
    const delivery: Delivery = { id: this.host.nextId('d'), message: msg.message, entity: entity.name, consumerId: r.spec.id, props };
    const lock: Lock = { delivery, msg, entity, receiver: r, incarnation: r.incarnation, lockedUntil, receivedTick: now, session: current.session, peekLock: true, started: true, returned: false, released: false, done: false, deferred: true };
    this.locks.set(delivery.id, lock);
    msg.state = 'locked';
    this.host.record({
      kind: 'message.delivered', actor: entity.name, messageId: msg.message.id, correlationId: msg.message.correlationId, deliveryId: delivery.id,
      data: { entity: entity.name, consumer: r.spec.service, props },
      text: `ReceiveDeferredMessage(${sequenceNumber}): the deferred message, locked for ${r.spec.service} until ${lockedUntil} (DeliveryCount ${msg.deliveryCount})`,
    });
    entity.locks.push({ lock, until: lockedUntil });
    entity.lockAlarm.request(lockedUntil);
    return delivery;
  }

  /** ctx.session on a session entity: GetSessionState/SetSessionState under the session lock (ref §1.6). */
  session(deliveryId: string): BrokerSession | undefined {
    const lock = this.locks.get(deliveryId);
    const session = lock?.session;
    if (!lock || !session) return undefined;
    const held = () => {
      if (lock.done || session.owner !== lock.receiver) throw new Error(`SessionLockLostException: the lock on session "${session.id}" was lost`);
    };
    return {
      id: session.id,
      getState: () => {
        held();
        return session.state;
      },
      setState: (value) => {
        held();
        session.state = value;
        this.host.record({
          kind: 'session.state-set', actor: lock.entity.name, messageId: lock.msg.message.id, correlationId: lock.msg.message.correlationId, deliveryId,
          data: { entity: lock.entity.name, session: session.id, consumer: lock.receiver.spec.service, state: value },
          text: value === null ? `session "${session.id}": state cleared (SetSessionState(null))` : `session "${session.id}": state stored with the session (SetSessionState); it persists until cleared, whoever holds the session next`,
        });
      },
    };
  }

  redrive(entity: string, messageIds?: string[]): number {
    const e = this.entities.get(entity);
    if (!e?.dlq) return 0;
    const wanted = messageIds ? new Set(messageIds) : null;
    let moved = 0;
    const keep = new Deque<SbMessage>();
    while (e.dlq.active.length > 0) {
      const msg = e.dlq.active.shift()!;
      if (msg.state !== 'active' || (wanted && !wanted.has(msg.message.id))) { keep.push(msg); continue; }
      msg.state = 'gone';
      this.host.record({ kind: 'message.redriven', actor: e.dlq.name, messageId: msg.message.id, correlationId: msg.message.correlationId, data: { entity: e.name, from: e.dlq.name }, text: `resubmitted from ${e.dlq.name} to ${e.name} as a new message (new SequenceNumber, DeliveryCount 1)` });
      this.enqueue(e, msg.message);
      moved++;
    }
    e.dlq.active = keep;
    return moved;
  }
}
