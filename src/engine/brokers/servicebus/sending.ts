// The send side: a sender's message reaching a queue, or a topic that copies it to each
// subscription by its rules (copy semantics in rules.ts), then enqueued with a SequenceNumber,
// its ExpiresAt and, on a session entity, into its session's own FIFO. Duplicate detection runs
// first; a scheduled message is enqueued when it activates (ref §1.1, §1.5, §1.6, §1.7). What the
// sender's client refuses before anything is sent (no SessionId, over the maximum message size)
// is `sendError`.

import type { Message } from '../types';
import type { Json } from '../../scenario/json';
import { Deque } from '../deque';
import { SB_REASONS, expiresAt } from './options';
import { sessionIdOf, subscriptionCopies } from './rules';
import { toDeadLetterQueue } from './dead-letter';
import { isDuplicate } from './expiry';
import { messageSizeError } from './message-size';
import { SENT, autoForward, hopLimitText, type Transfer } from './forwarding';
import type { Entity, SbCore, SbMessage, Topic } from './state';

/**
 * The sender's check (ref §1.6): a session-enabled queue only accepts messages with a SessionId,
 * and the client throws InvalidOperationException before sending one without. A topic accepts
 * it; a session-enabled subscription then dead-letters its copy ("Session ID is null"). And a
 * message over the queue's or topic's maximum message size is refused (message-size.ts).
 */
export function sendError(core: SbCore, message: Message, destination: string): string | undefined {
  const topic = core.topics.get(destination);
  if (topic) return messageSizeError(message, destination, topic.maxMessageSizeBytes);
  const entity = core.entities.get(destination);
  if (!entity || entity.kind !== 'queue') return undefined;
  if (entity.opts.requiresSession && sessionIdOf(message) === undefined) {
    return `InvalidOperationException: the SessionId was not set on the message, and it cannot be sent to ${destination}: a session-enabled queue only accepts messages with a SessionId`;
  }
  return messageSizeError(message, destination, entity.opts.maxMessageSizeBytes);
}

/** A send to a queue or topic; forwarded messages (transfer.hops > 0) skip duplicate detection. */
export function publish(core: SbCore, message: Message, destination: string, transfer: Transfer = SENT): void {
  const topic = core.topics.get(destination);
  if (topic) return publishToTopic(core, topic, message, transfer);
  const entity = core.entities.get(destination);
  if (!entity || entity.kind !== 'queue') {
    core.host.record({
      kind: 'message.unroutable', actor: 'broker', messageId: message.id, correlationId: message.correlationId, data: { destination },
      text: `${destination} is a ${entity?.kind === 'subscription' ? 'subscription' : 'dead-letter queue'}: senders send to queues and topics only`,
    });
    return;
  }
  if (transfer.hops === 0 && isDuplicate(core, entity.name, entity.dedup, message)) return;
  enqueue(core, entity, message, transfer);
}

function publishToTopic(core: SbCore, topic: Topic, message: Message, transfer: Transfer): void {
  if (transfer.hops === 0 && isDuplicate(core, topic.name, topic.dedup, message)) return;
  const routed: { entity: Entity; copies: ReturnType<typeof subscriptionCopies> }[] = [];
  const parts: string[] = [];
  for (const sub of topic.subscriptions) {
    const copies = subscriptionCopies(sub.rules, message);
    if (copies.length > 0) routed.push({ entity: sub.entity, copies });
    parts.push(copies.length === 0 ? `${sub.name}: no rule matched` : `${sub.name}: ${copies.map((c) => c.rules.join('+')).join(', ')}${copies.length > 1 ? ` (${copies.length} copies: each rule with an action makes its own)` : ''}`);
  }
  const total = routed.reduce((n, r) => n + r.copies.length, 0);
  core.host.record({
    kind: 'message.routed', actor: topic.name, messageId: message.id, correlationId: message.correlationId, data: { entity: topic.name, copies: total },
    text: topic.subscriptions.length === 0 ? `topic ${topic.name} has no subscriptions: the message is accepted and goes nowhere` : `topic ${topic.name} → ${parts.join('; ')}`,
  });
  for (const r of routed) for (const c of r.copies) enqueue(core, r.entity, c.message, transfer);
}

