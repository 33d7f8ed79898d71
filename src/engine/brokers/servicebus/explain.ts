// Explanations for Service Bus delivery decisions, kept apart so the broker reads as rules and
// the sentences a learner sees are easy to find and improve.

import type { Entity, Receiver, SbMessage } from './state';

export function deliveryText(entity: Entity, r: Receiver, msg: SbMessage, lockedUntil: number, buffered: boolean, peekLock: boolean): string {
  const count = `DeliveryCount ${msg.deliveryCount} of MaxDeliveryCount ${entity.opts.maxDeliveryCount}`;
  if (!peekLock) return `ReceiveAndDelete to ${r.spec.service}: ${count}, SequenceNumber ${msg.sequenceNumber}`;
  if (buffered) return `prefetched into ${r.spec.service}'s buffer (PrefetchCount ${r.opts.prefetchCount}): the lock clock runs already, until ${lockedUntil}`;
  return `to ${r.spec.service}, ${count}, locked until ${lockedUntil}`;
}

export function maxDeliveryText(count: number, max: number, why: string): string {
  return `delivery count ${count} > MaxDeliveryCount ${max} (last: ${why})`;
}
