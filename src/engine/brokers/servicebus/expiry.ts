// The two time windows of a Service Bus entity: a message's TimeToLive (expired messages are
// removed, or dead-lettered when EnableDeadLetteringOnMessageExpiration is on; ref §1.7) and
// the DuplicateDetectionHistoryTimeWindow in which a repeated MessageId is dropped (ref §1.5).
// Both are decided against virtual time only, never against anything ambient.

import type { Message } from '../types';
import { Deque } from '../deque';
import { SB_REASONS, type DuplicateDetection } from './options';
import { deadLetter } from './dead-letter';
import type { Entity, SbCore, SbMessage } from './state';

/** Duplicate detection by MessageId within the history window: accepted, silently dropped (ref §1.5). */
export function isDuplicate(core: SbCore, entityName: string, dedup: DuplicateDetection | null, message: Message): boolean {
  if (!dedup) return false;
  const now = core.host.now();
  let log = core.dedupLogs.get(entityName);
  if (!log) core.dedupLogs.set(entityName, (log = { seen: new Map(), order: new Deque() }));
  while (log.order.length > 0 && log.order.peek()![1] + dedup.windowTicks <= now) {
    const [id, tick] = log.order.shift()!;
    if (log.seen.get(id) === tick) log.seen.delete(id);
  }
  const id = typeof message.headers.MessageId === 'string' ? message.headers.MessageId : message.id;
  const seenAt = log.seen.get(id);
  if (seenAt !== undefined) {
    core.host.record({
      kind: 'message.duplicate-dropped', actor: entityName, messageId: message.id, correlationId: message.correlationId, data: { entity: entityName },
      text: `duplicate MessageId ${id} (first seen at ${seenAt}, within DuplicateDetectionHistoryTimeWindow ${dedup.windowTicks} ms): the send succeeds but the message is dropped`,
    });
    return true;
  }
  log.seen.set(id, now);
  log.order.push([id, now]);
  return false;
}

export function expire(core: SbCore, entity: Entity, msg: SbMessage): void {
  msg.state = 'gone';
  if (entity.opts.deadLetteringOnMessageExpiration) {
    deadLetter(core, entity, msg, SB_REASONS.ttl, `TimeToLive passed at ${msg.expiresAt} and EnableDeadLetteringOnMessageExpiration is on`);
  } else {
    core.host.record({
      kind: 'message.expired', actor: entity.name, messageId: msg.message.id, correlationId: msg.message.correlationId, data: { entity: entity.name },
      text: `expired at ${msg.expiresAt} (TimeToLive) and removed: dead-lettering on expiration is off, so it is gone`,
    });
  }
}

/** The TTL alarm: expires the active messages whose ExpiresAt has come (locked and deferred ones are left alone). */
export function sweepTtl(core: SbCore, entity: Entity): void {
  const now = core.host.now();
  while (entity.ttl.length > 0 && entity.ttl.peekKey()! <= now) {
    const msg = entity.ttl.pop()!;
    if (msg.state === 'active') expire(core, entity, msg);
  }
  if (entity.ttl.length > 0) entity.ttlAlarm.request(entity.ttl.peekKey()!);
}
