// A scenario is the whole input of a run apart from the seed: broker entities, the message
// catalog, services with their handler code, the workload that drives them, faults and checks.
// It is plain JSON-serialisable data (handler code is source text or a built-in's name), so a
// scenario, edited code included, fits in a file or a link. `formatVersion` lets old files be
// migrated.

import type { Json } from './json';

export const SCENARIO_FORMAT_VERSION = 1 as const;

export type BrokerKind = 'generic' | 'servicebus' | 'rabbitmq' | 'kafka';

/**
 * A broker entity: a queue, topic, subscription, exchange, partitioned topic… Its `type` and
 * options belong to the broker model that owns it (the scenario's `broker` unless it names its
 * own); each broker model validates its entities and documents their options.
 */
export interface EntitySpec {
  type: string;
  name: string;
  broker?: BrokerKind;
  [option: string]: Json | undefined;
}

/** One entry of the message catalog: what a message type is and where publishing it goes. */
export interface MessageSpec {
  type: string;
  kind: 'event' | 'command';
  /** Entity a producer's publish/send goes to (queue, topic, exchange). */
  to: string;
  /** RabbitMQ routing key; defaults to the message type. */
  routingKey?: string;
  /** Body field whose value is the message key (Kafka partition key, Service Bus session id). */
  keyField?: string;
  /** Header values set on every message of this type (properties filters can match). */
  headers?: Record<string, Json>;
  /** Human description shown in the catalog. */
  description?: string;
  /** Schema version producers publish unless they say otherwise (`PublishOptions.version`). */
  version?: number;
  /**
   * The body's contract per version ("1", "2", …): field name → { type, required (default
   * true), personal }. Consumers declare the version they read (`HandlerSpec.expects`);
   * `personal: true` marks personal data the no-personal-data check looks for.
   */
  schema?: Record<string, Record<string, FieldSpec>>;
}

/** One field of a message contract (patterns/contracts.ts). */
export interface FieldSpec {
  type: 'string' | 'number' | 'boolean' | 'object' | 'array' | 'any';
  /** Default true: a reader of this version fails without it. */
  required?: boolean;
  /** Personal data (name, e-mail, address…): must not travel in clear text. */
  personal?: boolean;
  description?: string;
}

export type HandlerCode =
  | { builtin: string; options?: Json }
  | { source: string; file?: string };

export interface HandlerSpec {
  /** Name, unique within the service ("ReserveStock"). */
  name: string;
  /** Entity the handler consumes from; absent for an entry point called by the workload. */
  consumes?: string;
  /** Deliveries processed at once (Service Bus MaxConcurrentCalls, RabbitMQ prefetch). */
  concurrency?: number;
  code: HandlerCode;
  /**
   * Recoverability (patterns/retry): a retry policy `{ kind, limit, … }` for in-process retries,
   * optionally with `redelivery` (a second policy for delayed redeliveries); when used up the
   * message is dead-lettered with its attempt history. Absent: fail straight back to the broker.
   */
  retry?: Json;
  /** Circuit breaker around this handler (patterns/circuit-breaker): { tripThreshold, resetAfterTicks, mode }. */
  circuitBreaker?: Json;
  /** Extra options the handler or pattern reads. */
  options?: Json;
  /**
   * The contract version this consumer was built against, per message type
   * (`{ OrderPlaced: 1 }`): bodies are read against that version before the code runs.
   */
  expects?: Record<string, number>;
}

export interface ServiceSpec {
  name: string;
  handlers: HandlerSpec[];
  /**
   * Transactional outbox relay settings; the relay runs when the service stores outbox rows.
   * `relay`: 'polling' (default: poll, publish, mark) or 'log-tailing' (follow the commit log,
   * checkpoint the position; see patterns/outbox).
   */
  outbox?: { relay?: 'polling' | 'log-tailing'; pollIntervalTicks?: number; batchSize?: number; lagTicks?: number; checkpointDelayTicks?: number };
  /** Inbox settings: entries older than `dedupWindowTicks` no longer count (default: kept forever). */
  inbox?: { dedupWindowTicks?: number };
  /**
   * How the service answers synchronous calls (`ctx.call`) and requests to its entry handlers:
   * one-way network latency (default 5 ticks) and how many requests may wait for a free worker
   * beyond the handler's `concurrency` (default unlimited; beyond it they are refused, a 503).
   */
  calls?: { latencyTicks?: number; backlog?: number };
  /**
   * RabbitMQ client: `publisherConnection` 'shared' (default: its publishes and its consumers'
   * acks share one connection, as Spring's CachingConnectionFactory does) or 'separate' (a
   * second connection for publishing, RabbitTemplate.setUsePublisherConnection(true)) — during
   * a memory or disk alarm a blocked publisher then does not stop its own acks.
   */
  rabbitmq?: { publisherConnection?: 'shared' | 'separate' };
  /** Initial database content: table → key → value. */
  db?: Record<string, Record<string, Json>>;
}

