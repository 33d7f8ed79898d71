// The broker interface: what every broker model (generic queue, Azure Service Bus, RabbitMQ,
// Kafka) implements, and what the engine offers it. A broker owns entities, accepts published
// messages, decides which consumer gets which message when, and settles deliveries. It reports
// every decision as trace events with a learner-readable explanation.

import type { Json } from '../scenario/json';
import type { BrokerKind, EntitySpec, Scenario } from '../scenario/types';
import type { TraceInput } from '../trace/types';
import type { TraceRecorder } from '../trace/recorder';
import type { Random } from '../kernel/random';
import type { ValidationIssue } from '../scenario/validate-types';

/** A message as its producer sent it. Broker copies add per-entity properties on delivery. */
export interface Message {
  id: string;
  type: string;
  kind: 'event' | 'command';
  body: Json;
  /** Application headers, including correlationId, causationId and traceparent. */
  headers: Record<string, Json>;
  correlationId: string;
  causationId: string | null;
  traceparent: string;
  /**
   * The stored trace context this message continues (`publish(…, { traceparent })`): the
   * producer's span is a child of that context's span, in its trace, not of the handler's.
   */
  traceContinued?: string;
  /** Partition key (Kafka) or session id (Service Bus), from the catalog's keyField. */
  key?: string;
  /** RabbitMQ routing key; defaults to the message type. */
  routingKey?: string;
  producer: string;
  publishedTick: number;
}

/** One hand-over of a message copy to a consumer. */
export interface Delivery {
  id: string;
  message: Message;
  entity: string;
  consumerId: string;
  /** Broker counters and headers as the real broker exposes them (DeliveryCount, x-death…). */
  props: Record<string, Json>;
}

/** A service handler reading an entity. */
export interface ConsumerSpec {
  id: string;
  service: string;
  handler: string;
  entity: string;
  concurrency: number;
  /** The handler's `options` (receive mode, prefetch, group id, commit mode… per broker model). */
  options?: Json;
}

/**
 * How a consumer finished with a delivery. `explicit`: the handler asked for it (ctx.complete(),
 * ctx.abandon()…), rather than the processor settling on its behalf when the handler returned or
 * threw — Service Bus's AutoCompleteMessages applies only to the latter. `nack` is RabbitMQ's
 * `basic.nack` / `basic.reject` (`method`) with or without requeue. `sent`: it already reached
 * the broker at the call (Service Bus); when the handler ends only the call slot is freed.
 */
export type Settlement = (
  | { outcome: 'complete' }
  | { outcome: 'fail'; error: string }
  | { outcome: 'abandon' }
  | { outcome: 'dead-letter'; reason: string; description?: string }
  | { outcome: 'defer' }
  | { outcome: 'nack'; requeue: boolean; method: 'basic.nack' | 'basic.reject' }
) & { explicit?: boolean; sent?: boolean };

/** A Service Bus session as a handler sees it (ctx.session). */
export interface BrokerSession {
  id: string;
  getState(): Json | null;
  setState(value: Json | null): void;
}

/** One pending run of a function at a time: `set` moves it (as a cancel and a new `at` would), `clear` cancels it. */
export interface Timer {
  set(tick: number): void;
  clear(): void;
}

/** What the engine gives a broker: time, scheduling, randomness, the trace and consumers. */
export interface BrokerHost {
  now(): number;
  /** Run `fn` at virtual time `tick` (never earlier than now); call the result to cancel. */
  at(tick: number, fn: () => void): () => void;
  /** A timer for `fn` that can be set again and cleared without a new agenda item each time. */
  timer(fn: () => void): Timer;
  record(input: TraceInput): void;
  /** The run's trace, for the hot path's layout writers (TraceRecorder.openLayout); `record` for the rest. */
  readonly trace: TraceRecorder;
  /** A named random stream; the same name always gives the same sequence for a seed. */
  random(stream: string): Random;
  /** Hand a delivery to its consumer's service; the engine runs the handler. */
  deliver(delivery: Delivery): void;
  /** A fresh id with a readable prefix ("d-12"). */
  nextId(prefix: string): string;
}

/** A publisher confirm for handler code: undefined = basic.ack, a reason = basic.nack. */
export type PublishConfirm = (nack: string | undefined) => void;

