// Message browsing (Microsoft Learn "Message browsing"): Peek returns the messages that exist in
// a queue, subscription or dead-letter queue — active, locked by a receiver, or deferred — in
// SequenceNumber order from a given number, as a disconnected snapshot: nothing is locked or
// removed and DeliveryCount does not change. An entity with auto-forwarding cannot be browsed.

import type { Json } from '../../scenario/json';
import type { Delivery } from '../types';
import { deadLetterQueueName } from './options';
import type { Entity, SbCore, SbMessage } from './state';

export function peek(core: SbCore, name: string, maxMessages: number, fromSequenceNumber = 0): Delivery[] | string {
  const entity = core.entities.get(name);
  if (!entity) return core.topics.has(name) ? `${name} is a topic: messages live in its subscriptions, peek one of them` : `no queue or subscription named ${name}`;
  if (forwards(core, entity)) return `cannot browse an entity with auto-forwarding enabled (InvalidOperationException): its messages move on as they arrive`;
  const found: { msg: SbMessage; state: 'Active' | 'Deferred' }[] = [];
  const add = (msg: SbMessage, state: 'Active' | 'Deferred') => {
    if (msg.sequenceNumber >= fromSequenceNumber) found.push({ msg, state });
  };
  for (const msg of entity.active.toArray()) if (msg.state === 'active') add(msg, 'Active');
  for (const s of entity.sessions.values()) for (const msg of s.messages.toArray()) if (msg.state === 'active') add(msg, 'Active');
  for (const msg of entity.deferred.values()) if (msg.state === 'deferred') add(msg, 'Deferred');
  for (const lock of core.locks.values()) if (lock.entity === entity && !lock.done && lock.msg.state === 'locked') add(lock.msg, lock.deferred ? 'Deferred' : 'Active');
  found.sort((a, b) => a.msg.sequenceNumber - b.msg.sequenceNumber);
  const seen = new Set<number>();
  const out: Delivery[] = [];
  for (const { msg, state } of found) {
    if (out.length >= maxMessages) break;
    if (seen.has(msg.sequenceNumber)) continue;
    seen.add(msg.sequenceNumber);
    const props: Record<string, Json> = { SequenceNumber: msg.sequenceNumber, DeliveryCount: msg.deliveryCount, EnqueuedTime: msg.enqueuedTick, State: state };
    if (msg.expiresAt !== null) props.ExpiresAt = msg.expiresAt;
    if (msg.session !== undefined && entity.opts.requiresSession) props.SessionId = msg.session;
    if (msg.extra) Object.assign(props, msg.extra);
    out.push({ id: `peek-${entity.name}-${msg.sequenceNumber}`, message: msg.message, entity: entity.name, consumerId: '', props });
  }
  return out;
}

/** ForwardTo on the entity, or ForwardDeadLetteredMessagesTo on the entity whose DLQ this is. */
function forwards(core: SbCore, entity: Entity): boolean {
  if (entity.opts.forwardTo !== null) return true;
  if (entity.kind !== 'deadletter') return false;
  for (const e of core.entities.values()) if (e.dlq === entity) return e.opts.forwardDeadLetteredMessagesTo !== null;
  return false;
}