export function enqueue(core: SbCore, entity: Entity, message: Message, transfer: Transfer = SENT): void {
  const now = core.host.now();
  const session = sessionIdOf(message);
  const refs = { messageId: message.id, correlationId: message.correlationId };
  const forwardTo = entity.opts.forwardTo;
  if (forwardTo !== null) {
    if (autoForward(core, entity, message, forwardTo, transfer, 'ForwardTo')) return;
    const msg: SbMessage = { message, sequenceNumber: entity.sequenceNext++, deliveryCount: 1, enqueuedTick: now, expiresAt: null, session, state: 'active', extra: transfer.extra, hops: transfer.hops };
    core.host.record({
      kind: 'message.dead-lettered', actor: entity.name, ...refs, data: { entity: entity.name, dlq: entity.dlq!.name, reason: SB_REASONS.hops },
      text: `dead-lettered to ${entity.dlq!.name}: ${hopLimitText(entity, transfer.hops)}`,
    });
    return toDeadLetterQueue(core, entity, msg, SB_REASONS.hops);
  }
  if (entity.opts.requiresSession && session === undefined) {
    core.host.record({
      kind: 'message.dead-lettered', actor: entity.name, ...refs, data: { entity: entity.name, dlq: entity.dlq!.name, reason: SB_REASONS.noSession },
      text: `dead-lettered to ${entity.dlq!.name}: ${entity.name} requires sessions and the message has no SessionId (DeadLetterReason "${SB_REASONS.noSession}")`,
    });
    toDeadLetterQueue(core, entity, { message, sequenceNumber: entity.sequenceNext++, deliveryCount: 1, enqueuedTick: now, expiresAt: null, session, state: 'active' }, SB_REASONS.noSession);
    return;
  }
  const msg: SbMessage = {
    message, sequenceNumber: entity.sequenceNext++, deliveryCount: 1, enqueuedTick: now,
    expiresAt: expiresAt(now, message.headers.TimeToLive, entity.opts.defaultMessageTimeToLiveTicks), session, state: 'active',
  };
  if (transfer.hops > 0) msg.hops = transfer.hops;
  if (transfer.extra) msg.extra = transfer.extra;
  const props: Record<string, Json> = { SequenceNumber: msg.sequenceNumber, EnqueuedTime: now };
  if (msg.expiresAt !== null) props.ExpiresAt = msg.expiresAt;
  if (session !== undefined && entity.opts.requiresSession) props.SessionId = session;
  const scheduled = transfer.hops === 0 && message.publishedTick < now;
  core.host.record({
    kind: 'message.enqueued', actor: entity.name, ...refs, data: { entity: entity.name, props },
    text: scheduled ? `scheduled message activated at ${now}: enqueued as new, SequenceNumber ${msg.sequenceNumber}` : undefined,
  });
  addActive(core, entity, msg, false);
  if (msg.expiresAt !== null) {
    entity.ttl.push(msg.expiresAt, msg);
    entity.ttlAlarm.request(msg.expiresAt);
  }
}

/** Makes a message receivable: at the back when new, at the front when it comes back (ref §1.3). */
export function addActive(core: SbCore, entity: Entity, msg: SbMessage, front: boolean): void {
  msg.state = 'active';
  if (entity.opts.requiresSession && msg.session !== undefined) {
    let s = entity.sessions.get(msg.session);
    if (!s) entity.sessions.set(msg.session, (s = { id: msg.session, messages: new Deque(), owner: null, lockedUntil: 0, state: null }));
    if (front) s.messages.unshift(msg);
    else s.messages.push(msg);
    if (!s.owner && s.messages.length === 1) entity.available.push(s);
  } else if (front) entity.active.unshift(msg);
  else entity.active.push(msg);
  core.schedulePump(entity);
}
