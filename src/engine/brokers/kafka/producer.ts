// The producer client (ref §0, §3.3; [K-PCFG]): `acks` says when the leader answers — 0 never
// (fire and forget), 1 once it wrote the record, all once every in-sync replica has it, and only
// while the ISR has min.insync.replicas members (else NotEnoughReplicas, retried). A request
// without an answer within request.timeout.ms is sent again, until delivery.timeout.ms. With
// enable.idempotence the leader keeps each producer id's last sequence number per partition and
// answers a resent record it already has without writing it again; without it, the resend is a
// second copy. Since Kafka 3.0 the Java client defaults to acks=all and enable.idempotence=true.
// A service may declare its producer's configs in its handler code (configureProducer); its
// records then use those instead of the topic's producer settings.

import type { Message, ProducerSettings } from '../types';
import { KAFKA_DEFAULTS } from './options';
import { leaderUp } from './replication';
import { append } from './topics';
import type { KafkaState, Partition, ProduceRequest, ProducerConfig, ProducerState, Topic } from './state';

export function producerFor(k: KafkaState, service: string): ProducerState {
  let p = k.producers.get(service);
  if (!p) {
    p = { service, id: 1000 + k.producers.size, nextSequence: new Map(), cutUntil: 0 };
    k.producers.set(service, p);
  }
  return p;
}

/**
 * A service's declared producer (ref §3.3, [K-PCFG]): acks default all; enable.idempotence
 * default true, silently off when acks is not all and it was left unset.
 */
export function configureProducer(k: KafkaState, service: string, settings: ProducerSettings): void {
  const acks = settings.acks ?? KAFKA_DEFAULTS.acks;
  k.producerConfigs.set(service, { acks, idempotence: settings.enableIdempotence ?? (acks === 'all' && KAFKA_DEFAULTS.enableIdempotence) });
}

/** The configs a service's records are sent with: its declared producer's, else the topic's. */
export function producerConfig(k: KafkaState, topic: Topic, service: string): ProducerConfig {
  return k.producerConfigs.get(service) ?? topic.producer;
}

/** The protocol path: tracked topics (replicated, or with producer configs), declared producers and producers that were cut off. */
export function produce(k: KafkaState, topic: Topic, index: number, rule: ProduceRequest['rule'], message: Message, bytes: number): void {
  const producer = producerFor(k, message.producer);
  const config = producerConfig(k, topic, message.producer);
  let sequence: number | undefined;
  if (config.idempotence) {
    const key = `${topic.name}/${index}`;
    sequence = producer.nextSequence.get(key) ?? 0;
    producer.nextSequence.set(key, sequence + 1);
  }
  const req: ProduceRequest = { message, topic, partition: index, rule, bytes, producer, config, sequence, firstSentTick: k.host.now(), attempts: 0, done: false };
  req.cancelExpiry = k.host.at(req.firstSentTick + KAFKA_DEFAULTS.deliveryTimeoutMs, () => expire(k, req));
  send(k, req);
}

function send(k: KafkaState, req: ProduceRequest): void {
  if (req.done) return;
  const { topic } = req;
  const partition = topic.partitions[req.partition];
  req.attempts++;
  const acks = req.config.acks;
  const r = partition.replication;
  if (!leaderUp(partition)) {
    if (acks === '0') return lose(k, req, `acks=0: sent to ${topic.name}-${req.partition}, whose leader is down; the producer never waits for an answer, so nobody notices the record is lost`);
    return wait(k, req, `${topic.name}-${req.partition} has no live leader: the producer retries once the controller has elected one`);
  }
  if (acks === 'all' && r && r.isr.length < topic.minInsyncReplicas) {
    return wait(k, req, `NotEnoughReplicasException: ISR [${r.isr.map((x) => x.node.id).join(', ')}] has fewer than min.insync.replicas ${topic.minInsyncReplicas}; the leader refuses the write and the producer retries`);
  }
  const last = req.sequence !== undefined ? partition.sequences?.get(req.producer.id) : undefined;
  if (req.sequence !== undefined && last !== undefined && req.sequence <= last) {
    k.host.record({
      kind: 'message.duplicate-dropped', actor: leaderName(partition, topic), messageId: req.message.id, correlationId: req.message.correlationId, data: { entity: topic.name },
      text: `enable.idempotence: ${topic.name}-${req.partition} already has producer ${req.producer.id}'s sequence ${req.sequence}; the resent record is acknowledged without being written again`,
    });
    return respond(k, req, partition);
  }
  req.offset = append(k, topic, req.partition, req.rule, req.message, req.bytes, req.sequence !== undefined ? { id: req.producer.id, sequence: req.sequence } : undefined);
  if (acks === '0') return finish(req);
  if (acks === 'all' && r && r.hw <= req.offset) {
    partition.awaitingAck.push(req);
    return;
  }
  respond(k, req, partition);
}

/** The high watermark rose: acks=all requests below it are answered (ref §3.3). */
export function acknowledgeUpTo(k: KafkaState, topic: Topic, partition: Partition): void {
  const hw = partition.replication!.hw;
  const still: ProduceRequest[] = [];
  for (const req of partition.awaitingAck) {
    if (req.done) continue;
    if (req.offset! < hw) respond(k, req, partition);
    else still.push(req);
  }
  partition.awaitingAck = still;
}