/**
 * Workload generators call a service's entry handler with a request body, or publish a
 * catalog message straight to the broker (an outside producer). `steady` sends
 * `count` requests every `intervalTicks`; `burst` sends `count` at once. String values in
 * `body` may contain `{n}` (1-based request number), `{n%K}`, or `{rand:MIN-MAX}`: a whole
 * number drawn from the run's seed, so data (prices, quantities) varies from seed to seed.
 */
export interface WorkloadSpec {
  kind: 'steady' | 'burst';
  /** The service and entry handler each request calls… */
  service?: string;
  handler?: string;
  /** …or a catalog message type an outside producer publishes straight to the broker. */
  publish?: string;
  count: number;
  startTick?: number;
  intervalTicks?: number;
  body: Json;
}

/**
 * An external system handlers call — a payment gateway, an e-mail provider, a courier, a
 * warehouse robot. It is a simulated participant outside every service's database and
 * transaction: it records each call it receives (`external.called`), which is what the outside
 * world saw, and effect checks (no-duplicate-effect) read those records. Handlers call it with
 * `ctx.call(name, operation, body, { idempotencyKey })`; the answer is a receipt.
 */
export interface ExternalSpec {
  /** Name, unique among services, externals and entities ("PaymentGateway"). */
  name: string;
  /** What it is, shown in the diagram's inspector. */
  description?: string;
  /**
   * Body field naming the business thing a call acts on ("orderId"): two calls of one
   * operation with the same value are the same effect twice. Absent: the whole body is the key.
   */
  keyField?: string;
  /**
   * Honour the `Idempotency-Key` of a call, as Stripe does: a call repeating a key it has seen
   * gets the first call's answer and nothing happens again; the same key with another operation
   * or body is refused. Default false: the key is recorded but ignored.
   */
  honoursIdempotencyKey?: boolean;
  /** One-way network latency of a call in ticks (default 5). */
  latencyTicks?: number;
}

/** A fault: typed options, off unless listed. The fault registry validates and applies them. */
export interface FaultSpec {
  type: string;
  [option: string]: Json | undefined;
}

export interface CheckSpec {
  name: string;
  options?: Json;
}

export interface Limits {
  /** The run stops at this virtual time. */
  ticksMax: number;
  /** The run stops after this many trace events. */
  eventsMax: number;
  /**
   * The run stops after this many trace events without virtual time moving: a loop in zero
   * time (a poison message requeued at once, forever; a handler republishing without ctx.work).
   */
  zeroTimeEventsMax: number;
  /** The run stops after this many scheduled actions (an outer bound, events or not). */
  stepsMax: number;
  /** A handler attempt fails with "work budget exceeded" after this many loop iterations and calls. */
  handlerWorkMax: number;
  /** A handler attempt fails with "call depth exceeded" past this many nested calls. */
  handlerCallDepthMax: number;
}

export interface Scenario {
  formatVersion: typeof SCENARIO_FORMAT_VERSION;
  id: string;
  title: string;
  summary?: string;
  broker: BrokerKind;
  entities: EntitySpec[];
  messages: MessageSpec[];
  services: ServiceSpec[];
  /** External systems handlers call (ctx.call); each records the calls it receives. */
  externals?: ExternalSpec[];
  workload: WorkloadSpec[];
  faults?: FaultSpec[];
  checks?: CheckSpec[];
  /** Seeds the scenario is known to be interesting with; the first is the default. */
  seeds?: number[];
  limits?: Partial<Limits>;
  /**
   * Least privilege on the broker (patterns/governance): per service, the entities it may
   * `send` to and `listen` on, and whether it may `reveal` protected personal data. Absent:
   * everything is allowed; present: whatever is not granted is refused (Unauthorized).
   */
  permissions?: Record<string, { send?: string[]; listen?: string[]; reveal?: boolean }>;
  /**
   * The broker switch (scenario/broker-switch.ts): the brokers this flow runs on. Its entities
   * are written for `from`; on another broker they map to native ones with the same names.
   */
  brokerSwitch?: BrokerSwitch;
}

/** Which brokers a scenario runs on, and what its entities are written for. */
export interface BrokerSwitch {
  /** The broker the scenario's entities are written for (today: 'generic'). */
  from: BrokerKind;
  /** Every broker the switch offers, `from` included. */
  brokers: BrokerKind[];
  /** Kafka partitions per queue (default: the highest `concurrency` among its consumers). */
  partitions?: Record<string, number>;
}

export const DEFAULT_LIMITS: Limits = { ticksMax: 3_600_000, eventsMax: 2_000_000, zeroTimeEventsMax: 100_000, stepsMax: 10_000_000, handlerWorkMax: 1_000_000, handlerCallDepthMax: 400 };

/** Typed identity for writing scenarios in TypeScript; data stays plain. */
export function defineScenario(scenario: Omit<Scenario, 'formatVersion'> & { formatVersion?: 1 }): Scenario {
  return { ...scenario, formatVersion: SCENARIO_FORMAT_VERSION };
}
