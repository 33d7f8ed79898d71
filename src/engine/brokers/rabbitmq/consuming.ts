// Handing messages to consumers (ref §2.3, §2.4, §2.9): each queue's pump gives its ready
// messages round-robin to the consumers with prefetch headroom (basic.qos, per consumer), or
// only to the single active consumer; a delivery carries the real properties (redelivered,
// delivery tag, x-delivery-count, x-death and the first/last-death headers) and waits in the
// consumer's buffer while all its handler slots are busy. Automatic-ack deliveries are
// forgotten by the broker as they are written.

import type { ConsumerSpec } from '../types';
import type { Json } from '../../scenario/json';
import { Deque } from '../deque';
import { Alarm } from '../shared/alarm';
import { CONSUMER_TIMEOUT_CHECK_TICKS, consumerOptions } from './options';
import { expireHeads } from './dead-letter';
import type { Consumer, RMessage, RmqCore, Queue, Unacked } from './state';

/** `checkTimeout` runs the consumer_timeout check when the consumer's alarm rings (acks.ts). */
export function addConsumer(core: RmqCore, spec: ConsumerSpec, checkTimeout: (c: Consumer) => void): void {
  const queue = core.queues.get(spec.entity)!;
  const consumer: Consumer = {
    spec, opts: consumerOptions(spec.options), queue, up: true, incarnation: 0, channel: 1, unacked: new Set(), running: 0, buffer: new Deque(), tagNext: 1,
    timeoutAlarm: undefined as unknown as Alarm,
  };
  consumer.timeoutAlarm = new Alarm(core.host, () => checkTimeout(consumer));
  queue.consumers.push(consumer);
  core.consumers.set(spec.id, consumer);
  chooseActive(core, queue);
  core.schedulePump(queue);
}

/** Single active consumer: the first registered live consumer gets everything; failover is automatic (ref §2.9). */
export function chooseActive(core: RmqCore, queue: Queue): void {
  if (!queue.opts.singleActiveConsumer) return;
  const next = queue.consumers.find((c) => c.up) ?? null;
  if (next === queue.active) return;
  queue.active = next;
  if (next) core.host.record({ kind: 'consumer.activated', actor: queue.name, data: { entity: queue.name, consumer: next.spec.service }, text: `single active consumer: ${next.spec.service} now gets every message of ${queue.name}; the others stand by` });
}

export function schedulePump(core: RmqCore, queue: Queue): void {
  if (queue.pumpScheduled || queue.consumers.length === 0) return;
  queue.pumpScheduled = true;
  core.host.at(core.host.now(), () => {
    queue.pumpScheduled = false;
    pump(core, queue);
  });
}

function hasRoom(c: Consumer): boolean {
  return c.up && (c.opts.autoAck || c.opts.prefetch === 0 || c.unacked.size < c.opts.prefetch);
}

/** Round-robin among consumers with prefetch headroom (ref §2.4, sim note §2). */
function pump(core: RmqCore, queue: Queue): void {
  const consumers = queue.opts.singleActiveConsumer ? (queue.active ? [queue.active] : []) : queue.consumers;
  if (consumers.length === 0) return;
  while (queue.ready.length > 0) {
    if (expireHeads(core, queue)) continue;
    let chosen: Consumer | null = null;
    const skipped: string[] = [];
    for (let k = 0; k < consumers.length; k++) {
      const c = consumers[(queue.roundRobin + k) % consumers.length];
      if (hasRoom(c)) {
        chosen = c;
        queue.roundRobin = (queue.roundRobin + k + 1) % consumers.length;
        break;
      }
      if (c.up) skipped.push(`${c.spec.service}: prefetch ${c.opts.prefetch} reached`);
    }
    if (!chosen) break;
    deliver(core, queue, chosen, queue.ready.shift()!, skipped);
  }
  const head = queue.ready.peek();
  if (head && head.expiresAt !== null) queue.ttlAlarm.request(head.expiresAt);
}

function deliver(core: RmqCore, queue: Queue, c: Consumer, msg: RMessage, skipped: string[]): void {
  msg.state = 'unacked';
  const props: Record<string, Json> = { redelivered: msg.redelivered, deliveryTag: c.tagNext++, exchange: msg.exchange, routingKey: msg.routingKey };
  if (queue.opts.type === 'quorum' && msg.returns > 0) props['x-delivery-count'] = msg.returns;
  if (msg.message.headers.priority !== undefined && (queue.opts.maxPriority !== null || queue.opts.type === 'quorum')) props.priority = msg.priority;
  if (msg.deaths.length) Object.assign(props, { 'x-death': msg.deaths, ...msg.deathHeaders });
  const delivery = { id: core.host.nextId('d'), message: msg.message, entity: queue.name, consumerId: c.spec.id, props };
  const u: Unacked = { delivery, msg, consumer: c, incarnation: c.incarnation, deliveredTick: core.host.now(), started: false, released: false, done: false };
  const refs = { messageId: msg.message.id, correlationId: msg.message.correlationId, deliveryId: delivery.id };
  const notes: string[] = [];
  if (msg.redelivered) notes.push('redelivered=true');
  if (queue.opts.maxPriority !== null && queue.ready.length > 0) notes.push(`priority ${msg.priority}: the highest waiting goes first`);
  if (skipped.length) notes.push(`not delivered to ${skipped.join(', ')}`);
  core.host.record({ kind: 'message.delivered', actor: queue.name, ...refs, data: { entity: queue.name, consumer: c.spec.service, props }, text: notes.length ? `to ${c.spec.service} (${notes.join('; ')})` : undefined });
  if (c.opts.autoAck) {
    msg.state = 'gone';
    u.done = true;
    core.host.record({ kind: 'message.acked', actor: queue.name, ...refs, data: { entity: queue.name, consumer: c.spec.service }, text: 'automatic ack: acknowledged as it was written to the socket; if the consumer fails now, the message is lost' });
  } else {
    c.unacked.add(u);
    scheduleTimeoutCheck(c, u.deliveredTick);
  }
  core.unacked.set(delivery.id, u);
  if (c.running < c.spec.concurrency && c.buffer.length === 0) start(core, u);
  else c.buffer.push(u);
}

function start(core: RmqCore, u: Unacked): void {
  u.started = true;
  u.consumer.running++;
  core.host.deliver(u.delivery);
}

export function drainBuffer(core: RmqCore, c: Consumer): void {
  while (c.up && c.running < c.spec.concurrency && c.buffer.length > 0) start(core, c.buffer.shift()!);
}

/** The next consumer_timeout check after `deliveredTick` goes stale: checks run at one-minute intervals. */
export function scheduleTimeoutCheck(c: Consumer, deliveredTick: number): void {
  const due = deliveredTick + c.queue.opts.consumerTimeoutTicks;
  c.timeoutAlarm.request((Math.floor(due / CONSUMER_TIMEOUT_CHECK_TICKS) + 1) * CONSUMER_TIMEOUT_CHECK_TICKS);
}
