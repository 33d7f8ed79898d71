// The cluster's brokers failing and the controller's answer (ref §3.3; Kafka design
// "Replication", "Unclean leader election"): a crashed broker stops serving at once; after
// broker.session.timeout.ms without heartbeats the controller fences it — its replicas leave the
// ISR and each partition it led gets a new leader from the ISR. With no live in-sync replica the
// partition stays offline, unless unclean.leader.election.enable lets an out-of-sync replica lead:
// then records it never copied are gone, acknowledged or not. A new leader's log is the truth:
// what the old leader had beyond it is truncated (lost) and, when it comes back, it follows.

import { KAFKA_DEFAULTS } from './options';
import { readableEnd, removeFromIsr, replicasOn, scheduleFetch, updateHighWatermark } from './replication';
import { producerConfig, resendTruncated, retryWaiting } from './producer';
import { schedulePump } from './pump';
import type { KafkaNode, KafkaState, Partition, Replica, Topic } from './state';

export function findNode(k: KafkaState, id: string): KafkaNode | undefined {
  return k.nodes.find((n) => n.id === id);
}

/** The broker-crash fault: the broker process dies; it restarts after `restartAfterTicks` (null: stays down). */
export function crashNode(k: KafkaState, node: KafkaNode, restartAfterTicks: number | null): void {
  if (!node.up) return;
  node.up = false;
  const led = replicasOn(k, node).filter(({ partition }) => partition.replication!.leader?.node === node);
  const what = led.length ? `it leads ${led.map(({ topic, partition }) => `${topic.name}-${partition.index}`).join(', ')}: those partitions have no leader until the controller notices (broker.session.timeout.ms ${KAFKA_DEFAULTS.brokerSessionTimeoutMs})` : 'it leads no partition';
  k.host.record({ kind: 'broker.crashed', actor: node.id, data: { broker: node.id }, text: `${node.id} crashed; ${what}` });
  const crashedAt = k.host.now();
  k.host.at(crashedAt + KAFKA_DEFAULTS.brokerSessionTimeoutMs, () => {
    if (!node.up) fence(k, node);
  });
  if (restartAfterTicks !== null) k.host.at(crashedAt + restartAfterTicks, () => restartNode(k, node));
}

/** The controller fences a broker that stopped heart-beating: it leaves every ISR, and partitions it led elect a new leader. */
function fence(k: KafkaState, node: KafkaNode): void {
  for (const { topic, partition, replica } of replicasOn(k, node)) {
    const r = partition.replication!;
    const wasLeader = r.leader === replica;
    removeFromIsr(k, topic, partition, replica, `${node.id} was fenced by the controller (no heartbeat for broker.session.timeout.ms ${KAFKA_DEFAULTS.brokerSessionTimeoutMs})`);
    if (wasLeader) elect(k, topic, partition);
  }
}

/** Leader election: the first live in-sync replica; else, if allowed, any live replica (unclean); else offline. */
export function elect(k: KafkaState, topic: Topic, partition: Partition): void {
  const r = partition.replication!;
  const old = r.leader;
  const clean = r.replicas.find((x) => x.node.up && r.isr.includes(x));
  const unclean = !clean && topic.uncleanLeaderElection ? r.replicas.find((x) => x.node.up) : undefined;
  const next = clean ?? unclean ?? null;
  const name = `${topic.name}-${partition.index}`;
  if (!next) {
    r.leader = null;
    k.host.record({
      kind: 'leader.elected', actor: 'controller', data: { topic: topic.name, partition: partition.index, leader: null, epoch: r.epoch, unclean: false, isr: r.isr.map((x) => x.node.id) },
      text: `${name} is offline: no live in-sync replica${topic.uncleanLeaderElection ? ' and no live replica at all' : `, and unclean.leader.election.enable is false — it waits for ${r.isr.map((x) => x.node.id).join(', ')} to come back rather than lose records`}`,
    });
    return;
  }
  r.leader = next;
  r.epoch++;
  if (unclean) r.isr = [next];
  k.host.record({
    kind: 'leader.elected', actor: 'controller', data: { topic: topic.name, partition: partition.index, leader: next.node.id, epoch: r.epoch, unclean: !!unclean, isr: r.isr.map((x) => x.node.id) },
    text: unclean
      ? `${name}: no in-sync replica is alive; unclean.leader.election.enable lets out-of-sync ${next.node.id} lead (epoch ${r.epoch}) — records it never copied are lost`
      : `${name}: ${next.node.id} is the new leader (epoch ${r.epoch}), chosen from the in-sync replicas${old ? ` after ${old.node.id} failed` : ''}`,
  });
  truncateTo(k, topic, partition, next.leo, next);
  updateHighWatermark(k, topic, partition);
  scheduleFetch(k, topic, partition);
  retryWaiting(k, topic, partition);
  for (const group of topic.groups) schedulePump(k, group);
}

