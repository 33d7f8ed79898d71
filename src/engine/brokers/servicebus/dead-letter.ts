// Dead-lettering: moving a message into its entity's `$deadletterqueue` sub-queue with the
// DeadLetterReason / DeadLetterErrorDescription properties (ref §1.4). Every path that gives up
// on a message (MaxDeliveryCount, TTL expiry, no SessionId, hop limit, ctx.deadLetter) ends here,
// so the DLQ copy is built in one place. With ForwardDeadLetteredMessagesTo the dead letter goes
// on to that entity and only then carries DeadLetterSource (the entity it was dead-lettered in).

import { SB_REASONS } from './options';
import { autoForward } from './forwarding';
import type { Entity, SbCore, SbMessage } from './state';

export function deadLetter(core: SbCore, entity: Entity, msg: SbMessage, reason: string, description: string | undefined, deliveryId?: string): void {
  msg.state = 'gone';
  const dlq = entity.dlq!;
  core.host.record({
    kind: 'message.dead-lettered', actor: entity.name, messageId: msg.message.id, correlationId: msg.message.correlationId, deliveryId,
    data: { entity: entity.name, dlq: dlq.name, reason, ...(description ? { description } : {}) },
    text: reason === SB_REASONS.maxDelivery ? `dead-lettered: ${description}` : `dead-lettered to ${dlq.name}: DeadLetterReason ${reason}${description ? ` (${description})` : ''}`,
  });
  toDeadLetterQueue(core, entity, msg, reason, description);
}

/** The DLQ keeps the message (no TTL there, no automatic cleanup) for a receiver of the sub-queue (ref §1.4). */
export function toDeadLetterQueue(core: SbCore, entity: Entity, msg: SbMessage, reason: string, description?: string): void {
  const dlq = entity.dlq!;
  const extra = { ...(msg.extra ?? {}), DeadLetterReason: reason, ...(description ? { DeadLetterErrorDescription: description } : {}) };
  const target = entity.opts.forwardDeadLetteredMessagesTo;
  if (target !== null) {
    const transfer = { hops: msg.hops ?? 0, extra: { ...extra, DeadLetterSource: entity.name } };
    // Over the hop limit it stays in this dead-letter queue: a DLQ cannot dead-letter again.
    if (autoForward(core, dlq, msg.message, target, transfer, 'ForwardDeadLetteredMessagesTo')) return;
  }
  const copy: SbMessage = { ...msg, expiresAt: null, session: undefined, state: 'active', extra };
  dlq.active.push(copy);
  core.schedulePump(dlq);
}
