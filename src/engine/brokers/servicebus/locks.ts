// Locks and settlement (ref §1.3, §1.4, §1.10): what a receiver's Complete / Abandon /
// DeadLetter / Defer (or the processor's auto-complete) does to a held peek-lock, what happens
// when a lock runs out (the lock alarm: the processor auto-renews while the handler runs, up to
// MaxAutoLockRenewalDuration, else the lock expires), and the shared consequence of abandon and
// expiry: DeliveryCount + 1, then back to the front of the queue or, over MaxDeliveryCount, DLQ.

import type { Settlement } from '../types';
import { SB_REASONS } from './options';
import { maxDeliveryText } from './explain';
import { deadLetter } from './dead-letter';
import { deferMessage, keepDeferred } from './deferral';
import { drainBuffer } from './delivery';
import { expire } from './expiry';
import { addActive } from './sending';
import { deliverSessionHead } from './sessions';
import type { Entity, Lock, SbCore } from './state';

export function settle(core: SbCore, deliveryId: string, settlement: Settlement): void {
  const lock = core.locks.get(deliveryId);
  if (!lock) return;
  const r = lock.receiver;
  const entity = lock.entity;
  if (!lock.released && lock.started && lock.incarnation === r.incarnation) {
    lock.released = true;
    if (!lock.deferred) r.running--;
  }
  const refs = { messageId: lock.msg.message.id, correlationId: lock.msg.message.correlationId, deliveryId };
  if (lock.settledEarly) {
    // Settled at the call or when its transaction committed (transactions.ts); the handler has now returned.
    core.locks.delete(deliveryId);
    if (lock.session && lock.session.owner === r && !lock.deferred) deliverSessionHead(core, entity, lock.session);
  } else if (!lock.peekLock) {
    core.locks.delete(deliveryId);
    if (settlement.outcome !== 'complete') {
      core.host.record({ kind: 'message.dropped', actor: entity.name, ...refs, data: { entity: entity.name, reason: 'ReceiveAndDelete: the handler failed after the message was deleted' }, text: 'lost: received in ReceiveAndDelete mode, so nothing can bring it back after the handler failed' });
    }
  } else if (lock.done) {
    core.locks.delete(deliveryId);
    core.host.record({
      kind: 'message.settle-failed', actor: entity.name, ...refs, data: { entity: entity.name, consumer: r.spec.service, reason: 'lock lost' },
      text: `${settlement.outcome} refused (MessageLockLostException): the lock expired at ${lock.lockedUntil}, so the message was or will be delivered again`,
    });
  } else if (!r.opts.autoCompleteMessages && !settlement.explicit && settlement.outcome === 'complete') {
    // AutoCompleteMessages off and the handler returned without settling: nothing is sent, the
    // lock runs out. (A handler that throws is still abandoned by the processor, whatever
    // AutoCompleteMessages says: the SDK's ReceiverManager abandons any unsettled message then.)
    lock.returned = true;
  } else {
    core.locks.delete(deliveryId);
    applySettlement(core, lock, settlement, refs);
    if (lock.session && lock.session.owner === r && !lock.deferred) deliverSessionHead(core, entity, lock.session);
  }
  while (entity.locks.length > 0 && entity.locks.peek()!.lock.done) entity.locks.shift();
  if (entity.locks.length === 0) entity.lockAlarm.clear();
  drainBuffer(core, r);
  core.schedulePump(entity);
}

export function applySettlement(core: SbCore, lock: Lock, settlement: Settlement, refs: { messageId: string; correlationId: string; deliveryId: string }): void {
  const { entity, msg, receiver: r } = lock;
  lock.done = true;
  switch (settlement.outcome) {
    case 'complete':
      msg.state = 'gone';
      core.host.record({ kind: 'message.acked', actor: entity.name, ...refs, data: { entity: entity.name, consumer: r.spec.service }, text: 'completed: removed from the entity' });
      return;
    case 'dead-letter':
      if (entity.kind === 'deadletter') {
        core.host.record({ kind: 'message.abandoned', actor: entity.name, ...refs, data: { entity: entity.name, consumer: r.spec.service, requeued: true }, text: 'a message cannot be dead-lettered from a dead-letter queue: it stays there' });
        addActive(core, entity, msg, true);
        return;
      }
      deadLetter(core, entity, msg, settlement.reason, settlement.description, refs.deliveryId);
      return;
    case 'defer':
      deferMessage(core, lock, refs);
      return;
    default: {
      const why = settlement.outcome === 'fail' ? settlement.error : 'abandoned';
      if (lock.deferred) return returnMessage(core, lock, settlement.outcome === 'fail' ? `abandoned by the processor because the handler threw (${why})` : 'abandoned');
      core.host.record({
        kind: 'message.abandoned', actor: entity.name, ...refs, data: { entity: entity.name, consumer: r.spec.service, requeued: msg.deliveryCount + 1 <= entity.opts.maxDeliveryCount },
        text: settlement.outcome === 'fail' ? `abandoned by the processor because the handler threw (AutoCompleteMessages): DeliveryCount ${msg.deliveryCount} → ${msg.deliveryCount + 1}` : `abandoned: DeliveryCount ${msg.deliveryCount} → ${msg.deliveryCount + 1}`,
      });
      returnMessage(core, lock, why);
    }
  }
}

/**
 * A receiver's CompleteMessageAsync / AbandonMessageAsync / DeadLetterMessageAsync /
 * DeferMessageAsync called from the handler (ref §1.3): it reaches the broker at the call, not
 * when the handler returns — a crash after `ctx.complete()` cannot bring the message back. The
 * call slot stays busy until the handler returns. True when applied; false when there is
 * nothing to send now (ReceiveAndDelete: settled when the handler ends, as before); or why the
 * broker refused it (a lost lock: MessageLockLostException, traced).
 */
