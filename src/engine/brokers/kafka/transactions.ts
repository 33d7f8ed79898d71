// Kafka transactions (ref §3.7; [K-PCFG] transactional.id, transaction.timeout.ms; [K-CCFG]
// isolation.level): a transactional producer writes its records to the partition logs at once,
// marked as part of an open transaction; commitTransaction makes them committed together with
// the consumed record's offset (sendOffsetsToTransaction), abortTransaction leaves them in the
// log marked aborted. A read_committed consumer reads only committed records and stops at the
// last stable offset (LSO: the first offset of a still-open transaction), so one open
// transaction holds back every record behind it; a read_uncommitted consumer (the Java client's
// default) reads everything, aborted records included. A transaction left open by a crashed
// producer is aborted when a new producer with the same transactional.id starts
// (initTransactions fences the old one) or when transaction.timeout.ms runs out.
// Exactly-once holds only inside Kafka: a database write or a call made by the same handler is
// not part of the transaction and happens again when the record is processed again.

import type { Message } from '../types';
import { KAFKA_DEFAULTS } from './options';
import { announceTo, append, choosePartition, recordBytes } from './topics';
import { readableEnd } from './replication';
import { commit } from './offsets';
import { schedulePump } from './pump';
import type { KafkaState, LogRecord, Partition, Topic } from './state';

export interface KafkaTransaction {
  transactionalId: string;
  producer: string;
  state: 'open' | 'committed' | 'aborted';
  startTick: number;
  /** The delivery whose handler runs the transaction: its offset is committed with it. */
  deliveryId?: string;
  writes: { topic: Topic; partition: Partition; record: LogRecord }[];
  cancelTimeout: () => void;
}

/** The last stable offset: the first offset of a transaction still open on this partition (or the log end). */
export function lastStableOffset(partition: Partition): number {
  let lso = partition.end;
  for (const t of partition.openTransactions ?? []) {
    for (const w of t.writes) if (w.partition === partition && w.record.offset < lso) lso = w.record.offset;
  }
  return lso;
}

/** A record a read_committed consumer never sees: its transaction was aborted. */
export function abortedRecord(record: LogRecord): boolean {
  return record.txn?.state === 'aborted';
}

function begin(k: KafkaState, transactionalId: string, producer: string, deliveryId: string | undefined): KafkaTransaction {
  const open = k.transactions.get(transactionalId);
  if (open) return open;
  k.abortedTransactions.delete(transactionalId);
  const t: KafkaTransaction = { transactionalId, producer, state: 'open', startTick: k.host.now(), deliveryId, writes: [], cancelTimeout: () => {} };
  t.cancelTimeout = k.host.at(t.startTick + KAFKA_DEFAULTS.transactionTimeoutMs, () => {
    if (t.state === 'open') abort(k, t, `the transaction coordinator aborted it after transaction.timeout.ms ${KAFKA_DEFAULTS.transactionTimeoutMs} (the producer never committed); a later commit fails with ProducerFencedException`);
  });
  k.transactions.set(transactionalId, t);
  return t;
}

/** A send inside an open transaction: written now, committed or aborted later. Returns why not, or undefined. */
export function transactionalPublish(k: KafkaState, transactionalId: string, deliveryId: string | undefined, message: Message, destination: string): string | undefined {
  const topic = k.topics.get(destination);
  if (!topic) return `${destination} is not a Kafka topic: a transaction writes to topics`;
  // A transactional.id implies enable.idempotence, which needs acks=all ([K-PCFG]).
  const declared = k.producerConfigs.get(message.producer);
  if (declared && (declared.acks !== 'all' || !declared.idempotence)) {
    return `ConfigException: a transactional producer needs enable.idempotence, which requires acks=all; ${message.producer}'s producer has acks=${declared.acks}${declared.idempotence ? '' : ', enable.idempotence=false'}`;
  }
  const aborted = k.abortedTransactions.get(transactionalId);
  if (!k.transactions.has(transactionalId) && aborted && aborted.deliveryId === deliveryId) return `ProducerFencedException: this transaction was aborted (${aborted.reason}); the producer cannot send in it`;
  const t = begin(k, transactionalId, message.producer, deliveryId);
  const bytes = recordBytes(message);
  const { partition: index, rule } = choosePartition(k, topic, message, bytes);
  const partition = topic.partitions[index];
  (partition.openTransactions ??= new Set()).add(t);
  const offset = append(k, topic, index, rule, message, bytes, undefined, t);
  t.writes.push({ topic, partition, record: partition.records.at(offset - partition.logStart)! });
  return undefined;
}

