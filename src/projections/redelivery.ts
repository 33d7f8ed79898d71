// Why a message was delivered again: read from what happened to its previous delivery, between
// that delivery and this one. A broker hands a message out again when the consumer's process
// died with it unsettled (crash), when the consumer held it past its lock (lock expired), when
// the consumer gave it back — a failed handler abandoning it, or a basic.nack / reject with
// requeue — or when a fault duplicated the delivery. The inspector shows one of these per
// redelivery, in the learner's words, with the trace's own explanation where there is one.

import type { TraceEvent } from '../engine/trace/types';

export type RedeliveryReason = 'crash' | 'lock-expired' | 'nack' | 'abandoned' | 'duplicate' | 'other';

export interface Redelivery {
  reason: RedeliveryReason;
  text: string;
  /** The event that ended the previous delivery (the crash, the lock expiry, the nack…). */
  seq?: number;
}

/** Events scanned between two deliveries at most: a long gap is described without the crash search. */
const SCAN_EVENTS_MAX = 20_000;

/**
 * Why delivery `current` (a `message.delivered` seq) of `messageId` happened, given the
 * previous delivery's seq. `trace` is read between the two.
 */
export function redeliveryReason(trace: readonly TraceEvent[], messageId: string, previous: number, current: number): Redelivery {
  const prev = trace[previous];
  const consumer = prev?.kind === 'message.delivered' ? prev.data.consumer : '';
  let service: string | undefined;
  let failure: string | undefined;
  const end = Math.min(current, previous + 1 + SCAN_EVENTS_MAX);
  for (let i = previous + 1; i < end; i++) {
    const e = trace[i]!;
    if (e.kind === 'handler.started' && e.messageId === messageId && service === undefined) service = e.data.service;
    if (e.kind === 'handler.failed' && e.messageId === messageId) failure = e.data.error;
    if (e.kind === 'service.crashed' && service !== undefined && e.data.service === service) {
      return { reason: 'crash', seq: e.seq, text: `${service} crashed while handling it: the message was never settled, so the broker handed it out again.` };
    }
    if (e.kind === 'fault.injected' && e.data.fault === 'duplicate-delivery' && e.messageId === messageId) {
      return { reason: 'duplicate', seq: e.seq, text: `A fault delivered it twice: ${e.text ?? 'a duplicate delivery'}.` };
    }
    if (e.messageId !== messageId) continue;
    if (e.kind === 'message.lock-expired') {
      return { reason: 'lock-expired', seq: e.seq, text: `The lock expired while ${e.data.consumer} still held it (the handler took longer than the lock), so the broker gave it to a consumer again.` };
    }
    if (e.kind === 'message.abandoned') {
      const who = e.data.consumer || consumer;
      if (e.text && /died|crash/i.test(e.text)) return { reason: 'crash', seq: e.seq, text: e.text };
      if (e.text && /nack|reject/i.test(e.text)) return { reason: 'nack', seq: e.seq, text: `${who} ${failure ? `failed (${failure}) and ` : ''}sent it back: ${e.text}.` };
      // The broker's own words where it has them (Kafka seeks back to the offset: there is no queue to go back to).
      const where = e.text ?? 'back in the queue for another delivery';
      return { reason: 'abandoned', seq: e.seq, text: failure ? `${who}'s handler failed (${failure}) and the message was abandoned: ${where}.` : `${who} abandoned it: ${where}.` };
    }
  }
  return { reason: 'other', text: failure ? `Delivered again after the handler failed (${failure}).` : 'Delivered again.' };
}
