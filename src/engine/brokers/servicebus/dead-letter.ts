// Dead-lettering: moving a message into its entity's `$deadletterqueue` sub-queue with the
// DeadLetterReason / DeadLetterErrorDescription / DeadLetterSource properties (ref §1.4). Every
// path that gives up on a message (MaxDeliveryCount, TTL expiry, no SessionId, ctx.deadLetter)
// ends here, so the DLQ copy is built in one place.

import { SB_REASONS } from './options';
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
  const copy: SbMessage = {
    ...msg, expiresAt: null, session: undefined, state: 'active',
    extra: { DeadLetterReason: reason, ...(description ? { DeadLetterErrorDescription: description } : {}), DeadLetterSource: entity.name },
  };
  dlq.active.push(copy);
  core.schedulePump(dlq);
}