/** Records the new leader never had: their acks=all requests get NotLeaderOrFollower and are sent again. */
export function resendTruncated(k: KafkaState, topic: Topic, partition: Partition, offsets: number[]): void {
  const gone = new Set(offsets);
  const again = partition.awaitingAck.filter((req) => !req.done && gone.has(req.offset!));
  partition.awaitingAck = partition.awaitingAck.filter((req) => !again.includes(req));
  for (const req of again) send(k, req);
}

/** A leader is back, or the ISR grew: waiting requests are retried. */
export function retryWaiting(k: KafkaState, topic: Topic, partition: Partition): void {
  const waiting = partition.waiting;
  if (waiting.length === 0) return;
  partition.waiting = [];
  for (const req of waiting) send(k, req);
}

function wait(k: KafkaState, req: ProduceRequest, why: string): void {
  const partition = req.topic.partitions[req.partition];
  partition.waiting.push(req);
  if (req.attempts === 1) k.host.record({ kind: 'produce.failed', actor: req.topic.name, messageId: req.message.id, correlationId: req.message.correlationId, data: { topic: req.topic.name, partition: req.partition, producer: req.producer.service, reason: why, retrying: true }, text: why });
}

function respond(k: KafkaState, req: ProduceRequest, partition: Partition): void {
  const { topic } = req;
  const now = k.host.now();
  const refs = { messageId: req.message.id, correlationId: req.message.correlationId };
  if (req.producer.cutUntil > now) {
    k.host.record({
      kind: 'produce.failed', actor: leaderName(partition, topic), ...refs, data: { topic: topic.name, partition: req.partition, producer: req.producer.service, reason: 'no response (connection cut)', retrying: true },
      text: `the acknowledgement of offset ${req.offset} never reaches ${req.producer.service} (cut off); after request.timeout.ms ${KAFKA_DEFAULTS.requestTimeoutMs} it sends the same record again${req.config.idempotence ? ` with the same sequence ${req.sequence}` : ' — without enable.idempotence the broker cannot tell it is a resend'}`,
    });
    k.host.at(now + KAFKA_DEFAULTS.requestTimeoutMs, () => send(k, req));
    return;
  }
  finish(req);
  const r = partition.replication;
  const acks = req.config.acks;
  const how = !r ? 'written' : acks === '1' ? `leader ${r.leader!.node.id} wrote it and answers at once (acks=1): the followers have not copied it yet` : `every in-sync replica (${r.isr.map((x) => x.node.id).join(', ')}) has it (acks=all, min.insync.replicas ${topic.minInsyncReplicas})`;
  k.host.record({
    kind: 'produce.acknowledged', actor: leaderName(partition, topic), ...refs,
    data: { topic: topic.name, partition: req.partition, offset: req.offset!, acks, producer: req.producer.service },
    text: `${req.producer.service}'s record at offset ${req.offset} of ${topic.name}-${req.partition} is acknowledged: ${how}`,
  });
}

function expire(k: KafkaState, req: ProduceRequest): void {
  if (req.done) return;
  const partition = req.topic.partitions[req.partition];
  partition.waiting = partition.waiting.filter((x) => x !== req);
  partition.awaitingAck = partition.awaitingAck.filter((x) => x !== req);
  const written = req.offset !== undefined ? ` (a copy was written at offset ${req.offset}, but its acknowledgement never came)` : '';
  if (written) {
    req.done = true;
    k.host.record({ kind: 'produce.failed', actor: req.topic.name, messageId: req.message.id, correlationId: req.message.correlationId, data: { topic: req.topic.name, partition: req.partition, producer: req.producer.service, reason: 'delivery.timeout.ms expired', retrying: false }, text: `delivery.timeout.ms ${KAFKA_DEFAULTS.deliveryTimeoutMs} expired: ${req.producer.service}'s send fails with a TimeoutException${written}` });
    return;
  }
  lose(k, req, `delivery.timeout.ms ${KAFKA_DEFAULTS.deliveryTimeoutMs} expired before any broker took the record: the send fails with a TimeoutException and the record is lost unless the application sends it again`);
}

function finish(req: ProduceRequest): void {
  req.done = true;
  req.cancelExpiry?.();
}

function lose(k: KafkaState, req: ProduceRequest, why: string): void {
  finish(req);
  k.host.record({ kind: 'message.dropped', actor: req.topic.name, messageId: req.message.id, correlationId: req.message.correlationId, data: { entity: req.topic.name, reason: why.split(':')[0] }, text: why });
}

function leaderName(partition: Partition, topic: Topic): string {
  return partition.replication?.leader?.node.id ?? topic.name;
}

/** The producer-cut-off fault: responses to this producer are lost for a while. */
export function cutOffProducer(k: KafkaState, service: string, durationTicks: number): void {
  const p = producerFor(k, service);
  p.cutUntil = Math.max(p.cutUntil, k.host.now() + durationTicks);
}
