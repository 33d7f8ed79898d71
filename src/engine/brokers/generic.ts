// The generic broker: point-to-point queues with peek-lock delivery, and topics that copy each
// message to their subscriber queues. A delivery locks the message for `lockDurationTicks`;
// the consumer acks (complete) or fails (abandon) it; an expired lock returns it to the queue.
// Each hand-over increments the delivery count; a message handed out `maxDeliveryCount` times
// that fails again goes to the queue's dead-letter queue with a reason. It is the teaching
// baseline the three faithful broker models refine.

import type { Broker, BrokerHost, BrokerModel, ConsumerSpec, Delivery, Message, Settlement, Timer } from './types';
import type { EntitySpec, Scenario } from '../scenario/types';
import type { Json } from '../scenario/json';
import type { ValidationIssue } from '../scenario/validate-types';
import { Deque } from './deque';
import { Checker } from './shared/options';
import { recordAcked, recordDelivered, recordEnqueued } from './generic-records';
import { LockList } from './generic-locks';

export const GENERIC_QUEUE_DEFAULTS = { maxDeliveryCount: 10, lockDurationTicks: 30_000 };

interface Copy {
  message: Message;
  deliveryCount: number;
  sequenceNumber: number;
  enqueuedTick: number;
}

interface Lock {
  delivery: Delivery;
  copy: Copy;
  queue: QueueState;
  consumer: ConsumerState;
  lockedUntil: number;
  /** The lock ended: settled or expired. */
  done: boolean;
  /** The consumer gave its concurrency slot back. */
  released: boolean;
  /** Neighbours among the broker's held locks (LockList), in the order they were taken. */
  prev: Lock | null;
  next: Lock | null;
  /** Among the held locks: not settled yet, nor forgotten after its consumer went down. */
  held: boolean;
}

/** Where a delivery this broker handed out keeps its lock (settleDelivery finds it there). */
const LOCK = Symbol('generic lock');

class HeldDelivery implements Delivery {
  [LOCK]: Lock | undefined = undefined;

  constructor(
    public id: string,
    public message: Message,
    public entity: string,
    public consumerId: string,
    public props: Record<string, Json>,
  ) {}
}

interface ConsumerState {
  spec: ConsumerSpec;
  busy: number;
  up: boolean;
}

interface QueueState {
  name: string;
  dlqName: string;
  maxDeliveryCount: number;
  lockDurationTicks: number;
  ready: Deque<Copy>;
  dlq: Copy[];
  consumers: ConsumerState[];
  roundRobin: number;
  expiries: Deque<Lock>;
  /** The tick the sweep timer is set for (null: not set). */
  sweepAt: number | null;
  sweep: Timer | null;
  pumpScheduled: boolean;
  pumpTimer: Timer | null;
  sequenceNext: number;
}

export function dlqName(queue: string): string {
  return `${queue}.dlq`;
}

class GenericBroker implements Broker {
  readonly kind = 'generic' as const;
  private queues = new Map<string, QueueState>();
  private topics = new Map<string, string[]>();
  private locks = new LockList<Lock>();
  private consumers = new Map<string, ConsumerState>();

  constructor(entities: EntitySpec[], private readonly host: BrokerHost) {
    for (const e of entities) {
      if (e.type === 'queue') {
        this.queues.set(e.name, {
          name: e.name, dlqName: dlqName(e.name),
          maxDeliveryCount: (e.maxDeliveryCount as number | undefined) ?? GENERIC_QUEUE_DEFAULTS.maxDeliveryCount,
          lockDurationTicks: (e.lockDurationTicks as number | undefined) ?? GENERIC_QUEUE_DEFAULTS.lockDurationTicks,
          ready: new Deque(), dlq: [], consumers: [], roundRobin: 0, expiries: new Deque(), sweepAt: null, sweep: null,
          pumpScheduled: false, pumpTimer: null, sequenceNext: 1,
        });
      } else if (e.type === 'topic') {
        this.topics.set(e.name, (e.subscribers as string[]) ?? []);
      }
    }
  }

  entityNames(): string[] {
    return [...this.topics.keys(), ...[...this.queues.values()].flatMap((q) => [q.name, q.dlqName])];
  }

