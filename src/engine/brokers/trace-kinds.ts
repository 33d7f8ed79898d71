// Trace event kinds the three faithful broker models add to the engine's TraceDataMap, by
// declaration merging, so each model's vocabulary (sessions, deferral, lock renewal, partitions,
// rebalances, commits, retention) lives beside the models instead of in the kernel's file.
// Kinds are namespaced and past tense, like every other trace kind.

import type { Json } from '../scenario/json';

declare module '../trace/types' {
  interface TraceDataMap {
    /** The sender's client refused the send (Service Bus: no SessionId for a session-enabled queue); nothing was sent. */
    'message.send-failed': { destination: string; reason: string };
    /** Service Bus: auto-forwarding (ForwardTo / ForwardDeadLetteredMessagesTo) moved the message on; `hops` so far (at most 4). */
    'message.auto-forwarded': { entity: string; to: string; hops: number };
    /** Service Bus: a handler browsed an entity (PeekMessages): nothing locked or removed. */
    'entity.peeked': { entity: string; by: string; sequenceNumbers: number[] };
    /** Service Bus: a transaction committed its sends and settlements at once (message ids; "id:outcome"). */
    'transaction.committed': { service: string; sent: string[]; settled: string[] };
    /** Service Bus: a transaction was rolled back before anything took effect (timeout, lost lock, refused send). */
    'transaction.rolled-back': { service: string; reason: string };
    /** Service Bus: the processor renewed a message or session lock. */
    'message.lock-renewed': { entity: string; consumer: string; lockedUntil: number };
    /** Service Bus: the receiver deferred the message; only ReceiveDeferredMessage(SequenceNumber) gets it back. */
    'message.deferred': { entity: string; consumer: string; sequenceNumber: number };
    /** Service Bus: a receiver accepted a session (exclusive session lock). */
    'session.locked': { entity: string; session: string; consumer: string; lockedUntil: number };
    /** Service Bus: a handler stored session state (SetSessionState; null clears it). */
    'session.state-set': { entity: string; session: string; consumer: string; state: Json | null };
    /** Service Bus: a session lock ended (session drained, lock lost, or receiver gone). */
    'session.released': { entity: string; session: string; consumer: string; reason: string };
    /** A configuration the real broker accepts but that will not do what it seems to (RabbitMQ: a DLX that does not exist). Recorded at start. */
    'broker.warned': { entity: string; warning: string };
    /** RabbitMQ: a channel was closed by the broker (consumer_timeout: PRECONDITION_FAILED); its unacked deliveries were requeued. */
    'channel.closed': { entity: string; consumer: string; reason: string; unacked: number };
    /** RabbitMQ publisher confirms: basic.ack / basic.nack to the publisher, or no confirm in time (`timeout`); `retrying` when it publishes again. */
    'publish.confirmed': { destination: string; publisher: string; outcome: 'ack' | 'nack' | 'timeout'; attempt: number; retrying: boolean; awaited?: true };
    /** RabbitMQ: the node's memory or disk alarm went off (until `untilTick`) or cleared; connections that publish meanwhile are blocked. */
    'broker.alarm-raised': { resource: 'memory' | 'disk'; untilTick: number };
    'broker.alarm-cleared': { resource: 'memory' | 'disk' };
    /** RabbitMQ: a connection published during an alarm; the broker reads nothing more from it until unblocked (`held`: frames it then read). */
    'connection.blocked': { connection: string; service: string; resource: 'memory' | 'disk' };
    'connection.unblocked': { connection: string; service: string; held: number };
    /** RabbitMQ stream: a consumer (re)attached at `offset` per its x-stream-offset (`offsetSpec`). */
    'stream.attached': { entity: string; consumer: string; offset: number; offsetSpec: string };
    /** RabbitMQ: single active consumer switched to another consumer. */
    'consumer.activated': { entity: string; consumer: string };
    /** Kafka: the producer appended a record to a partition. */
    'message.partitioned': { topic: string; partition: number; offset: number; key?: string; rule: 'key' | 'sticky' | 'explicit' };
    /** Kafka: a consumer group changed its membership and assignment. */
    'group.rebalanced': { topic: string; group: string; generation: number; strategy: string; reason: string; assignment: Record<string, number[]> };
    /** Kafka: a restarted dynamic member's rebalance waits for its old member's session to expire; `stopsGroup` with the eager protocol. */
    'group.rebalance-started': { topic: string; group: string; member: string; waitingUntilTick: number; stopsGroup: boolean };
    'partition.revoked': { topic: string; group: string; member: string; partitions: number[] };
    'offset.commit-failed': { topic: string; group: string; partition: number; offset: number; reason: string };
    'offset.reset': { topic: string; group: string; partition: number; offset: number; reason: string };
    /** Kafka (@RetryableTopic): a failed record was published to the retry topic, due at `dueTick`; the offset moves on. */
    'message.forwarded': { entity: string; to: string; attempt: number; dueTick: number };
    /** Kafka cluster: a broker (kafka-1…) crashed, came back, or its followers stopped fetching for a while. */
    'broker.crashed': { broker: string };
    'broker.restarted': { broker: string };
    'broker.lagging': { broker: string; untilTick: number };
    /** Kafka replication: a follower copied the leader's new records; the high watermark after it. */
    'replica.fetched': { topic: string; partition: number; broker: string; leader: string; fromOffset: number; logEndOffset: number; highWatermark: number };
    'isr.shrunk': { topic: string; partition: number; isr: string[] };
    'isr.expanded': { topic: string; partition: number; isr: string[] };
    /** Kafka: the controller chose a partition leader (null: offline); unclean = from outside the ISR. */
    'leader.elected': { topic: string; partition: number; leader: string | null; epoch: number; unclean: boolean; isr: string[] };
    /** Kafka: records from `fromOffset` on existed only on a failed leader and are gone. */
    'replica.truncated': { topic: string; partition: number; fromOffset: number; records: number };
    /** Kafka producer: the leader answered a produce request (per `acks`). */
    'produce.acknowledged': { topic: string; partition: number; offset: number; acks: string; producer: string };
    /** Kafka producer: a send failed or got no answer; `retrying` when the client sends it again. */
    'produce.failed': { topic: string; partition: number; producer: string; reason: string; retrying: boolean };
    /** Kafka: the log cleaner compacted a partition up to `cleanedTo` (cleanup.policy=compact). */
    'log.compacted': { topic: string; partition: number; cleanedTo: number; removed: number; tombstonesRemoved: number; activeSegmentBase: number };
    /** Kafka: compaction removed a record this group had not read (superseded by a newer record of its key, or an expired tombstone: null). */
    'message.compacted': { entity: string; topic: string; partition: number; offset: number; key: string; supersededBy: number | null };
    /** Kafka: retention deleted the oldest records of a partition. */
    'retention.deleted': { topic: string; partition: number; logStartOffset: number; deleted: number };
  }
}

export type BrokerTraceExtras = Json;
