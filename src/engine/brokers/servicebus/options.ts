// Azure Service Bus names and defaults (ref §0, §1): entity properties of queues and
// subscriptions, and the processor options of a receiving handler. Times are ticks (ms).

import type { Json } from '../../scenario/json';
import { bool, isObj, num, str, type Obj } from '../shared/options';
import { maxMessageSizeBytes } from './message-size';

export const SB_DEFAULTS = {
  /** LockDuration: 60 s, max 5 min (ref §1.3). */
  lockDurationTicks: 60_000,
  lockDurationTicksMax: 300_000,
  /** MaxDeliveryCount: 10, min 1 (ref §1.4). */
  maxDeliveryCount: 10,
  /** DuplicateDetectionHistoryTimeWindow: 10 min documented; 20 s to 7 days (ref §1.5). */
  duplicateDetectionHistoryTimeWindowTicks: 600_000,
  duplicateDetectionWindowTicksMin: 20_000,
  duplicateDetectionWindowTicksMax: 604_800_000,
  /** MaxAutoLockRenewalDuration: 5 min (ref §1.3). */
  maxAutoLockRenewalDurationTicks: 300_000,
  /** Session processor MaxConcurrentSessions 8, MaxConcurrentCallsPerSession 1 (ref §1.6). */
  maxConcurrentSessions: 8,
  /** Auto-forwarding chains at most 4 hops; more ⇒ MaxTransferHopCountExceeded (ref §1.8). */
  forwardHopsMax: 4,
  /** A transaction times out 2 minutes after its first operation (ref §1.9). */
  transactionTimeoutTicks: 120_000,
} as const;

/** The DeadLetterReason Service Bus uses for each system dead-lettering (ref §1.4). */
export const SB_REASONS = {
  maxDelivery: 'MaxDeliveryCountExceeded',
  ttl: 'TTLExpiredException',
  noSession: 'Session ID is null',
  hops: 'MaxTransferHopCountExceeded',
} as const;

export interface EntityOptions {
  lockDurationTicks: number;
  maxDeliveryCount: number;
  requiresSession: boolean;
  /** Per-message TTLs are capped by this; null = TimeSpan.MaxValue. */
  defaultMessageTimeToLiveTicks: number | null;
  deadLetteringOnMessageExpiration: boolean;
  /** ForwardTo: a queue or topic this entity hands every message to (ref §1.8). */
  forwardTo: string | null;
  /** ForwardDeadLetteredMessagesTo: where this entity's dead-letter queue forwards to. */
  forwardDeadLetteredMessagesTo: string | null;
  /** The largest message a sender may send to this queue (MaxMessageSizeInKilobytes; Standard: 256 KB). */
  maxMessageSizeBytes: number;
}

export function entityOptions(o: Obj): EntityOptions {
  const ttl = o.defaultMessageTimeToLiveTicks;
  return {
    lockDurationTicks: num(o, 'lockDurationTicks', SB_DEFAULTS.lockDurationTicks),
    maxDeliveryCount: num(o, 'maxDeliveryCount', SB_DEFAULTS.maxDeliveryCount),
    requiresSession: bool(o, 'requiresSession', false),
    defaultMessageTimeToLiveTicks: typeof ttl === 'number' ? ttl : null,
    deadLetteringOnMessageExpiration: bool(o, 'deadLetteringOnMessageExpiration', false),
    forwardTo: typeof o.forwardTo === 'string' ? o.forwardTo : null,
    forwardDeadLetteredMessagesTo: typeof o.forwardDeadLetteredMessagesTo === 'string' ? o.forwardDeadLetteredMessagesTo : null,
    maxMessageSizeBytes: maxMessageSizeBytes(o.maxMessageSizeInKilobytes),
  };
}

export interface DuplicateDetection {
  windowTicks: number;
}

export function duplicateDetection(o: Obj): DuplicateDetection | null {
  if (!bool(o, 'requiresDuplicateDetection', false)) return null;
  return { windowTicks: num(o, 'duplicateDetectionHistoryTimeWindowTicks', SB_DEFAULTS.duplicateDetectionHistoryTimeWindowTicks) };
}

export type ReceiveMode = 'PeekLock' | 'ReceiveAndDelete';

/** ServiceBusProcessorOptions (ref §1.10); MaxConcurrentCalls is the handler's concurrency. */
export interface ProcessorOptions {
  receiveMode: ReceiveMode;
  prefetchCount: number;
  autoCompleteMessages: boolean;
  maxAutoLockRenewalDurationTicks: number;
  maxConcurrentSessions: number;
}

export function processorOptions(options: Json | undefined): ProcessorOptions {
  const o = isObj(options) ? options : undefined;
  return {
    receiveMode: str<ReceiveMode>(o, 'receiveMode', 'PeekLock'),
    prefetchCount: num(o, 'prefetchCount', 0),
    autoCompleteMessages: bool(o, 'autoCompleteMessages', true),
    maxAutoLockRenewalDurationTicks: num(o, 'maxAutoLockRenewalDurationTicks', SB_DEFAULTS.maxAutoLockRenewalDurationTicks),
    maxConcurrentSessions: num(o, 'maxConcurrentSessions', SB_DEFAULTS.maxConcurrentSessions),
  };
}

export function subscriptionName(topic: string, sub: string): string {
  return `${topic}/Subscriptions/${sub}`;
}

export function deadLetterQueueName(entity: string): string {
  return `${entity}/$deadletterqueue`;
}

/** The effective expiry of a message: its TimeToLive (header) capped by the entity default (ref §1.7). */
export function expiresAt(enqueuedTick: number, messageTtl: Json | undefined, entityTtl: number | null): number | null {
  const own = typeof messageTtl === 'number' && messageTtl >= 0 ? messageTtl : null;
  const ttl = own === null ? entityTtl : entityTtl === null ? own : Math.min(own, entityTtl);
  return ttl === null ? null : enqueuedTick + ttl;
}
