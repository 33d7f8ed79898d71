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
  /** Spring @RetryableTopic: 3 attempts, 1 000 ms back-off (ref §0, §3.8). */
  retryTopicAttempts: 3,
  retryTopicBackoffMs: 1_000,
  /** Producer (ref §0, §3.3): acks all and enable.idempotence true since Kafka 3.0; request.timeout.ms 30 000, delivery.timeout.ms 120 000. */
  acks: 'all',
  enableIdempotence: true,
  requestTimeoutMs: 30_000,
  deliveryTimeoutMs: 120_000,
  /** Topic/broker: min.insync.replicas 1, unclean.leader.election.enable false, replica.lag.time.max.ms 30 000. */
  minInsyncReplicas: 1,
  uncleanLeaderElection: false,
  replicaLagTimeMaxMs: 30_000,
  /** KRaft broker.session.timeout.ms 9 000: the controller fences a broker that stopped heart-beating. */
  brokerSessionTimeoutMs: 9_000,
  /** Simplification: a live follower copies new records this long after the leader wrote them. */
  replicaFetchTicks: 10,
  /** Log compaction (ref §0, §3.6; topic configs): cleanup.policy delete; segment.ms 7 days; segment.bytes 1 GiB; min.cleanable.dirty.ratio 0.5; delete.retention.ms 1 day; min.compaction.lag.ms 0; broker log.cleaner.backoff.ms 15 000. */
  cleanupPolicy: 'delete',
  segmentMs: 604_800_000,
  segmentBytes: 1_073_741_824,
  minCleanableDirtyRatio: 0.5,
  deleteRetentionMs: 86_400_000,
  minCompactionLagMs: 0,
  logCleanerBackoffMs: 15_000,
  /** Transactions (ref §0, §3.7): transaction.timeout.ms 60 000; consumers isolation.level read_uncommitted (Java client). */
  transactionTimeoutMs: 60_000,
  isolationLevel: 'read_uncommitted',
} as const;

/** Non-blocking retries (Spring @RetryableTopic, ref §3.8): attempts in all, back-off between them. */
export interface RetryTopicOptions {
  attempts: number;
  backoffMs: number;
}

export const CLEANUP_POLICIES = ['delete', 'compact', 'compact,delete'];

export type IsolationLevel = 'read_uncommitted' | 'read_committed';
export const ISOLATION_LEVELS: IsolationLevel[] = ['read_uncommitted', 'read_committed'];

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
  /** Non-blocking retries through `<topic>-retry`, then `<topic>-dlt` (null: blocking retries). */
  retryTopic: RetryTopicOptions | null;
  /** group.instance.id (static membership, KIP-345): null = a dynamic member. */
  groupInstanceId: string | null;
  /** isolation.level: read_committed reads only committed transactional records, up to the last stable offset. */
  isolationLevel: IsolationLevel;
}

export function retryTopicOptions(o: Record<string, Json> | undefined): RetryTopicOptions | null {
  const v = o?.retryTopic;
  if (v !== true && !isObj(v)) return null;
  const r = isObj(v) ? v : undefined;
  return { attempts: num(r, 'attempts', KAFKA_DEFAULTS.retryTopicAttempts), backoffMs: num(r, 'backoffMs', KAFKA_DEFAULTS.retryTopicBackoffMs) };
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
    retryTopic: retryTopicOptions(o),
    groupInstanceId: typeof o?.groupInstanceId === 'string' ? o.groupInstanceId : null,
    isolationLevel: str<IsolationLevel>(o, 'isolationLevel', KAFKA_DEFAULTS.isolationLevel),
  };
}

export function groupView(topic: string, group: string): string {
  return `${topic}/${group}`;
}

export function deadLetterTopicName(topic: string): string {
  return `${topic}.DLT`;
}

/** Spring @RetryableTopic's default suffixes (ref §3.8): `-retry` (one topic reused for a fixed back-off) and `-dlt`. */
export function retryTopicName(topic: string): string {
  return `${topic}-retry`;
}

export function retryDeadLetterTopicName(topic: string): string {
  return `${topic}-dlt`;
}
