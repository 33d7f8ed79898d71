// Handing one message to one receiver: the next receivable message (expiring stale ones on the
// way), the Delivery with its real property names (DeliveryCount, SequenceNumber, LockedUntil…),
// the peek-lock clock or ReceiveAndDelete's immediate delete, and the prefetch buffer where a
// delivery waits for a free call slot while its lock already ticks (ref §1.3, §1.10). Which
// receiver gets which message is the pump's business (pump.ts, sessions.ts).

import type { Json } from '../../scenario/json';
import type { Deque } from '../deque';
import { deliveryText } from './explain';
import { expire } from './expiry';
import type { Entity, Lock, Receiver, SbCore, SbMessage, Session } from './state';

/** The next receivable message; expired ones met on the way are expired (ref §1.7). */
export function nextActive(core: SbCore, entity: Entity, queue: Deque<SbMessage>): SbMessage | undefined {
  const now = core.host.now();
  while (queue.length > 0) {
    const msg = queue.shift()!;
    if (msg.state !== 'active') continue;
    if (msg.expiresAt !== null && msg.expiresAt <= now) {
      expire(core, entity, msg);
      continue;
    }
    return msg;
  }
  return undefined;
}

export function handOver(core: SbCore, entity: Entity, r: Receiver, msg: SbMessage, session: Session | null): void {
  const now = core.host.now();
  const peekLock = r.opts.receiveMode === 'PeekLock';
  const lockedUntil = now + entity.opts.lockDurationTicks;
  if (session) session.lockedUntil = lockedUntil;
  const props: Record<string, Json> = { DeliveryCount: msg.deliveryCount, SequenceNumber: msg.sequenceNumber, EnqueuedTime: msg.enqueuedTick };
  if (peekLock) props.LockedUntil = lockedUntil;
  if (msg.session !== undefined && session) props.SessionId = msg.session;
  if (msg.expiresAt !== null) props.ExpiresAt = msg.expiresAt;
  if (msg.extra) Object.assign(props, msg.extra);
  const delivery = { id: core.host.nextId('d'), message: msg.message, entity: entity.name, consumerId: r.spec.id, props };
  const lock: Lock = { delivery, msg, entity, receiver: r, incarnation: r.incarnation, lockedUntil, receivedTick: now, session, peekLock, started: false, returned: false, released: false, done: !peekLock };
  core.locks.set(delivery.id, lock);
  const slots = session ? r.opts.maxConcurrentSessions : r.spec.concurrency;
  const buffered = r.running >= slots || r.buffer.length > 0;
  const refs = { messageId: msg.message.id, correlationId: msg.message.correlationId, deliveryId: delivery.id };
  core.host.record({
    kind: 'message.delivered', actor: entity.name, ...refs, data: { entity: entity.name, consumer: r.spec.service, props },
    text: deliveryText(entity, r, msg, lockedUntil, buffered, peekLock),
  });
  if (peekLock) {
    msg.state = 'locked';
    entity.locks.push({ lock, until: lockedUntil });
    entity.lockAlarm.request(lockedUntil);
  } else {
    msg.state = 'gone';
    core.host.record({ kind: 'message.acked', actor: entity.name, ...refs, data: { entity: entity.name, consumer: r.spec.service }, text: 'ReceiveAndDelete: deleted from the entity as it went on the wire; if the receiver fails now, the message is lost' });
  }
  if (buffered) r.buffer.push(lock);
  else start(core, lock);
}

function start(core: SbCore, lock: Lock): void {
  lock.started = true;
  lock.receiver.running++;
  core.host.deliver(lock.delivery);
}

/** A call slot freed: the next prefetched message goes to the handler, even if its lock already lapsed (ref §1.10). */
export function drainBuffer(core: SbCore, r: Receiver): void {
  while (r.up && r.running < r.spec.concurrency && r.buffer.length > 0) start(core, r.buffer.shift()!);
}
