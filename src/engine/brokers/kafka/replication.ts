// Replication (ref §3.3; Kafka design "Replication"): a partition has `replicationFactor`
// replicas on the cluster's brokers (kafka-1, kafka-2, …), one of them the leader. Followers copy
// the leader's log; those caught up form the in-sync replica set (ISR), and a follower that has
// not caught up for replica.lag.time.max.ms drops out of it. The high watermark is the offset
// every in-sync replica has: consumers read only below it, and acks=all is answered only then.
// Every replica holds a prefix of the leader's log, so one log per partition plus each
// replica's log-end offset describes them all. Broker failures and elections live in nodes.ts.

import { KAFKA_DEFAULTS } from './options';
import { announce } from './topics';
import { acknowledgeUpTo, retryWaiting } from './producer';
import type { KafkaNode, KafkaState, Partition, Replica, Topic } from './state';

/** Brokers kafka-1 … kafka-n, created as the topics need them. */
export function ensureNodes(k: KafkaState, count: number): void {
  while (k.nodes.length < count) k.nodes.push({ id: `kafka-${k.nodes.length + 1}`, up: true, lagUntil: 0 });
}

/** Replicas of partition p: brokers p, p+1, … (mod the cluster size); the first is the preferred leader. */
export function setupReplication(k: KafkaState, topic: Topic, replicationFactor: number): void {
  ensureNodes(k, replicationFactor);
  for (const partition of topic.partitions) {
    const replicas: Replica[] = Array.from({ length: replicationFactor }, (_, i) => ({ node: k.nodes[(partition.index + i) % k.nodes.length], leo: 0 }));
    partition.replication = { replicas, leader: replicas[0], isr: [...replicas], hw: 0, epoch: 0, fetchScheduled: false, behindSince: new Map() };
  }
}

/** Consumers read below the high watermark, and nothing while the partition has no live leader. */
export function readableEnd(partition: Partition): number {
  const r = partition.replication;
  if (!r) return partition.end;
  return r.leader && r.leader.node.up ? r.hw : partition.logStart;
}

export function leaderUp(partition: Partition): boolean {
  const r = partition.replication;
  return !r || (r.leader !== null && r.leader.node.up);
}

/** The leader wrote a record: its log end moves, followers will fetch it. */
export function afterAppend(k: KafkaState, topic: Topic, partition: Partition): void {
  const r = partition.replication;
  if (!r || !r.leader) return;
  r.leader.leo = partition.end;
  scheduleFetch(k, topic, partition);
  updateHighWatermark(k, topic, partition);
}

export function scheduleFetch(k: KafkaState, topic: Topic, partition: Partition): void {
  const r = partition.replication!;
  if (r.fetchScheduled) return;
  r.fetchScheduled = true;
  k.host.at(k.host.now() + KAFKA_DEFAULTS.replicaFetchTicks, () => {
    r.fetchScheduled = false;
    fetchAll(k, topic, partition);
  });
}

/** Every live, unhindered follower copies what it lacks; the others fall behind (and out of the ISR after replica.lag.time.max.ms). */
function fetchAll(k: KafkaState, topic: Topic, partition: Partition): void {
  const r = partition.replication!;
  const leader = r.leader;
  if (!leader || !leader.node.up) return;
  const now = k.host.now();
  for (const f of r.replicas) {
    if (f === leader || f.leo >= partition.end) continue;
    if (!f.node.up || f.node.lagUntil > now) {
      if (!r.behindSince.has(f)) {
        r.behindSince.set(f, now);
        k.host.at(now + KAFKA_DEFAULTS.replicaLagTimeMaxMs, () => shrinkIfBehind(k, topic, partition, f));
      }
      continue;
    }
    const from = f.leo;
    f.leo = partition.end;
    r.behindSince.delete(f);
    const joins = !r.isr.includes(f);
    if (joins) r.isr.push(f);
    const hw = Math.min(...r.isr.map((x) => x.leo));
    k.host.record({
      kind: 'replica.fetched', actor: f.node.id,
      data: { topic: topic.name, partition: partition.index, broker: f.node.id, leader: leader.node.id, fromOffset: from, logEndOffset: f.leo, highWatermark: hw },
      text: `${f.node.id} copied offsets ${from}…${f.leo - 1} of ${topic.name}-${partition.index} from leader ${leader.node.id}; high watermark ${hw}`,
    });
    if (joins) isrChanged(k, topic, partition, 'isr.expanded', `${f.node.id} caught up with the leader and is in sync again`);
    updateHighWatermark(k, topic, partition);
  }
}

function shrinkIfBehind(k: KafkaState, topic: Topic, partition: Partition, f: Replica): void {
  const r = partition.replication!;
  const since = r.behindSince.get(f);
  if (since === undefined || since + KAFKA_DEFAULTS.replicaLagTimeMaxMs > k.host.now() || !r.isr.includes(f) || f === r.leader) return;
  removeFromIsr(k, topic, partition, f, `${f.node.id} has not caught up for replica.lag.time.max.ms ${KAFKA_DEFAULTS.replicaLagTimeMaxMs}`);
}

export function removeFromIsr(k: KafkaState, topic: Topic, partition: Partition, f: Replica, why: string): void {
  const r = partition.replication!;
  // The ISR never becomes empty: its last member stays, so a clean election can wait for it.
  if (!r.isr.includes(f) || r.isr.length === 1) return;
  r.isr = r.isr.filter((x) => x !== f);
  isrChanged(k, topic, partition, 'isr.shrunk', `${why}: it leaves the in-sync replicas`);
  updateHighWatermark(k, topic, partition);
}

function isrChanged(k: KafkaState, topic: Topic, partition: Partition, kind: 'isr.shrunk' | 'isr.expanded', why: string): void {
  const r = partition.replication!;
  const isr = r.isr.map((x) => x.node.id);
  const actor = r.leader?.node.up ? r.leader.node.id : 'controller';
  const short = r.isr.length < topic.minInsyncReplicas ? ` — fewer than min.insync.replicas ${topic.minInsyncReplicas}: acks=all writes are refused (NotEnoughReplicas)` : '';
  k.host.record({ kind, actor, data: { topic: topic.name, partition: partition.index, isr }, text: `${topic.name}-${partition.index}: ${why}; ISR [${isr.join(', ')}]${short}` });
  if (kind === 'isr.expanded') retryWaiting(k, topic, partition);
}

/** High watermark = the smallest log end among the in-sync replicas; it answers acks=all and lets consumers read further. */
export function updateHighWatermark(k: KafkaState, topic: Topic, partition: Partition): void {
  const r = partition.replication!;
  const hw = Math.min(...r.isr.map((x) => x.leo));
  if (hw === r.hw) return;
  const from = r.hw;
  r.hw = hw;
  if (hw > from) {
    // Committed now: every group may read these records (ref §3.3: consumers read below the high watermark).
    for (let offset = Math.max(from, partition.logStart); offset < hw; offset++) {
      const record = partition.records.at(offset - partition.logStart);
      if (record) announce(k, topic, partition.index, record.message, offset);
    }
    acknowledgeUpTo(k, topic, partition);
  }
}

/** The brokers hosting partitions of the topics, for the nodes module. */
export function replicasOn(k: KafkaState, node: KafkaNode): { topic: Topic; partition: Partition; replica: Replica }[] {
  const out: { topic: Topic; partition: Partition; replica: Replica }[] = [];
  for (const topic of k.topics.values()) {
    for (const partition of topic.partitions) {
      const replica = partition.replication?.replicas.find((x) => x.node === node);
      if (replica) out.push({ topic, partition, replica });
    }
  }
  return out;
}