  publish(message: Message, destination: string): void {
    const subscribers = this.topics.get(destination);
    if (subscribers) {
      this.host.record({
        kind: 'message.routed', actor: destination, messageId: message.id, correlationId: message.correlationId,
        data: { entity: destination, copies: subscribers.length },
        text: subscribers.length ? `topic ${destination} copies it to ${subscribers.join(', ')}` : `topic ${destination} has no subscribers: the message goes nowhere`,
      });
      for (const queue of subscribers) this.enqueue(this.queues.get(queue)!, message);
      return;
    }
    const queue = this.queues.get(destination);
    if (queue) this.enqueue(queue, message);
    else this.host.record({ kind: 'message.unroutable', actor: 'broker', messageId: message.id, correlationId: message.correlationId, data: { destination }, text: `${destination} is a dead-letter queue; nothing can be sent to it` });
  }

  private enqueue(queue: QueueState, message: Message, deliveryCount = 0): void {
    const copy: Copy = { message, deliveryCount, sequenceNumber: queue.sequenceNext++, enqueuedTick: this.host.now() };
    queue.ready.push(copy);
    recordEnqueued(this.host.trace, queue.name, message.id, message.correlationId, copy.sequenceNumber);
    this.schedulePump(queue);
  }

  addConsumer(spec: ConsumerSpec): void {
    const queue = this.queues.get(spec.entity)!;
    const consumer: ConsumerState = { spec, busy: 0, up: true };
    queue.consumers.push(consumer);
    this.consumers.set(spec.id, consumer);
    this.schedulePump(queue);
  }

  // (The timers' closures are made in their own methods: a method that makes a closure gets a
  // context object on every call, made or not. These two run several times per message.)
  private schedulePump(queue: QueueState): void {
    if (queue.pumpScheduled || queue.consumers.length === 0) return;
    queue.pumpScheduled = true;
    (queue.pumpTimer ?? this.pumpTimer(queue)).set(this.host.now());
  }

  private pumpTimer(queue: QueueState): Timer {
    return (queue.pumpTimer = this.host.timer(() => {
      queue.pumpScheduled = false;
      this.pump(queue);
    }));
  }

  /** Hands ready messages to consumers with free slots, round-robin. */
  private pump(queue: QueueState): void {
    const consumers = queue.consumers;
    let progress = true;
    while (progress && queue.ready.length > 0) {
      progress = false;
      for (let k = 0; k < consumers.length && queue.ready.length > 0; k++) {
        const consumer = consumers[(queue.roundRobin + k) % consumers.length];
        if (!consumer.up || consumer.busy >= consumer.spec.concurrency) continue;
        this.handOver(queue, consumer, queue.ready.shift()!);
        progress = true;
      }
      queue.roundRobin = (queue.roundRobin + 1) % consumers.length;
    }
  }

  private handOver(queue: QueueState, consumer: ConsumerState, copy: Copy): void {
    copy.deliveryCount++;
    const lockedUntil = this.host.now() + queue.lockDurationTicks;
    const delivery = new HeldDelivery(this.host.nextId('d'), copy.message, queue.name, consumer.spec.id, { deliveryCount: copy.deliveryCount, sequenceNumber: copy.sequenceNumber, lockedUntil });
    const lock: Lock = { delivery, copy, queue, consumer, lockedUntil, done: false, released: false, prev: null, next: null, held: false };
    delivery[LOCK] = lock;
    this.locks.add(lock);
    consumer.busy++;
    queue.expiries.push(lock);
    this.scheduleSweep(queue);
    recordDelivered(this.host.trace, queue.name, copy.message.id, copy.message.correlationId, delivery.id, consumer.spec.service, copy.deliveryCount, copy.sequenceNumber, lockedUntil, queue.maxDeliveryCount);
    this.host.deliver(delivery);
  }

  /**
   * Locks expire in the order they were taken (one lock duration per queue), so one timer,
   * set for the oldest live lock, suffices. It moves when that lock is settled.
   */
  private scheduleSweep(queue: QueueState): void {
    while (queue.expiries.length > 0 && queue.expiries.peek()!.done) queue.expiries.shift();
    const head = queue.expiries.peek();
    if (head && queue.sweepAt === head.lockedUntil) return;
    if (queue.sweepAt !== null) queue.sweep!.clear();
    queue.sweepAt = null;
    if (!head) return;
    queue.sweepAt = head.lockedUntil;
    // one timer per queue, moved as its oldest lock changes (not a new agenda item per message)
    (queue.sweep ?? this.sweepTimer(queue)).set(head.lockedUntil);
  }

