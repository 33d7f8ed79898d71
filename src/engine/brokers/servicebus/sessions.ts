// Sessions (ref §1.6): on a session entity each SessionId is a FIFO of its own that one receiver
// at a time holds under an exclusive session lock, up to MaxConcurrentSessions per receiver,
// one call per session at a time (MaxConcurrentCallsPerSession 1). Also the session state blob
// (GetSessionState / SetSessionState) that outlives whoever holds the session.

import type { BrokerSession } from '../types';
import type { Json } from '../../scenario/json';
import { handOver, nextActive } from './delivery';
import type { Entity, SbCore, Session } from './state';

/** Session receivers accept free sessions (exclusive lock), up to MaxConcurrentSessions each (ref §1.6). */
export function pumpSessions(core: SbCore, entity: Entity): void {
  const receivers = entity.receivers;
  let progress = true;
  while (progress && entity.available.length > 0) {
    progress = false;
    for (let k = 0; k < receivers.length && entity.available.length > 0; k++) {
      const r = receivers[(entity.roundRobin + k) % receivers.length];
      if (!r.up || r.sessions.size >= r.opts.maxConcurrentSessions) continue;
      const session = nextSession(entity);
      if (!session) return;
      session.owner = r;
      session.lockedUntil = core.host.now() + entity.opts.lockDurationTicks;
      r.sessions.add(session);
      core.host.record({
        kind: 'session.locked', actor: entity.name, data: { entity: entity.name, session: session.id, consumer: r.spec.service, lockedUntil: session.lockedUntil },
        text: `${r.spec.service} accepted session "${session.id}": an exclusive session lock; its messages come to this receiver only, in order`,
      });
      deliverSessionHead(core, entity, session);
      progress = true;
    }
    entity.roundRobin = (entity.roundRobin + 1) % Math.max(1, receivers.length);
  }
}

function nextSession(entity: Entity): Session | undefined {
  while (entity.available.length > 0) {
    const s = entity.available.shift()!;
    if (!s.owner && s.messages.length > 0) return s;
  }
  return undefined;
}

/** One call per session at a time (MaxConcurrentCallsPerSession 1): the head goes next. */
export function deliverSessionHead(core: SbCore, entity: Entity, session: Session): void {
  const r = session.owner!;
  const msg = nextActive(core, entity, session.messages);
  if (!msg) return releaseSession(core, entity, session, 'no more messages in the session');
  handOver(core, entity, r, msg, session);
}

function releaseSession(core: SbCore, entity: Entity, session: Session, reason: string): void {
  const r = session.owner;
  if (!r) return;
  session.owner = null;
  r.sessions.delete(session);
  core.host.record({ kind: 'session.released', actor: entity.name, data: { entity: entity.name, session: session.id, consumer: r.spec.service, reason }, text: `session "${session.id}" released by ${r.spec.service}: ${reason}` });
  if (session.messages.length > 0) entity.available.push(session);
  core.schedulePump(entity);
}

/** Session state of a session entity (SetSessionState/GetSessionState, ref §1.6). */
export function sessionState(core: SbCore, entity: string, session: string): Json | null {
  return core.entities.get(entity)?.sessions.get(session)?.state ?? null;
}

export function setSessionState(core: SbCore, entity: string, session: string, state: Json | null): void {
  const s = core.entities.get(entity)?.sessions.get(session);
  if (s) s.state = state;
}

/** ctx.session on a session entity: GetSessionState/SetSessionState under the session lock (ref §1.6). */
export function sessionHandle(core: SbCore, deliveryId: string): BrokerSession | undefined {
  const lock = core.locks.get(deliveryId);
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
      core.host.record({
        kind: 'session.state-set', actor: lock.entity.name, messageId: lock.msg.message.id, correlationId: lock.msg.message.correlationId, deliveryId,
        data: { entity: lock.entity.name, session: session.id, consumer: lock.receiver.spec.service, state: value },
        text: value === null ? `session "${session.id}": state cleared (SetSessionState(null))` : `session "${session.id}": state stored with the session (SetSessionState); it persists until cleared, whoever holds the session next`,
      });
    },
  };
}
