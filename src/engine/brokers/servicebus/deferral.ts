// Deferral (ref §1.3): Defer hides a message from normal receives; only
// ReceiveDeferredMessage(SequenceNumber) gets it back, locked for the same receiver. A deferred
// message received that way that is abandoned or whose lock expires stays deferred (sim note,
// ref §1.10), and it is never dead-lettered on expiry.

import type { Delivery } from '../types';
import type { Json } from '../../scenario/json';
import type { Lock, SbCore } from './state';

/** Settled with Defer: into the entity's deferred set by SequenceNumber. */
export function deferMessage(core: SbCore, lock: Lock, refs: { messageId: string; correlationId: string; deliveryId: string }): void {
  const { entity, msg, receiver: r } = lock;
  msg.state = 'deferred';
  entity.deferred.set(msg.sequenceNumber, msg);
  core.host.record({
    kind: 'message.deferred', actor: entity.name, ...refs, data: { entity: entity.name, consumer: r.spec.service, sequenceNumber: msg.sequenceNumber },
    text: `deferred: hidden from normal receives; only ReceiveDeferredMessage(${msg.sequenceNumber}) gets it back, and it is never dead-lettered on expiry`,
  });
}

/** Received by sequence number: released, it goes back to the deferred set, not to the queue (sim note, ref §1.10). */
export function keepDeferred(core: SbCore, lock: Lock, why: string): void {
  const { entity, msg } = lock;
  msg.state = 'deferred';
  entity.deferred.set(msg.sequenceNumber, msg);
  core.host.record({
    kind: 'message.deferred', actor: entity.name, messageId: msg.message.id, correlationId: msg.message.correlationId, deliveryId: lock.delivery.id,
    data: { entity: entity.name, consumer: lock.receiver.spec.service, sequenceNumber: msg.sequenceNumber },
    text: `${why}: it stays deferred (SequenceNumber ${msg.sequenceNumber}, DeliveryCount now ${msg.deliveryCount}); only ReceiveDeferredMessage gets it back`,
  });
}

/** ReceiveDeferredMessage(sequenceNumber) on the entity the delivery came from, for the same receiver (ref §1.3); DeliveryCount unchanged (it grows on abandon and lock expiry, ref §1.4). */
export function receiveDeferred(core: SbCore, deliveryId: string, sequenceNumber: number): Delivery | string {
  const current = core.locks.get(deliveryId);
  if (!current) return 'the delivery is no longer held';
  const { entity, receiver: r } = current;
  const msg = entity.deferred.get(sequenceNumber);
  if (!msg || msg.state !== 'deferred') {
    return `no deferred message with SequenceNumber ${sequenceNumber} in ${entity.name} (ServiceBusException MessageNotFound)`;
  }
  if (!current.peekLock) return 'deferred messages are received in PeekLock mode';
  entity.deferred.delete(sequenceNumber);
  const now = core.host.now();
  const lockedUntil = now + entity.opts.lockDurationTicks;
  const props: Record<string, Json> = { DeliveryCount: msg.deliveryCount, SequenceNumber: msg.sequenceNumber, EnqueuedTime: msg.enqueuedTick, LockedUntil: lockedUntil, State: 'Deferred' };
  if (msg.session !== undefined && current.session) props.SessionId = msg.session;
  if (msg.expiresAt !== null) props.ExpiresAt = msg.expiresAt;
  const delivery: Delivery = { id: core.host.nextId('d'), message: msg.message, entity: entity.name, consumerId: r.spec.id, props };
  const lock: Lock = { delivery, msg, entity, receiver: r, incarnation: r.incarnation, lockedUntil, receivedTick: now, session: current.session, peekLock: true, started: true, returned: false, released: false, done: false, deferred: true };
  core.locks.set(delivery.id, lock);
  msg.state = 'locked';
  core.host.record({
    kind: 'message.delivered', actor: entity.name, messageId: msg.message.id, correlationId: msg.message.correlationId, deliveryId: delivery.id,
    data: { entity: entity.name, consumer: r.spec.service, props },
    text: `ReceiveDeferredMessage(${sequenceNumber}): the deferred message, locked for ${r.spec.service} until ${lockedUntil} (DeliveryCount ${msg.deliveryCount})`,
  });
  entity.locks.push({ lock, until: lockedUntil });
  entity.lockAlarm.request(lockedUntil);
  return delivery;
}
