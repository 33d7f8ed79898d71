// The Kafka broker model: topics with partition logs, the Java producer's default partitioner
// (murmur2 of the key, sticky for keyless records), consumer groups with range, round-robin
// and (cooperative-)sticky assignment, rebalances when members join, time out (session.timeout.ms)
// or exceed max.poll.interval.ms, committed offsets with three commit modes (auto every
// auto.commit.interval.ms, after processing, before processing), retention by time and size,
// offset resets for replay, and the Spring-style blocking retry + `.DLT` pattern, since Kafka
// itself has no dead-letter queue. Each consumer group's view of a topic is an entity of its own
// ("orders/billing") so the trace fold and the no-loss check see every record per group.
//
// This class only sets the model up and answers the Broker interface; the rules live in
// topics.ts (producing), membership.ts and rebalance.ts (groups), pump.ts (consuming),
// settle.ts and retry-topics.ts (outcomes), offsets.ts (commits), retention.ts (retention, replay),
// compaction.ts (cleanup.policy=compact), transactions.ts (transactions, isolation.level),
// replication.ts and nodes.ts (replicas, ISR, high watermark, broker failures, leader election)
// and producer.ts (acks, retries, the idempotent producer).

import type { Broker, BrokerHost, ConsumerSpec, Message, ProducerSettings, Settlement } from '../types';
import type { EntitySpec, Scenario } from '../../scenario/types';
import type { Obj } from '../shared/options';
import { deadLetterTopicName, retryDeadLetterTopicName, retryTopicName } from './options';
import { kafkaGroups } from './groups';
import { addTopic, publish } from './topics';
import { addConsumer, groupFor, memberDown, memberUp } from './membership';
import { rebalanceAll } from './rebalance';
import { settle, settlementError } from './settle';
import { resetOffsets } from './retention';
import { crashNode, findNode, lagFollower } from './nodes';
import { configureProducer, cutOffProducer } from './producer';
import { compactionSendError } from './compaction';
import { abort, commitTransaction, fenceOnRestart, transactionalPublish } from './transactions';
import type { KafkaState } from './state';

export class KafkaBroker implements Broker {
  readonly kind = 'kafka' as const;
  private readonly k: KafkaState;

  constructor(specs: EntitySpec[], host: BrokerHost, scenario: Scenario) {
    const k: KafkaState = { host, topics: new Map(), views: new Map(), members: new Map(), retryMembers: new Map(), inFlight: new Map(), sticky: new Map(), nodes: [], producers: new Map(), producerConfigs: new Map(), transactions: new Map(), abortedTransactions: new Map() };
    this.k = k;
    for (const spec of specs) if (spec.type === 'topic') addTopic(k, spec.name, spec as Obj);
    for (const { topic, group, dlt, retry } of kafkaGroups(specs, scenario)) {
      const spec = specs.find((s) => s.name === topic) as Obj;
      if (dlt && !k.topics.has(deadLetterTopicName(topic))) addTopic(k, deadLetterTopicName(topic), spec);
      if (retry) {
        if (!k.topics.has(retryTopicName(topic))) addTopic(k, retryTopicName(topic), spec);
        if (!k.topics.has(retryDeadLetterTopicName(topic))) addTopic(k, retryDeadLetterTopicName(topic), spec);
        groupFor(k, retryTopicName(topic), group).retryOf = topic;
      }
      groupFor(k, topic, group);
    }
  }

  entityNames(): string[] {
    return [...this.k.topics.keys(), ...this.k.views.keys()];
  }

  publish(message: Message, destination: string): void {
    publish(this.k, message, destination);
  }

  /** A compacted topic refuses a record without a key (ref §3.6). */
  sendError(message: Message, destination: string): string | undefined {
    return compactionSendError(this.k.topics.get(destination), message);
  }

  addConsumer(spec: ConsumerSpec): void {
    addConsumer(this.k, spec);
  }

  /** The rebalance fault: every group (of `entity`, a topic or a group's view, if named) rebalances now. */
  rebalance(reason: string, entity?: string): void {
    rebalanceAll(this.k, reason, entity);
  }

  consumerDown(consumerId: string): void {
    memberDown(this.k, this.k.members.get(consumerId));
    memberDown(this.k, this.k.retryMembers.get(consumerId));
  }

  consumerUp(consumerId: string): void {
    // The restarted handler's transactional producer (transactional.id = the consumer) fences its predecessor.
    fenceOnRestart(this.k, consumerId);
    memberUp(this.k, this.k.members.get(consumerId));
    memberUp(this.k, this.k.retryMembers.get(consumerId));
  }

  settlementError(settlement: Settlement): string | undefined {
    return settlementError(settlement);
  }

  settle(deliveryId: string, settlement: Settlement): void {
    settle(this.k, deliveryId, settlement);
  }

  /** Kafka transactions (ref §3.7): a send inside the open transaction of `transactionalId`; why not, or undefined. */
  transactionalPublish(transactionalId: string, deliveryId: string | undefined, message: Message, destination: string): string | undefined {
    return transactionalPublish(this.k, transactionalId, deliveryId, message, destination);
  }

  /** commitTransaction (with the delivery's offset, sendOffsetsToTransaction); why it failed, or undefined. */
  commitTransaction(transactionalId: string, producer: string, deliveryId: string | undefined): string | undefined {
    return commitTransaction(this.k, transactionalId, producer, deliveryId);
  }

  /** abortTransaction from the producer. */
  abortTransaction(transactionalId: string, reason: string): void {
    const t = this.k.transactions.get(transactionalId);
    if (t) abort(this.k, t, reason);
  }

  clusterNodes(): string[] {
    return this.k.nodes.map((n) => n.id);
  }

  crashNode(node: string, restartAfterTicks: number | null): void {
    const n = findNode(this.k, node);
    if (n) crashNode(this.k, n, restartAfterTicks);
  }

  lagNode(node: string, durationTicks: number): void {
    const n = findNode(this.k, node);
    if (n) lagFollower(this.k, n, durationTicks);
  }

  cutOffProducer(service: string, durationTicks: number): void {
    cutOffProducer(this.k, service, durationTicks);
  }

  configureProducer(service: string, settings: ProducerSettings): void {
    configureProducer(this.k, service, settings);
  }

  /** Replay (kafka-consumer-groups --reset-offsets): see retention.ts. Returns false when refused. */
  resetOffsets(topicName: string, groupId: string, to: 'earliest' | 'latest' | number): boolean {
    return resetOffsets(this.k, topicName, groupId, to);
  }
}
