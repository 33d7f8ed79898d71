// Topics and producing: creating a topic's partition logs, the Java producer's default
// partitioner (an explicit partition header, else murmur2 of the key, else sticky for keyless
// records) and appending a record, which wakes every group reading the topic and may trigger
// retention (or roll a compacted topic's segment, compaction.ts). Retry and dead-letter publishing append through here too.

import type { Message } from '../types';
import { PartitionLog } from './log';
import { Alarm } from '../shared/alarm';
import { bool, num, type Obj } from '../shared/options';
import { KAFKA_DEFAULTS, type IsolationLevel } from './options';
import type { KafkaTransaction } from './transactions';
import { partitionForKey } from './murmur2';
import { partitionText } from './explain';
import { applyRetention } from './retention';
import { schedulePump } from './pump';
import { afterAppend, setupReplication } from './replication';
import { produce } from './producer';
import type { KafkaState, LogRecord, Partition, ProducerConfig, StickyBatch, Topic } from './state';
import { afterCompactedAppend, runCleaner, type CompactionConfig } from './compaction';

export type PartitionRule = 'key' | 'sticky' | 'explicit';

export function addTopic(k: KafkaState, name: string, o: Obj): void {
  const count = num(o, 'partitions', 1);
  const partitions: Partition[] = Array.from({ length: count }, (_, index) => ({ index, records: new PartitionLog(), logStart: 0, end: 0, bytes: 0, awaitingAck: [], waiting: [] }));
  const acks = o?.acks === undefined ? KAFKA_DEFAULTS.acks : (String(o.acks) as ProducerConfig['acks']);
  const topic: Topic = {
    name, partitions, groups: [], retentionMs: num(o, 'retentionMs', KAFKA_DEFAULTS.retentionMs), retentionBytes: num(o, 'retentionBytes', KAFKA_DEFAULTS.retentionBytes),
    retentionAlarm: undefined as unknown as Alarm, retentionTimed: typeof o?.retentionMs === 'number',
    // enable.idempotence needs acks=all: left at its default, it is silently off with acks 0 or 1 (ref §3.3).
    producer: { acks, idempotence: bool(o, 'enableIdempotence', acks === 'all' && KAFKA_DEFAULTS.enableIdempotence) },
    minInsyncReplicas: num(o, 'minInsyncReplicas', KAFKA_DEFAULTS.minInsyncReplicas),
    uncleanLeaderElection: bool(o, 'uncleanLeaderElection', KAFKA_DEFAULTS.uncleanLeaderElection),
    tracked: ['replicationFactor', 'acks', 'enableIdempotence', 'minInsyncReplicas'].some((f) => o?.[f] !== undefined),
    compaction: compactionConfig(o),
  };
  topic.retentionAlarm = new Alarm(k.host, () => applyRetention(k, topic));
  if (topic.compaction) topic.cleanerAlarm = new Alarm(k.host, () => runCleaner(k, topic));
  if (typeof o?.replicationFactor === 'number') setupReplication(k, topic, o.replicationFactor);
  k.topics.set(name, topic);
}

export function publish(k: KafkaState, message: Message, destination: string): void {
  const topic = k.topics.get(destination);
  if (!topic) {
    k.host.record({ kind: 'message.unroutable', actor: 'broker', messageId: message.id, correlationId: message.correlationId, data: { destination }, text: `${destination} is a consumer group's view; producers write to topics` });
    return;
  }
  const bytes = recordBytes(message);
  const { partition, rule } = choosePartition(k, topic, message, bytes);
  // Replicated topics, declared producers and producers that were cut off go through the producer protocol (acks, retries).
  if (topic.tracked || k.producerConfigs.has(message.producer) || (k.producers.get(message.producer)?.cutUntil ?? 0) > 0) return produce(k, topic, partition, rule, message, bytes);
  append(k, topic, partition, rule, message, bytes);
}

/** cleanup.policy and the compaction configs of a topic (ref §3.6), or null for delete only. */
function compactionConfig(o: Obj): CompactionConfig | null {
  const policy = typeof o?.cleanupPolicy === 'string' ? o.cleanupPolicy : KAFKA_DEFAULTS.cleanupPolicy;
  if (!policy.includes('compact')) return null;
  return {
    deletes: policy.includes('delete'),
    segmentMs: num(o, 'segmentMs', KAFKA_DEFAULTS.segmentMs),
    segmentBytes: num(o, 'segmentBytes', KAFKA_DEFAULTS.segmentBytes),
    minCleanableDirtyRatio: num(o, 'minCleanableDirtyRatio', KAFKA_DEFAULTS.minCleanableDirtyRatio),
    deleteRetentionMs: num(o, 'deleteRetentionMs', KAFKA_DEFAULTS.deleteRetentionMs),
    minCompactionLagMs: num(o, 'minCompactionLagMs', KAFKA_DEFAULTS.minCompactionLagMs),
    timedTombstones: typeof o?.deleteRetentionMs === 'number',
    timedLag: typeof o?.minCompactionLagMs === 'number',
  };
}