export function settleNow(core: SbCore, deliveryId: string, settlement: Settlement): boolean | string {
  const lock = core.locks.get(deliveryId);
  if (!lock || !lock.peekLock) return false;
  const refs = { messageId: lock.msg.message.id, correlationId: lock.msg.message.correlationId, deliveryId };
  if (lock.done) {
    lock.settledEarly = true;
    core.host.record({
      kind: 'message.settle-failed', actor: lock.entity.name, ...refs, data: { entity: lock.entity.name, consumer: lock.receiver.spec.service, reason: 'lock lost' },
      text: `${settlement.outcome} refused (MessageLockLostException): the lock expired at ${lock.lockedUntil}, so the message was or will be delivered again`,
    });
    return `MessageLockLostException: the lock on ${lock.msg.message.id} expired at ${lock.lockedUntil}; it was or will be delivered again`;
  }
  applySettlement(core, lock, settlement, refs);
  lock.settledEarly = true;
  return true;
}

/** Abandon or lock expiry: DeliveryCount + 1; over MaxDeliveryCount ⇒ DLQ, else back to the front (ref §1.4). */
function returnMessage(core: SbCore, lock: Lock, why: string): void {
  const { entity, msg } = lock;
  msg.deliveryCount++;
  if (msg.deliveryCount > entity.opts.maxDeliveryCount) {
    deadLetter(core, entity, msg, SB_REASONS.maxDelivery, maxDeliveryText(msg.deliveryCount, entity.opts.maxDeliveryCount, why), lock.delivery.id);
  } else if (lock.deferred) {
    keepDeferred(core, lock, why);
  } else if (msg.expiresAt !== null && msg.expiresAt <= core.host.now()) {
    expire(core, entity, msg);
  } else {
    addActive(core, entity, msg, true);
  }
}

/** Locks due now: the processor renews those whose handler is still running, the rest expire (ref §1.3). */
export function sweepLocks(core: SbCore, entity: Entity): void {
  const now = core.host.now();
  while (entity.locks.length > 0) {
    const { lock, until } = entity.locks.peek()!;
    if (lock.done || lock.lockedUntil !== until) {
      entity.locks.shift();
      continue;
    }
    if (until > now) break;
    entity.locks.shift();
    if (renewable(lock, now)) renew(core, lock, now);
    else expireLock(core, lock);
  }
  if (entity.locks.length > 0) entity.lockAlarm.request(entity.locks.peek()!.until);
}

function renewable(lock: Lock, now: number): boolean {
  const r = lock.receiver;
  return lock.started && !lock.returned && !lock.released && r.up && lock.incarnation === r.incarnation && now < lock.receivedTick + r.opts.maxAutoLockRenewalDurationTicks;
}

function renew(core: SbCore, lock: Lock, now: number): void {
  const r = lock.receiver;
  const limit = lock.receivedTick + r.opts.maxAutoLockRenewalDurationTicks;
  lock.lockedUntil = now + lock.entity.opts.lockDurationTicks;
  if (lock.session) lock.session.lockedUntil = lock.lockedUntil;
  lock.entity.locks.push({ lock, until: lock.lockedUntil });
  core.host.record({
    kind: 'message.lock-renewed', actor: lock.entity.name, messageId: lock.msg.message.id, correlationId: lock.msg.message.correlationId, deliveryId: lock.delivery.id,
    data: { entity: lock.entity.name, consumer: r.spec.service, lockedUntil: lock.lockedUntil },
    text: `the processor renewed the ${lock.session ? 'session' : 'message'} lock until ${lock.lockedUntil} (auto-renewal continues until ${limit}: MaxAutoLockRenewalDuration ${r.opts.maxAutoLockRenewalDurationTicks} ms)`,
  });
}

function expireLock(core: SbCore, lock: Lock): void {
  const { entity, msg, receiver: r } = lock;
  lock.done = true;
  const where = !lock.started ? ' while it waited in the prefetch buffer' : r.up && lock.incarnation === r.incarnation ? '' : ` (${r.spec.service} is gone, nobody renewed it)`;
  core.host.record({
    kind: 'message.lock-expired', actor: entity.name, messageId: msg.message.id, correlationId: msg.message.correlationId, deliveryId: lock.delivery.id,
    data: { entity: entity.name, consumer: r.spec.service },
    text: `${lock.session ? 'session' : 'message'} lock expired at ${lock.lockedUntil}${where}: same as abandon, DeliveryCount ${msg.deliveryCount} → ${msg.deliveryCount + 1}`,
  });
  if (lock.session && lock.session.owner === r && !lock.deferred) {
    lock.session.owner = null;
    r.sessions.delete(lock.session);
    core.host.record({ kind: 'session.released', actor: entity.name, data: { entity: entity.name, session: lock.session.id, consumer: r.spec.service, reason: 'session lock expired' }, text: `session "${lock.session.id}" lock lost: another receiver may accept it` });
    returnMessage(core, lock, 'session lock expired');
    if (lock.session.messages.length > 0) entity.available.push(lock.session);
  } else {
    returnMessage(core, lock, 'lock expired');
  }
  core.schedulePump(entity);
}

/** Service Bus settles by complete, abandon, dead-letter and defer; basic.nack/reject are RabbitMQ's (ref §1.3). */
export function settlementError(settlement: Settlement): string | undefined {
  if (settlement.outcome === 'nack') {
    return `${settlement.method} is RabbitMQ's; Service Bus settles with Complete, Abandon (ctx.abandon(): redelivered, DeliveryCount + 1), DeadLetter (ctx.deadLetter(reason)) or Defer (ref §1.3)`;
  }
  return undefined;
}