/**
 * commitTransaction, with the consumed record's offset (sendOffsetsToTransaction) when the
 * handler reads a topic. Returns why it failed (the transaction was aborted meanwhile, or the
 * consumer lost its partition), or undefined.
 */
export function commitTransaction(k: KafkaState, transactionalId: string, producer: string, deliveryId: string | undefined): string | undefined {
  const flight = deliveryId !== undefined ? k.inFlight.get(deliveryId) : undefined;
  const aborted = k.abortedTransactions.get(transactionalId);
  if (!k.transactions.has(transactionalId) && aborted && aborted.deliveryId === deliveryId) {
    k.abortedTransactions.delete(transactionalId);
    return `ProducerFencedException: the transaction was already aborted (${aborted.reason}); nothing of it is committed`;
  }
  if (!k.transactions.has(transactionalId) && !flight) return undefined;
  const t = begin(k, transactionalId, producer, deliveryId);
  if (flight) {
    const m = flight.member;
    const group = m.group;
    const p = flight.partition;
    if (group.owner[p] !== m || !m.joined) {
      abort(k, t, `sendOffsetsToTransaction failed: ${m.spec.service} no longer owns partition ${p} of ${group.topic.name} (CommitFailedException)`);
      k.abortedTransactions.delete(transactionalId);
      return `CommitFailedException: ${m.spec.service} no longer owns partition ${p}; the transaction is aborted and the new owner processes offset ${flight.offset} again`;
    }
    commit(k, group, p, m, flight.offset + 1, `offset ${flight.offset + 1} of partition ${p} committed inside transaction ${transactionalId} (sendOffsetsToTransaction): it counts only if the transaction commits`);
    flight.committedInTransaction = true;
  }
  t.state = 'committed';
  close(k, t);
  const sent = t.writes.map((w) => w.record.message.id);
  k.host.record({
    kind: 'transaction.committed', actor: producer, data: { service: producer, sent, settled: flight ? [`${flight.delivery.message.id}:offset ${flight.offset + 1}`] : [] },
    text: `Kafka transaction ${transactionalId} committed: ${sent.length} record(s)${flight ? ` and the consumed offset ${flight.offset + 1} of ${flight.member.group.topic.name}-${flight.partition}` : ''} at once; read_committed consumers can now read them`,
  });
  // read_committed groups may now read what was already below the high watermark.
  for (const w of t.writes) {
    if (w.record.offset < readableEnd(w.partition)) announceTo(k, w.topic, w.partition.index, w.record.message, w.record.offset, 'read_committed');
  }
  return undefined;
}

/** abortTransaction (or the coordinator's abort): the records stay in the log, marked aborted. */
export function abort(k: KafkaState, t: KafkaTransaction, reason: string): void {
  if (t.state !== 'open') return;
  t.state = 'aborted';
  close(k, t);
  k.abortedTransactions.set(t.transactionalId, { deliveryId: t.deliveryId, reason });
  k.host.record({
    kind: 'transaction.rolled-back', actor: t.producer, data: { service: t.producer, reason },
    text: `Kafka transaction ${t.transactionalId} aborted: ${reason}. ${t.writes.length ? `Its ${t.writes.length} record(s) stay in the log marked aborted: read_committed consumers skip them, read_uncommitted consumers (the Java default) have read or will read them` : 'It had written nothing'}`,
  });
}

/** The handler of `deliveryId` ended with its transaction still open (the callback threw): abortTransaction. */
export function abortForDelivery(k: KafkaState, deliveryId: string): void {
  for (const t of k.transactions.values()) {
    if (t.deliveryId === deliveryId && t.state === 'open') abort(k, t, 'the handler ended without committing it (its transaction callback threw)');
  }
}

/** A restarted producer calls initTransactions with the same transactional.id: the old one is fenced, its open transaction aborted. */
export function fenceOnRestart(k: KafkaState, transactionalId: string): void {
  const t = k.transactions.get(transactionalId);
  if (t?.state === 'open') abort(k, t, `the restarted producer called initTransactions with the same transactional.id ${transactionalId}: the old producer is fenced and its open transaction aborted`);
}

function close(k: KafkaState, t: KafkaTransaction): void {
  t.cancelTimeout();
  if (k.transactions.get(t.transactionalId) === t) k.transactions.delete(t.transactionalId);
  const topics = new Set<Topic>();
  for (const w of t.writes) {
    w.partition.openTransactions?.delete(t);
    topics.add(w.topic);
  }
  // The last stable offset moved: read_committed groups may read on.
  for (const topic of topics) for (const group of topic.groups) schedulePump(k, group);
}