/** The built-in partitioner (ref §3.2): explicit partition, else murmur2(key), else sticky. */
export function choosePartition(k: KafkaState, topic: Topic, message: Message, bytes: number): { partition: number; rule: PartitionRule } {
  const count = topic.partitions.length;
  const explicit = message.headers.partition;
  if (typeof explicit === 'number' && Number.isInteger(explicit) && explicit >= 0 && explicit < count) return { partition: explicit, rule: 'explicit' };
  if (message.key !== undefined) return { partition: partitionForKey(message.key, count), rule: 'key' };
  // Keyed by the topic and then the producer: no key string is built per record.
  let byProducer = k.sticky.get(topic.name);
  if (!byProducer) k.sticky.set(topic.name, (byProducer = new Map<string, StickyBatch>()));
  let s = byProducer.get(message.producer);
  if (!s || s.bytes >= KAFKA_DEFAULTS.batchSize) {
    const rng = k.host.random(`kafka/sticky/${message.producer}/${topic.name}`);
    let p = rng.int(count);
    if (s && count > 1 && p === s.partition) p = (p + 1 + rng.int(count - 1)) % count;
    s = { topic: topic.name, partition: p, bytes: 0 };
    byProducer.set(message.producer, s);
  }
  s.bytes += bytes;
  return { partition: s.partition, rule: 'sticky' };
}

/** The leader writes a record at the log end; returns its offset. */
export function append(k: KafkaState, topic: Topic, index: number, rule: PartitionRule, message: Message, bytes = recordBytes(message), producer?: { id: number; sequence: number }, txn?: KafkaTransaction): number {
  const partition = topic.partitions[index];
  const offset = partition.end++;
  const record: LogRecord = producer ? { message, offset, tick: k.host.now(), bytes, producerId: producer.id, sequence: producer.sequence } : { message, offset, tick: k.host.now(), bytes };
  if (txn) record.txn = txn;
  partition.records.push(record);
  partition.bytes += bytes;
  if (topic.compaction) afterCompactedAppend(k, topic, partition, record);
  if (producer) (partition.sequences ??= new Map()).set(producer.id, producer.sequence);
  if (partition.replication) afterAppend(k, topic, partition);
  k.host.record({
    kind: 'message.partitioned', actor: topic.name, messageId: message.id, correlationId: message.correlationId,
    data: message.key !== undefined ? { topic: topic.name, partition: index, offset, key: message.key, rule } : { topic: topic.name, partition: index, offset, rule },
    text: partitionText(rule, index, topic.partitions.length, message.key, offset),
  });
  // A replicated partition shows a record to its groups once it is committed (below the high watermark).
  if (!partition.replication) announce(k, topic, index, message, offset);
  // cleanup.policy=compact alone deletes nothing by time or size; compact,delete does both.
  if (topic.compaction && !topic.compaction.deletes) return offset;
  if ((topic.retentionBytes >= 0 && partition.bytes > topic.retentionBytes) || partition.records.tickAt(0) + topic.retentionMs <= k.host.now()) applyRetention(k, topic);
  // Only a configured retention.ms sets a timer: the 7-day default lies beyond any run and would keep it from ending.
  if (topic.retentionTimed && partition.records.length === 1) topic.retentionAlarm.request(k.host.now() + topic.retentionMs);
  return offset;
}

/**
 * Every group reading the topic can now read the record — a read_committed group only once the
 * record's transaction (if any) has committed (transactions.ts announces it then).
 */
export function announce(k: KafkaState, topic: Topic, index: number, message: Message, offset: number): void {
  const partition = topic.partitions[index];
  const txn = partition.records.txnAt(offset - partition.logStart);
  announceTo(k, topic, index, message, offset, txn && txn.state !== 'committed' ? 'read_uncommitted' : undefined);
}

/** Announces a record to the groups of one isolation level (all when undefined). */
export function announceTo(k: KafkaState, topic: Topic, index: number, message: Message, offset: number, only: IsolationLevel | undefined): void {
  for (const group of topic.groups) {
    if (only !== undefined && group.isolation !== only) continue;
    k.host.record({ kind: 'message.enqueued', actor: group.view, messageId: message.id, correlationId: message.correlationId, data: { entity: group.view, props: { partition: index, offset } } });
    schedulePump(k, group);
  }
}

/** Rough serialized size: key + JSON body, enough for batch.size and retention.bytes. */
export function recordBytes(message: Message): number {
  const body = message.body;
  // JSON.stringify(null) is "null": the common empty body needs no serialising.
  return (message.key?.length ?? 0) + (body === null ? 4 : JSON.stringify(body).length) + 16;
}
