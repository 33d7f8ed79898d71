// Auto-forwarding (ref §1.8; Microsoft Learn "Chaining Service Bus entities with autoforwarding"):
// a queue or subscription with ForwardTo hands every message on to a queue or topic of the same
// namespace, transactionally (no loss, no duplicate); a chain may take at most 4 hops, and a
// message that would take a fifth is dead-lettered where it is with MaxTransferHopCountExceeded.
// ForwardDeadLetteredMessagesTo does the same for an entity's dead-letter queue; only such a
// forwarded dead letter carries DeadLetterSource, the entity it was dead-lettered in.

import type { Json } from '../../scenario/json';
import type { Message } from '../types';
import { SB_DEFAULTS, SB_REASONS } from './options';
import type { Entity, SbCore } from './state';

/** How a message got here: internal transfers so far, and properties it carries (DeadLetterReason…). */
export interface Transfer {
  hops: number;
  extra?: Record<string, Json>;
}

export const SENT: Transfer = { hops: 0 };

/** Moves `message` from `from` to `to`; false when the hop limit stops it (the caller dead-letters it). */
export function autoForward(core: SbCore, from: Entity, message: Message, to: string, transfer: Transfer, option: 'ForwardTo' | 'ForwardDeadLetteredMessagesTo'): boolean {
  if (transfer.hops >= SB_DEFAULTS.forwardHopsMax) return false;
  const hops = transfer.hops + 1;
  core.host.record({
    kind: 'message.auto-forwarded', actor: from.name, messageId: message.id, correlationId: message.correlationId, data: { entity: from.name, to, hops },
    text: `${option} ${to}: removed from ${from.name} and written to ${to} in one internal transaction (hop ${hops} of at most ${SB_DEFAULTS.forwardHopsMax})`,
  });
  core.send(message, to, { hops, extra: transfer.extra });
  return true;
}

export function hopLimitText(from: Entity, hops: number): string {
  return `${from.name} would forward it a ${hops + 1}th time: chains of more than ${SB_DEFAULTS.forwardHopsMax} hops are dead-lettered (${SB_REASONS.hops})`;
}
