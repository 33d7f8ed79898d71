// The consuming pump: once per tick per group, each live member fetches from the partitions it
// owns, at most one record in flight per partition (which keeps per-partition order, ref §3.1),
// up to its concurrency. A retry-topic partition waits while its head record's back-off runs.
// Handing a record over starts the max.poll.interval.ms watch and, in before-processing mode,
// commits it.

import type { Json } from '../../scenario/json';
import { commit } from './offsets';
import { readableEnd } from './replication';
import { abortedRecord, lastStableOffset } from './transactions';
import type { Group, InFlight, KafkaState, Member, Partition } from './state';

export function schedulePump(k: KafkaState, group: Group): void {
  if (group.pumpScheduled || group.members.length === 0 || group.joinPending) return;
  group.pumpScheduled = true;
  k.host.at(k.host.now(), () => {
    group.pumpScheduled = false;
    for (const m of group.members) pump(k, m);
  });
}

/** Each owned partition has at most one record in flight, so records of a partition are processed in order (ref §3.1). */
function pump(k: KafkaState, m: Member): void {
  const group = m.group;
  if (!m.up || !m.joined || m.awaitingJoin || group.joinPending || m.partitions.length === 0) return;
  let progress = true;
  while (progress && m.running < m.spec.concurrency) {
    progress = false;
    for (let i = 0; i < m.partitions.length && m.running < m.spec.concurrency; i++) {
      const p = m.partitions[(m.roundRobin + i) % m.partitions.length];
      if (group.owner[p] !== m || group.inFlight[p]) continue;
      const partition = group.topic.partitions[p];
      const readCommitted = group.isolation === 'read_committed';
      if (partition.compaction || readCommitted) skipInvisible(group, partition, readCommitted);
      // read_committed stops at the last stable offset: the first record of a still-open transaction (ref §3.7).
      const end = readCommitted ? Math.min(readableEnd(partition), lastStableOffset(partition)) : readableEnd(partition);
      if (group.position[p] >= end) continue;
      if (group.retryOf && backingOff(k, group, p)) continue;
      deliver(k, group, m, p);
      // Handing a record over runs the handler's start at once: a crash there takes the member
      // down (its running count reset), and it must not be handed the next record as if alive.
      if (!m.up) return;
      progress = true;
    }
    m.roundRobin = (m.roundRobin + 1) % m.partitions.length;
  }
}

/**
 * Offsets removed by log compaction are gaps: the fetch returns the next record there is (ref
 * §3.6); a read_committed consumer never gets records of aborted transactions (ref §3.7).
 */
function skipInvisible(group: Group, partition: Partition, readCommitted: boolean): void {
  const p = partition.index;
  const from = group.position[p];
  if (from < partition.logStart) return;
  const end = readableEnd(partition);
  let at = from;
  while (at < end) {
    const r = partition.records.at(at - partition.logStart)!;
    if (!r.compacted && !(readCommitted && abortedRecord(r))) break;
    at++;
  }
  if (at === from) return;
  group.position[p] = at;
  if (group.processed[p] === from) group.processed[p] = at;
}

/** A retry-topic record not yet due: the partition is paused until its back-off ends (ref §3.8). */
function backingOff(k: KafkaState, group: Group, p: number): boolean {
  const partition = group.topic.partitions[p];
  const due = partition.records.messageAt(group.position[p] - partition.logStart)?.headers['retry_topic-backoff-timestamp'];
  const now = k.host.now();
  if (typeof due !== 'number' || due <= now) return false;
  if (group.wakeAt === undefined || group.wakeAt <= now || due < group.wakeAt) {
    group.wakeAt = due;
    k.host.at(due, () => {
      if (group.wakeAt === due) group.wakeAt = undefined;
      schedulePump(k, group);
    });
  }
  return true;
}

function deliver(k: KafkaState, group: Group, m: Member, p: number): void {
  const partition = group.topic.partitions[p];
  const offset = group.position[p];
  const message = partition.records.messageAt(offset - partition.logStart)!;
  group.position[p] = offset + 1;
  const retried = message.headers['retry_topic-attempts'];
  const attempt = m.opts.retryTopic ? (typeof retried === 'number' ? retried : 1) : group.attempts[p] + 1;
  const props: Record<string, Json> = { partition: p, offset, committedOffset: group.committed[p], groupId: group.id, timestamp: partition.records.tickAt(offset - partition.logStart), deliveryAttempt: attempt };
  if (message.key !== undefined) props.key = message.key;
  const delivery = { id: k.host.nextId('d'), message, entity: group.view, consumerId: m.spec.id, props };
  const flight: InFlight = { delivery, partition: p, offset, member: m, incarnation: m.incarnation, deliveredTick: k.host.now(), committedEarly: false };
  group.inFlight[p] = flight;
  k.inFlight.set(delivery.id, flight);
  m.flights.add(flight);
  m.running++;
  k.host.record({
    kind: 'message.delivered', actor: group.view, messageId: message.id, correlationId: message.correlationId, deliveryId: delivery.id,
    data: { entity: group.view, consumer: m.spec.service, props },
    text: group.attempts[p] > 0 ? `offset ${offset} of partition ${p} again (attempt ${group.attempts[p] + 1} of ${m.opts.deliveryAttempts}): the partition waits behind it` : undefined,
  });
  if (m.opts.commit === 'before-processing') {
    flight.committedEarly = true;
    commit(k, group, p, m, offset + 1, 'committed before processing: if the consumer dies now, this record is never read again (at-most-once)');
  }
  m.pollAlarm.request(flight.deliveredTick + m.opts.maxPollIntervalMs);
  k.host.deliver(delivery);
}
