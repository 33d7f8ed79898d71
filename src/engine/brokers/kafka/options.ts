// Kafka names and defaults (ref §0, §3): topic configs and consumer configs. Times are ticks (ms).

import type { Json } from '../../scenario/json';
import { bool, isObj, num, str } from '../shared/options';
import type { Strategy } from './assignors';

export const KAFKA_DEFAULTS = {
  /** retention.ms 7 days; retention.bytes −1 (unlimited). */
  retentionMs: 604_800_000,
  retentionBytes: -1,
  /** enable.auto.commit true, auto.commit.interval.ms 5000. */
  autoCommitIntervalMs: 5_000,
  /** max.poll.interval.ms 300 000; session.timeout.ms 45 000. */
  maxPollIntervalMs: 300_000,
  sessionTimeoutMs: 45_000,
  /** batch.size 16 384 bytes: the sticky partitioner switches after this much. */
  batchSize: 16_384,
  /** Spring DefaultErrorHandler FixedBackOff(0, 9): 10 deliveries. */
  deliveryAttempts: 10,
} as const;

export type CommitMode = 'auto' | 'after-processing' | 'before-processing';
export type OffsetReset = 'latest' | 'earliest' | 'none';

export interface ConsumerOptions {
  groupId: string;
  commit: CommitMode;
  autoCommitIntervalMs: number;
  autoOffsetReset: OffsetReset;
  strategy: Strategy;
  maxPollIntervalMs: number;
  sessionTimeoutMs: number;
  /** Deliveries of one record before it is given up (Spring DefaultErrorHandler). */
  deliveryAttempts: number;
  /** Publish given-up records to `<topic>.DLT` (DeadLetterPublishingRecoverer) instead of logging and skipping. */
  deadLetterTopic: boolean;
}

export function consumerOptions(options: Json | undefined, service: string): ConsumerOptions {
  const o = isObj(options) ? options : undefined;
  const commit = str<CommitMode>(o, 'commit', bool(o, 'enableAutoCommit', true) ? 'auto' : 'after-processing');
  return {
    groupId: str(o, 'groupId', service),
    commit,
    autoCommitIntervalMs: num(o, 'autoCommitIntervalMs', KAFKA_DEFAULTS.autoCommitIntervalMs),
    autoOffsetReset: str<OffsetReset>(o, 'autoOffsetReset', 'latest'),
    strategy: str<Strategy>(o, 'partitionAssignmentStrategy', 'range'),
    maxPollIntervalMs: num(o, 'maxPollIntervalMs', KAFKA_DEFAULTS.maxPollIntervalMs),
    sessionTimeoutMs: num(o, 'sessionTimeoutMs', KAFKA_DEFAULTS.sessionTimeoutMs),
    deliveryAttempts: num(o, 'deliveryAttempts', KAFKA_DEFAULTS.deliveryAttempts),
    deadLetterTopic: bool(o, 'deadLetterTopic', false),
  };
}

export function groupView(topic: string, group: string): string {
  return `${topic}/${group}`;
}

export function deadLetterTopicName(topic: string): string {
  return `${topic}.DLT`;
}