  private sweepTimer(queue: QueueState): Timer {
    return (queue.sweep = this.host.timer(() => this.sweep(queue)));
  }

  /** The sweep timer rang: expires the locks that are due, and sets it for the next. */
  private sweep(queue: QueueState): void {
    queue.sweepAt = null;
    const now = this.host.now();
    while (queue.expiries.length > 0 && (queue.expiries.peek()!.done || queue.expiries.peek()!.lockedUntil <= now)) {
      const lock = queue.expiries.shift()!;
      if (!lock.done) this.expire(lock);
    }
    this.scheduleSweep(queue);
  }

  private expire(lock: Lock): void {
    lock.done = true;
    this.host.record({
      kind: 'message.lock-expired', actor: lock.queue.name, messageId: lock.copy.message.id, correlationId: lock.copy.message.correlationId, deliveryId: lock.delivery.id,
      data: { entity: lock.queue.name, consumer: lock.consumer.spec.service },
      text: `lock expired after ${lock.queue.lockDurationTicks} ms without a settlement: the message is available again`,
    });
    this.release(lock, `lock expired`);
  }

  /** The generic queue completes, abandons and dead-letters; deferral and AMQP nack/reject belong to the faithful models. */
  settlementError(settlement: Settlement): string | undefined {
    if (settlement.outcome === 'defer') return 'the generic queue has no deferral; pick the Service Bus broker for ctx.defer()';
    if (settlement.outcome === 'nack') return `the generic queue has no ${settlement.method}; use ctx.abandon() to return the message or ctx.deadLetter(reason), or pick the RabbitMQ broker`;
    return undefined;
  }

  settle(deliveryId: string, settlement: Settlement): void {
    const lock = this.locks.find(deliveryId);
    if (lock) this.settleLock(lock, settlement);
  }

  settleDelivery(delivery: Delivery, settlement: Settlement): void {
    const lock = (delivery as HeldDelivery)[LOCK];
    if (lock === undefined) return this.settle(delivery.id, settlement);
    if (lock.held) this.settleLock(lock, settlement);
  }

  private settleLock(lock: Lock, settlement: Settlement): void {
    const deliveryId = lock.delivery.id;
    if (!lock.released) {
      lock.released = true;
      lock.consumer.busy--;
    }
    const m = lock.copy.message;
    if (lock.done) {
      this.locks.remove(lock);
      this.host.record({
        kind: 'message.settle-failed', actor: lock.queue.name, messageId: m.id, correlationId: m.correlationId, deliveryId,
        data: { entity: lock.queue.name, consumer: lock.consumer.spec.service, reason: 'lock lost' },
        text: `${settlement.outcome} refused: the lock was already lost, so the message was or will be delivered again`,
      });
      this.schedulePump(lock.queue);
      return;
    }
    lock.done = true;
    this.locks.remove(lock);
    if (lock.queue.expiries.peek() === lock) this.scheduleSweep(lock.queue);
    if (settlement.outcome === 'complete') {
      recordAcked(this.host.trace, lock.queue.name, m.id, m.correlationId, deliveryId, lock.consumer.spec.service);
    } else if (settlement.outcome === 'dead-letter') {
      this.deadLetter(lock.queue, lock.copy, settlement.reason, settlement.description, deliveryId);
    } else {
      this.host.record({ kind: 'message.abandoned', actor: lock.queue.name, messageId: m.id, correlationId: m.correlationId, deliveryId, data: { entity: lock.queue.name, consumer: lock.consumer.spec.service, requeued: lock.copy.deliveryCount < lock.queue.maxDeliveryCount } });
      this.release(lock, settlement.outcome === 'fail' ? settlement.error : settlement.outcome);
    }
    this.schedulePump(lock.queue);
  }

