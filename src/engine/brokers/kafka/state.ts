// The run-time state of the Kafka model: topics as arrays of partition logs (records keep their
// offsets; consumption never removes them), consumer groups with members, an assignment,
// a committed offset per partition, and per member a fetch position, the offset processed so
// far and at most one record in flight per partition (which keeps per-partition order).

import type { BrokerHost, Message, ConsumerSpec, Delivery } from '../types';
import type { Deque } from '../deque';
import type { Alarm } from '../shared/alarm';
import type { ConsumerOptions } from './options';
import type { Strategy } from './assignors';

export interface LogRecord {
  message: Message;
  offset: number;
  tick: number;
  bytes: number;
}

export interface Partition {
  index: number;
  records: Deque<LogRecord>;
  /** Offset of the first record still in the log (retention moves it). */
  logStart: number;
  /** Offset the next record gets (the log-end offset). */
  end: number;
  bytes: number;
}

export interface Topic {
  name: string;
  partitions: Partition[];
  retentionMs: number;
  retentionBytes: number;
  groups: Group[];
  retentionAlarm: Alarm;
  /** retention.ms was configured: a timer deletes old records even when nothing else happens. */
  retentionTimed: boolean;
}

export interface InFlight {
  delivery: Delivery;
  partition: number;
  offset: number;
  member: Member;
  incarnation: number;
  deliveredTick: number;
  /** before-processing mode committed it at hand-over. */
  committedEarly: boolean;
}

export interface Group {
  id: string;
  topic: Topic;
  /** The entity name of this group's view of the topic, e.g. "orders/billing". */
  view: string;
  strategy: Strategy;
  members: Member[];
  generation: number;
  /** Owner of each partition (null while unassigned). */
  owner: (Member | null)[];
  committed: (number | null)[];
  /** Next offset to fetch for the current owner. */
  position: number[];
  /** Offset after the last record the owner finished (what auto-commit commits). */
  processed: number[];
  inFlight: (InFlight | null)[];
  /** Failed deliveries of the record at `position` per partition (blocking retries). */
  attempts: number[];
  rebalancePending: string[];
  pumpScheduled: boolean;
  /** For a `<topic>-retry` group: the main topic it retries for (non-blocking retries). */
  retryOf?: string;
  /** A back-off wake-up is scheduled for this tick. */
  wakeAt?: number;
}

export interface Member {
  spec: ConsumerSpec;
  opts: ConsumerOptions;
  group: Group;
  up: boolean;
  incarnation: number;
  /** In the group (it may be dead but not yet timed out). */
  joined: boolean;
  partitions: number[];
  running: number;
  /**
   * Records this member's handler is still running, whatever the group did meanwhile: a
   * takeover clears the group's in-flight slot, not this. The member cannot poll (and so
   * cannot rejoin after max.poll.interval.ms) until these return.
   */
  flights: Set<InFlight>;
  /** It left the group because it did not poll within max.poll.interval.ms; its next poll rejoins. */
  leftOnPollTimeout: boolean;
  roundRobin: number;
  lastAutoCommit: number;
  autoCommitAlarm: Alarm;
  pollAlarm: Alarm;
}

/** Everything one KafkaBroker holds; the model's modules are functions over it. */
export interface KafkaState {
  host: BrokerHost;
  topics: Map<string, Topic>;
  /** Each group's view of a topic, by entity name ("orders/billing"). */
  views: Map<string, Group>;
  members: Map<string, Member>;
  /** Each retry-topic consumer's second membership, in `<topic>-retry`'s group (same handler). */
  retryMembers: Map<string, Member>;
  inFlight: Map<string, InFlight>;
  /** The sticky partitioner's current partition per producer and topic. */
  sticky: Map<string, { topic: string; partition: number; bytes: number }>;
}