/** The new leader's log wins: records from `end` on exist nowhere any more. */
function truncateTo(k: KafkaState, topic: Topic, partition: Partition, end: number, leader: Replica): void {
  const r = partition.replication!;
  const highWatermark = r.hw;
  const lost = [];
  while (partition.end > end && partition.records.length > 0 && partition.records.at(partition.records.length - 1)!.offset >= end) {
    const record = partition.records.pop()!;
    partition.bytes -= record.bytes;
    lost.unshift(record);
  }
  partition.end = Math.max(end, partition.logStart);
  for (const x of r.replicas) x.leo = Math.min(x.leo, partition.end);
  r.hw = Math.min(r.hw, partition.end);
  if (partition.sequences) {
    partition.sequences = new Map();
    for (let i = 0; i < partition.records.length; i++) {
      const rec = partition.records.at(i)!;
      if (rec.producerId !== undefined) partition.sequences.set(rec.producerId, rec.sequence!);
    }
  }
  if (lost.length === 0) return;
  k.host.record({
    kind: 'replica.truncated', actor: leader.node.id, data: { topic: topic.name, partition: partition.index, fromOffset: end, records: lost.length },
    text: `${topic.name}-${partition.index}: new leader ${leader.node.id} never had offsets ${end}…${end + lost.length - 1}; they are gone from the partition (the old leader will truncate them when it returns)`,
  });
  const resent = new Set(partition.awaitingAck.filter((req) => !req.done).map((req) => req.offset));
  for (const record of lost) {
    const refs = { messageId: record.message.id, correlationId: record.message.correlationId };
    if (record.offset < highWatermark) {
      // Unclean election: groups may already have been shown (or have read) this record.
      for (const group of topic.groups) {
        if (group.processed[partition.index] > record.offset) continue;
        k.host.record({ kind: 'message.dropped', actor: group.view, ...refs, data: { entity: group.view, reason: 'lost in unclean leader election' }, text: `offset ${record.offset} was committed, but the out-of-sync leader never had it: group ${group.id} never reads it` });
      }
    } else if (!resent.has(record.offset)) {
      k.host.record({ kind: 'message.dropped', actor: topic.name, ...refs, data: { entity: topic.name, reason: 'lost in leader failover' }, text: `offset ${record.offset} was only on the old leader${producerConfig(k, topic, record.message.producer).acks === '1' ? ', which had acknowledged it (acks=1)' : ''}: lost in the failover, no consumer ever reads it` });
    }
  }
  for (const group of topic.groups) {
    const p = partition.index;
    if (group.position[p] > partition.end && !group.inFlight[p]) group.position[p] = partition.end;
    group.processed[p] = Math.min(group.processed[p], partition.end);
  }
  resendTruncated(k, topic, partition, lost.map((x) => x.offset));
}

export function restartNode(k: KafkaState, node: KafkaNode): void {
  if (node.up) return;
  node.up = true;
  const parts = replicasOn(k, node);
  k.host.record({ kind: 'broker.restarted', actor: node.id, data: { broker: node.id }, text: `${node.id} is back: it follows each partition's leader, truncating what the leader does not have, and fetches to catch up` });
  for (const { topic, partition } of parts) {
    const r = partition.replication!;
    if (!r.leader) elect(k, topic, partition);
    else scheduleFetch(k, topic, partition);
  }
}

/** The follower-lag fault: this broker's followers fetch nothing for a while (a slow disk, a long GC pause, a congested link). */
export function lagFollower(k: KafkaState, node: KafkaNode, durationTicks: number): void {
  node.lagUntil = Math.max(node.lagUntil, k.host.now() + durationTicks);
  k.host.record({ kind: 'broker.lagging', actor: node.id, data: { broker: node.id, untilTick: node.lagUntil }, text: `${node.id}'s followers stop fetching until tick ${node.lagUntil}; after replica.lag.time.max.ms ${KAFKA_DEFAULTS.replicaLagTimeMaxMs} behind they leave the ISR` });
  k.host.at(node.lagUntil, () => {
    for (const { topic, partition } of replicasOn(k, node)) if (partition.replication!.leader && partition.replication!.leader.node !== node) scheduleFetch(k, topic, partition);
  });
}

export { readableEnd };
