// The run-time state of the Kafka model: topics as arrays of partition logs (records keep their
// offsets; consumption never removes them), consumer groups with members, an assignment,
// a committed offset per partition, and per member a fetch position, the offset processed so
// far and at most one record in flight per partition (which keeps per-partition order).

import type { BrokerHost, Message, ConsumerSpec, Delivery } from '../types';
import type { PartitionLog } from './log';
import type { Alarm } from '../shared/alarm';
import type { ConsumerOptions } from './options';
import type { Strategy } from './assignors';
import type { CompactionConfig, CompactionState } from './compaction';
import type { KafkaTransaction } from './transactions';
import type { IsolationLevel } from './options';

export interface LogRecord {
  message: Message;
  offset: number;
  tick: number;
  bytes: number;
  /** Idempotent producer: the producer id and the record's sequence number on this partition. */
  producerId?: number;
  sequence?: number;
  /** Removed by log compaction: its offset stays, readers skip it. */
  compacted?: boolean;
  /** Written inside a transaction: read_committed readers see it only once it is committed. */
  txn?: KafkaTransaction;
}

/** A Kafka broker of the cluster ("kafka-1"): it hosts partition replicas and can crash. */
export interface KafkaNode {
  id: string;
  up: boolean;
  /** A follower on this broker fetches nothing until this tick (the follower-lag fault). */
  lagUntil: number;
}

/** One copy of a partition's log, on one broker. Replicas hold a prefix of the leader's log. */
export interface Replica {
  node: KafkaNode;
  /** Log-end offset of this copy. */
  leo: number;
}

/** A replicated partition: its replicas (in preference order), leader, in-sync set and high watermark. */
export interface Replication {
  replicas: Replica[];
  leader: Replica | null;
  isr: Replica[];
  /** High watermark: records below it are on every in-sync replica; consumers read only those. */
  hw: number;
  epoch: number;
  fetchScheduled: boolean;
  /** A follower that fell behind at this tick is dropped from the ISR after replica.lag.time.max.ms. */
  behindSince: Map<Replica, number>;
}

/** Producer configs of the records written to a topic (simplified: per topic, not per client). */
export interface ProducerConfig {
  acks: '0' | '1' | 'all';
  idempotence: boolean;
}

export interface Partition {
  index: number;
  records: PartitionLog;
  /** Offset of the first record still in the log (retention moves it). */
  logStart: number;
  /** Offset the next record gets (the log-end offset). */
  end: number;
  bytes: number;
  /** Present when the topic has replicationFactor > 1 or the cluster has brokers to crash. */
  replication?: Replication;
  /** Idempotent producer: the last sequence number written per producer id. */
  sequences?: Map<number, number>;
  /** acks=all requests written but not yet on every in-sync replica. */
  awaitingAck: ProduceRequest[];
  /** Requests waiting for a leader or for enough in-sync replicas (the producer retries them). */
  waiting: ProduceRequest[];
  /** cleanup.policy=compact: segments and the cleaner's checkpoint (created at the first record). */
  compaction?: CompactionState;
  /** Transactions with records here that are still open (they hold the last stable offset back). */
  openTransactions?: Set<KafkaTransaction>;
}

/** One record on its way from a producer: retried with the same sequence number until acknowledged or timed out. */
export interface ProduceRequest {
  message: Message;
  topic: Topic;
  partition: number;
  rule: 'key' | 'sticky' | 'explicit';
  bytes: number;
  producer: ProducerState;
  /** The configs this record is sent with: its producer's declared ones, else the topic's. */
  config: ProducerConfig;
  sequence: number | undefined;
  firstSentTick: number;
  attempts: number;
  /** Offset it was written at (last attempt), if written. */
  offset?: number;
  done: boolean;
  cancelExpiry?: () => void;
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
  producer: ProducerConfig;
  minInsyncReplicas: number;
  uncleanLeaderElection: boolean;
  /** Writes go through the producer protocol (acks, retries, idempotence), not straight to the log. */
  tracked: boolean;
  /** cleanup.policy includes compact (null: delete only). */
  compaction: CompactionConfig | null;
  cleanerAlarm?: Alarm;
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
  /** Its offset was committed inside a Kafka transaction. */
  committedInTransaction?: boolean;
}

export interface Group {
  id: string;
  topic: Topic;
  /** The entity name of this group's view of the topic, e.g. "orders/billing". */
  view: string;
  strategy: Strategy;
  /** isolation.level of the group's consumers (the first member's). */
  isolation: IsolationLevel;
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
  /** A rebalance run is scheduled for this tick's end. */
  rebalanceScheduled: boolean;
  /**
   * Eager protocol: a rebalance has started and waits for a member that no longer heartbeats
   * (a restarted consumer's old self); nobody in the group fetches until it completes.
   */
  joinPending: boolean;
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
  /** The incarnation that died last and the tick it died (its session runs out session.timeout.ms later). */
  downIncarnation: number;
  downTick: number;
  /**
   * A dynamic member restarted while its old session was still alive: the new process has joined
   * as a new member and waits until the coordinator drops the old one (session.timeout.ms).
   */
  awaitingJoin: boolean;
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
  /** The sticky partitioner's current batch per topic, then per producer. */
  sticky: Map<string, Map<string, StickyBatch>>;
  /** The cluster's brokers (empty: no replication modelled). */
  nodes: KafkaNode[];
  /** Producer clients, by service name. */
  producers: Map<string, ProducerState>;
  /** Producer configs a service declared in its handler code (in place of the topics' settings). */
  producerConfigs: Map<string, ProducerConfig>;
  /** Open Kafka transactions, by transactional.id. */
  transactions: Map<string, KafkaTransaction>;
  /** The last aborted transaction per transactional.id, so its producer's late commit or send fails. */
  abortedTransactions: Map<string, { deliveryId: string | undefined; reason: string }>;
}

/** The sticky partitioner's current partition for one producer and topic, and the bytes sent to it. */
export interface StickyBatch {
  topic: string;
  partition: number;
  bytes: number;
}

/** A producer client: its id, per-partition sequence numbers, and whether its acks get through. */
export interface ProducerState {
  service: string;
  id: number;
  nextSequence: Map<string, number>;
  /** Responses to this producer are lost until this tick (the producer-cut-off fault). */
  cutUntil: number;
}