  /** The message goes back to the front of the queue, or to the DLQ once its deliveries are used up. */
  private release(lock: Lock, why: string): void {
    const { queue, copy } = lock;
    if (copy.deliveryCount >= queue.maxDeliveryCount) {
      this.deadLetter(queue, copy, 'MaxDeliveryCountExceeded', `delivery count ${copy.deliveryCount} reached maxDeliveryCount ${queue.maxDeliveryCount}; last: ${why}`, lock.delivery.id);
    } else {
      queue.ready.unshift(copy);
      this.schedulePump(queue);
    }
  }

  private deadLetter(queue: QueueState, copy: Copy, reason: string, description: string | undefined, deliveryId?: string): void {
    queue.dlq.push(copy);
    this.host.record({
      kind: 'message.dead-lettered', actor: queue.name, messageId: copy.message.id, correlationId: copy.message.correlationId, deliveryId,
      data: { entity: queue.name, dlq: queue.dlqName, reason, ...(description ? { description } : {}) },
      text: `dead-lettered to ${queue.dlqName}: ${reason}${description ? ` (${description})` : ''}`,
    });
  }

  consumerDown(consumerId: string): void {
    const consumer = this.consumers.get(consumerId);
    if (!consumer) return;
    consumer.up = false;
    consumer.busy = 0;
    this.locks.forEach((lock) => {
      if (lock.consumer !== consumer) return;
      lock.released = true;
      if (lock.done) this.locks.remove(lock); // expired already: nobody will settle it now
    });
  }

  consumerUp(consumerId: string): void {
    const consumer = this.consumers.get(consumerId);
    if (!consumer) return;
    consumer.up = true;
    for (const queue of this.queues.values()) if (queue.consumers.includes(consumer)) this.schedulePump(queue);
  }

  redrive(entity: string, messageIds?: string[]): number {
    const queue = this.queues.get(entity);
    if (!queue) return 0;
    const wanted = messageIds ? new Set(messageIds) : null;
    const moving = queue.dlq.filter((c) => !wanted || wanted.has(c.message.id));
    queue.dlq = queue.dlq.filter((c) => !moving.includes(c));
    for (const copy of moving) {
      this.host.record({ kind: 'message.redriven', actor: queue.dlqName, messageId: copy.message.id, correlationId: copy.message.correlationId, data: { entity: queue.name, from: queue.dlqName }, text: `moved back from ${queue.dlqName} to ${queue.name} with a fresh delivery count` });
      this.enqueue(queue, copy.message);
    }
    return moving.length;
  }
}

function validate(entities: EntitySpec[], scenario: Scenario, path: (i: number) => string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const queues = new Set(entities.filter((e) => e.type === 'queue').map((e) => e.name));
  // A generic queue's consumers take no options: one given is a typo or meant for another broker.
  scenario.services.forEach((svc, i) => {
    if (typeof svc !== 'object' || svc === null || !Array.isArray(svc.handlers)) return;
    svc.handlers.forEach((h, j) => {
      if (typeof h !== 'object' || h === null || typeof h.consumes !== 'string' || !queues.has(h.consumes) || h.options === undefined) return;
      const c = new Checker(issues, `services[${i}].handlers[${j}].options`);
      if (typeof h.options !== 'object' || h.options === null || Array.isArray(h.options)) c.add('', 'must be an object');
      else c.known(h.options, []);
    });
  });
  entities.forEach((e, i) => {
    if (e.type === 'queue') {
      for (const field of ['maxDeliveryCount', 'lockDurationTicks'] as const) {
        const v = e[field];
        if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 1)) issues.push({ path: `${path(i)}.${field}`, message: `must be a positive integer, got ${JSON.stringify(v)}` });
      }
    } else if (e.type === 'topic') {
      const subs = e.subscribers;
      if (!Array.isArray(subs)) issues.push({ path: `${path(i)}.subscribers`, message: 'must be a list of queue names' });
      else subs.forEach((s, j) => {
        if (typeof s !== 'string' || !queues.has(s)) issues.push({ path: `${path(i)}.subscribers[${j}]`, message: `no queue named ${JSON.stringify(s)}` });
      });
    } else {
      issues.push({ path: `${path(i)}.type`, message: `the generic broker has queues and topics, not "${e.type}"` });
    }
  });
  return issues;
}

export const genericBroker: BrokerModel = {
  kind: 'generic',
  title: 'Generic queue',
  entityTypes: ['queue', 'topic'],
  validate,
  create: (entities, host) => new GenericBroker(entities, host),
};