export interface Broker {
  readonly kind: BrokerKind;
  /** Entities (queues, topics, subscriptions, exchanges, DLQs) this broker holds. */
  entityNames(): string[];
  /** Accept a message sent to `destination` (a queue, topic or exchange). */
  publish(message: Message, destination: string): void;
  /**
   * RabbitMQ publisher confirms that the publishing handler's own code awaits (its channel in
   * confirm mode: the defineHandler option `publisherConfirms`): `publish`, then `confirm` once —
   * with undefined for basic.ack, or with why the broker refused the message for basic.nack (a
   * full queue with x-overflow reject-publish or reject-publish-dlx). The broker's own
   * re-publishing (an entity's `publisherConfirms`) does not apply: the handler decides what a
   * nack means. Brokers without it have no publisher confirms.
   */
  publishConfirmed?(message: Message, destination: string, confirm: PublishConfirm): void;
  /**
   * Why the sender's client refuses to send this message at all (an exception at the sender,
   * before anything reaches the broker), or undefined. Brokers without it accept every send.
   */
  sendError?(message: Message, destination: string): string | undefined;
  addConsumer(consumer: ConsumerSpec): void;
  settle(deliveryId: string, settlement: Settlement): void;
  /**
   * `settle` for a delivery this broker handed out, given the delivery itself: a broker that
   * keeps its lock on the delivery finds it without a lookup by id. Brokers without it are settled by id.
   */
  settleDelivery?(delivery: Delivery, settlement: Settlement): void;
  /** The consumer's process died: its in-flight deliveries are orphaned. */
  consumerDown(consumerId: string): void;
  consumerUp(consumerId: string): void;
  /**
   * Why this broker cannot settle a delivery this way (a message for the handler's error), or
   * undefined when it can. Brokers without it accept every settlement.
   */
  settlementError?(settlement: Settlement): string | undefined;
  /**
   * Service Bus: a settlement the handler calls for reaches the broker at the call
   * (CompleteMessageAsync…), while the call slot stays busy until the handler returns. True when
   * applied, false when it is sent when the handler ends instead, or why the broker refused it.
   * Brokers without it get every settlement when the handler ends.
   */
  settleNow?(deliveryId: string, settlement: Settlement): boolean | string;
  /** Service Bus: the session of a delivery on a session-enabled entity (ctx.session). */
  session?(deliveryId: string): BrokerSession | undefined;
  /**
   * Service Bus ReceiveDeferredMessage: lock the deferred message `sequenceNumber` of the entity
   * `deliveryId` was read from for the same receiver; a Delivery, or why not (a string).
   */
  receiveDeferred?(deliveryId: string, sequenceNumber: number): Delivery | string;
  /**
   * Service Bus message browsing (PeekMessages): up to `maxMessages` messages of `entity` in
   * SequenceNumber order from `fromSequenceNumber`, unlocked and left in place; or why not.
   */
  peek?(entity: string, maxMessages: number, fromSequenceNumber?: number): Delivery[] | string;
  /** Service Bus transactions: why these deliveries cannot be settled in a transaction now (a lost lock), or undefined. */
  transactionError?(deliveryIds: string[]): string | undefined;
  /** Service Bus transactions: apply a settlement at commit; the handler's call slot is freed when it returns. */
  commitSettlement?(deliveryId: string, settlement: Settlement): void;
  /** Move dead-lettered messages of `entity` back to it (all, or the given message ids). */
  redrive?(entity: string, messageIds?: string[]): number;
  /**
   * Force a consumer-group rebalance (the rebalance fault): revoke and reassign partitions.
   * Only brokers with consumer groups (Kafka) implement it.
   */
  rebalance?(reason: string, entity?: string): void;
  /**
   * Kafka transactions: write `message` inside the open transaction of `transactionalId` (begun
   * by the first write) — visible to read_uncommitted readers now, to read_committed ones only
   * after the commit. Returns why not (not a topic, the transaction was aborted), or undefined.
   */
  transactionalPublish?(transactionalId: string, deliveryId: string | undefined, message: Message, destination: string): string | undefined;
  /** Kafka: commit the transaction and, for a delivery, its offset (sendOffsetsToTransaction); why it failed, or undefined. */
  commitTransaction?(transactionalId: string, producer: string, deliveryId: string | undefined): string | undefined;
  abortTransaction?(transactionalId: string, reason: string): void;
  /**
   * RabbitMQ publisher confirms: when publishers to `destination` use them, how long they wait
   * for a confirm before publishing a message again (lost on the way, no confirm came); else undefined.
   */
  confirmTimeoutMs?(destination: string): number | undefined;
  /** Kafka cluster faults: the brokers (kafka-1…) that host replicas; empty when replication is not modelled. */
  clusterNodes?(): string[];
  /** Crash a cluster broker; it restarts after `restartAfterTicks` (null: stays down). */
  crashNode?(node: string, restartAfterTicks: number | null): void;
  /** A cluster broker's followers stop fetching for `durationTicks`. */
  lagNode?(node: string, durationTicks: number): void;
  /** Responses to a producer service are lost for `durationTicks`; it retries after its request timeout. */
  cutOffProducer?(service: string, durationTicks: number): void;
  /** RabbitMQ: the node's memory or disk alarm goes off for `durationTicks`: connections that publish are blocked. */
  raiseAlarm?(resource: 'memory' | 'disk', durationTicks: number): void;
  /** A service's process died (after its consumers went down): what its connections still held is gone. */
  serviceDown?(service: string): void;
  /** Kafka: the producer client of a service (declared in its handler code), in place of the topics' producer settings. */
  configureProducer?(service: string, settings: ProducerSettings): void;
}

/** Kafka producer configs (`acks`, `enable.idempotence`) of one producer client. */
export interface ProducerSettings {
  acks?: '0' | '1' | 'all';
  enableIdempotence?: boolean;
}

/** A broker model's registry entry. */
export interface BrokerModel {
  kind: BrokerKind;
  title: string;
  /** Entity types this model understands, for validation messages and the editor. */
  entityTypes: string[];
  validate(entities: EntitySpec[], scenario: Scenario, path: (i: number) => string): ValidationIssue[];
  /**
   * Names the model derives from its entities that handlers may consume or publish to besides
   * the declared ones (subscriptions, dead-letter queues, consumer-group views).
   */
  derivedNames?(entities: EntitySpec[], scenario: Scenario): string[];
  create(entities: EntitySpec[], host: BrokerHost, scenario: Scenario): Broker;
}
