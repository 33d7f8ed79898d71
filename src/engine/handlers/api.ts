// The handler API: what people's handler code sees. This file holds only types and their
// documentation; it is the single source for the engine's context implementation and for the
// editor's typings, so the two never drift.
//
// A handler is a function of one message and a context. It keeps no state of its own: all
// state lives in the service's database, so runs can be replayed. Context operations return
// their results directly; `await` on them is allowed (and idiomatic) but never needed. Virtual
// time passes only through `ctx.work(ms)`; a handler fails by throwing.
//
// A crash wipes the process. When a service crashes and restarts (`service.crashed` →
// `service.restarted`), its handler modules are evaluated afresh: module-level variables,
// caches, an "inbox" kept in a `Set`, anything held in memory are gone. Only the service's
// database (`ctx.db`) and the broker keep what they had. Every run also starts from a fresh
// module evaluation, so nothing survives from one run to the next.

/* eslint-disable @typescript-eslint/no-explicit-any */

export interface IncomingMessage {
  /** Broker message id ("m-17"); stable across redeliveries and outbox re-publishes. */
  readonly id: string;
  readonly type: string;
  readonly kind: 'event' | 'command' | 'request';
  readonly body: any;
  readonly headers: Readonly<Record<string, any>>;
  readonly correlationId: string;
  readonly causationId: string | null;
  /** W3C trace context of this message: `00-<trace id>-<span id>-01`. */
  readonly traceparent: string;
  /** Partition key / session id, when the message type declares one. */
  readonly key?: string;
  /** The broker's counters and headers: DeliveryCount, SequenceNumber, redelivered, x-death, partition, offset… */
  readonly broker: Readonly<Record<string, any>>;
}

export interface PublishOptions {
  /** Send to this entity instead of the catalog's destination for the type. */
  to?: string;
  /** Partition key / session id (overrides the catalog's keyField). */
  key?: string;
  /** RabbitMQ routing key (defaults to the catalog's, then the type). */
  routingKey?: string;
  /** Extra application headers (Service Bus application properties, AMQP headers). */
  headers?: Record<string, any>;
  /** Deliver no earlier than this many ticks from now (scheduled message / delayed delivery). */
  delayTicks?: number;
  /**
   * The command's `Idempotency-Key` header: the sender's name for "this one operation", kept
   * when the same command is sent again, so the receiver can deduplicate by it
   * (`ctx.idempotencyKey`) even though a re-send has a new message id.
   */
  idempotencyKey?: string;
  /** The contract version of the body (the `schemaVersion` header); default: the catalog's `version`. */
  version?: number;
  /**
   * Continue a stored flow: publish under this correlation id instead of the current message's.
   * For work that is picked up later by someone else — a batch job publishing for rows that
   * earlier flows stored — keep `msg.correlationId` with the row and pass it here, so a search
   * by the flow's id finds every message it caused. The causation id stays the current message.
   */
  correlationId?: string;
  /**
   * Continue a stored W3C trace: the new message keeps this traceparent's trace id (with a new
   * span id), so the later work joins the original trace. Must be well formed
   * (`00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`), as `msg.traceparent` always is.
   */
  traceparent?: string;
}

export interface OutboxApi {
  /** Store an event in the outbox, in this transaction; the relay publishes it after commit. */
  publish(type: string, body: any, options?: PublishOptions): void;
  /** Store a command in the outbox, in this transaction. */
  send(type: string, body: any, options?: PublishOptions): void;
}

export interface InboxApi {
  /** Has this handler already processed the message (by id, or by the given business key)? */
  seen(id?: string): boolean;
}

export interface TxInboxApi extends InboxApi {
  /** Record the message (or business key) as processed, in this transaction. */
  record(id?: string): void;
}

export interface Tx {
  get(table: string, key: string): any;
  put(table: string, key: string, value: any): void;
  delete(table: string, key: string): void;
  keys(table: string): string[];
  outbox: OutboxApi;
  inbox: TxInboxApi;
  /** Saga progress recorded when (and only if) this transaction commits. */
  saga: SagaApi;
}

export interface SagaApi {
  /** Step `step` of saga `saga` (e.g. "OrderSaga") for instance `id` (e.g. the order id) completed. */
  stepCompleted(saga: string, id: string, step: string, state?: any): void;
  /** Step `step` of that saga instance was compensated (semantically undone). */
  compensated(saga: string, id: string, step: string): void;
}

export interface DbApi {
  /** Read a committed value (undefined when absent). */
  get(table: string, key: string): any;
  keys(table: string): string[];
  /** Write one value in its own transaction. */
  put(table: string, key: string, value: any): void;
  /**
   * Run `work` in a transaction: all its writes and outbox messages commit together, or none.
   * Only the database is transactional: a `ctx.publish`, `ctx.send` or `ctx.call` made inside
   * `work` leaves at once (traced as sent from inside an uncommitted transaction), and a
   * rollback or a crash before the commit does not take it back.
   */
  transaction<T>(work: (tx: Tx) => T | Promise<T>): Promise<T>;
}

export interface HandlerContext {
  readonly message: IncomingMessage;
  readonly service: string;
  readonly handler: string;
  /** 1 on the first in-process attempt of this delivery, 2 on the first retry… */
  readonly attempt: number;
  /** The message's `Idempotency-Key` header when it has one, else its message id. */
  readonly idempotencyKey: string;
  readonly db: DbApi;
  /**
   * Publish an event now. It is never part of a transaction, even when called inside a
   * transaction callback (the dual-write trap when mixed with db; use `tx.outbox` instead).
   *
   * RabbitMQ publisher confirms: with `defineHandler(name, fn, { publisherConfirms: true })` the
   * handler's channel is in confirm mode, and `await ctx.publish(…)` waits for the broker's
   * answer (a tick later): it returns on basic.ack and throws `PublishNacked` on basic.nack — a
   * queue at its `x-max-length` or `x-max-length-bytes` with `x-overflow: reject-publish` refused the message, which is
   * then in no queue. `PublishConfirmTimeout` when no confirm comes (lost on the way, 5 s).
   * Catch it to slow down, fail the request or try later; the broker does not publish again.
   * Without confirm mode (the default) a refused message is dropped and the publisher never
   * hears of it; a publish not awaited is not told either.
   */
  publish(type: string, body: any, options?: PublishOptions): Promise<void>;
  /** Send a command now, outside any transaction (publisher confirms: as `publish`). */
  send(type: string, body: any, options?: PublishOptions): Promise<void>;
  readonly inbox: InboxApi;
  /** Trace saga progress (`saga.step-completed`, `saga.compensated`), correlated by instance id. */
  readonly saga: SagaApi;
  /** Virtual time in ticks (milliseconds). */
  now(): number;
  /** A seeded random number in [0, 1). */
  random(): number;
  log(text: string): void;
  /** Spend `ms` ticks of simulated processing time. */
  work(ms: number): Promise<void>;
  /**
   * Settle the message to the dead-letter queue with a reason instead of acking it (Service Bus
   * DeadLetter, RabbitMQ `basic.reject(requeue=false)` ⇒ the DLX, Kafka: publish to `<topic>.DLT`).
   */
  deadLetter(reason: string, description?: string, message?: IncomingMessage): void;
  // Explicit settlement. A message is settled once, and an explicitly settled message is not
  // auto-completed or auto-abandoned. On Service Bus the settlement reaches the broker at the
  // call (like `await args.CompleteMessageAsync(msg)`): complete only once the work is done —
  // a crash after it cannot bring the message back — and a settle after the lock was lost
  // throws MessageLockLostException. On RabbitMQ it is sent when the handler returns or throws. `message` defaults to the current one (or pass one from `receiveDeferred`).
  // A settlement the broker does not have throws (`defer` on RabbitMQ, any of these on Kafka).
  /** Service Bus Complete / RabbitMQ `basic.ack`: done, removed from the queue. */
  complete(message?: IncomingMessage): void;
  /** Service Bus Abandon: give the lock back; DeliveryCount + 1, back at the front. */
  abandon(message?: IncomingMessage): void;
  /** Service Bus Defer: hidden from normal receives; fetch it later with `receiveDeferred(SequenceNumber)`. */
  defer(message?: IncomingMessage): void;
  /** RabbitMQ `basic.nack`: `requeue` true (default) puts it back (redelivered=true), false dead-letters it (reason `rejected`) or drops it. */
  nack(options?: { requeue?: boolean }, message?: IncomingMessage): void;
  /** RabbitMQ `basic.reject`: like `nack` for one message; `requeue` defaults to false (⇒ DLX, reason `rejected`). */
  reject(options?: { requeue?: boolean }, message?: IncomingMessage): void;
  /**
   * Service Bus ReceiveDeferredMessage: the deferred message with this SequenceNumber of the
   * entity being read, now locked for this handler (`broker.State` 'Deferred');
   * settle it like the current one (AutoCompleteMessages completes it when the handler returns).
   * Throws when there is no such deferred message.
   */
  receiveDeferred(sequenceNumber: number): IncomingMessage;
  /**
   * Service Bus message browsing (PeekMessagesAsync): up to `maxMessages` (default 1) messages of
   * `entity` — a queue, a subscription, or a `…/$deadletterqueue` — in SequenceNumber order from
   * `fromSequenceNumber`, without locking or removing them and without touching DeliveryCount.
   * Includes locked and deferred messages (`broker.State` 'Active' or 'Deferred'). Throws on
   * other brokers and on an entity with auto-forwarding.
   */
  peek(entity: string, maxMessages?: number, fromSequenceNumber?: number): IncomingMessage[];
  /**
   * A Service Bus transaction (TransactionScope with send-via): the sends and the settlement of
   * this message staged on `tx` take effect together when `work` returns — or not at all when it
   * throws, the service crashes first, the message's lock is lost, or 2 minutes pass after the
   * first operation. The database is NOT part of it: a `ctx.db` write next to it can still be
   * applied while the transaction rolls back. Must be awaited.
   *
   * On Kafka it is a Kafka transaction (transactional.id = this consumer): each `tx.publish` /
   * `tx.send` is written to its topic at once, read_uncommitted consumers can read it, and the
   * return commits the records together with this record's offset (sendOffsetsToTransaction);
   * a throw aborts (the records stay in the log marked aborted, read_committed consumers skip
   * them); a crash leaves it open until the restarted handler fences it or 60 s pass. Settling
   * (`tx.complete()`…) is refused: the offset is the settlement. Still not the database: a
   * `ctx.db` write or `ctx.call` made in the same handler happens again when the record is
   * processed again.
   */
  brokerTransaction<T>(work: (tx: BrokerTx) => T | Promise<T>): Promise<T>;
  /**
   * Service Bus sessions: on a session-enabled entity, the session this message belongs to,
   * held under an exclusive session lock; its state persists across messages until cleared
   * (`setState(null)`). Undefined elsewhere.
   */
  readonly session?: SessionApi;
  /**
   * Call another service or an external system synchronously and wait for its answer. A
   * service answers with what its entry handler `operation` returns; an external system (the
   * scenario's `externals`: a payment gateway, a courier…) records the call — that record is
   * the side effect the outside world saw, checked by no-duplicate-effect — and answers with a
   * receipt `{ receipt, operation }`. Takes virtual time — latency both ways, the callee's
   * queueing and work — while this handler keeps holding its delivery, lock and slot. Never
   * part of a transaction: a call made inside `ctx.db.transaction` happens even if the
   * transaction then rolls back or the service crashes before the commit. Throws `CallFailed`
   * when the callee is down (`unavailable`), overloaded (`refused`), throws or refuses (`error`)
   * or does not answer within `timeoutTicks` (`timeout`, default 30 000). Must be awaited.
   */
  call(service: string, operation: string, body?: any, options?: CallOptions): Promise<any>;
  /**
   * Personal data out of events: returns a token (`tok_…`) standing for `value`, deterministic
   * (equal values, equal tokens); the value stays in the vault. Put the token in the message.
   */
  protect(value: any): string;
  /** The value behind a token (other values are returned unchanged); needs the `reveal` grant, else throws Unauthorized. */
  reveal(token: any): any;
}

export interface CallOptions {
  /** Give up waiting after this many ticks (default 30 000); the callee may still do the work. */
  timeoutTicks?: number;
  /**
   * The call's `Idempotency-Key` header: your name for "this one operation", the same on every
   * retry of it. An external system that honours keys (as Stripe does) answers a repeated key
   * with the first answer and does nothing again; one that does not, acts again.
   */
  idempotencyKey?: string;
}

/** What a Service Bus transaction can do: send, and settle the messages this handler holds. */
export interface BrokerTx {
  publish(type: string, body: any, options?: PublishOptions): void;
  send(type: string, body: any, options?: PublishOptions): void;
  complete(message?: IncomingMessage): void;
  abandon(message?: IncomingMessage): void;
  deadLetter(reason: string, description?: string, message?: IncomingMessage): void;
  defer(message?: IncomingMessage): void;
}

/** A Service Bus session (GetSessionState / SetSessionState). */
export interface SessionApi {
  /** The SessionId. */
  readonly id: string;
  /** The session state (a JSON value), or null when none was set. */
  getState(): any;
  /** Store the session state (null clears it). Throws when the session lock was lost. */
  setState(value: any): void;
}

/**
 * A handler: the module's default export. Module-level state lives only as long as the
 * service's process: a crash and restart evaluates the module again from the top, so keep
 * anything that must survive (processed ids, counters) in `ctx.db`.
 */
export type Handler = (message: IncomingMessage, ctx: HandlerContext) => unknown;

/**
 * How a handler wants to be run, declared next to its code (like a MassTransit consumer
 * definition): `defineHandler('Charge', fn, { retry: { kind: 'full-jitter', limit: 5, baseTicks:
 * 200, capTicks: 5000 }, concurrency: 4 })`. Each option given here replaces the scenario's.
 */
export interface HandlerOptions {
  /**
   * Retry policy: `kind` 'none' | 'immediate' | 'interval' | 'intervals' | 'incremental' |
   * 'exponential' | 'full-jitter' | 'equal-jitter' | 'decorrelated-jitter', `limit` retries, and
   * `baseTicks`/`capTicks` (exponential family), `intervalTicks`, `intervalsTicks`,
   * `initialTicks`/`incrementTicks`; `redelivery` a second policy for delayed redeliveries.
   */
  retry?: {
    kind: string;
    limit?: number;
    baseTicks?: number;
    capTicks?: number;
    intervalTicks?: number;
    intervalsTicks?: number[];
    initialTicks?: number;
    incrementTicks?: number;
    redelivery?: HandlerOptions['retry'];
    retryPoison?: boolean;
    onExhausted?: 'dead-letter' | 'fail';
  };
  /** Circuit breaker: opens after `tripThreshold` consecutive failures for `resetAfterTicks`. */
  circuitBreaker?: { tripThreshold?: number; resetAfterTicks?: number; mode?: 'fail-fast' | 'pause' };
  /** Deliveries this handler processes at once (a concurrency limit). */
  concurrency?: number;
  /**
   * Kafka: the producer client of this handler's service, like Spring's
   * `spring.kafka.producer.*`. Every record the service writes — its handlers' publishes and
   * sends and its outbox relay — goes through it, in place of the topic's producer settings.
   * `acks` '0' | '1' | 'all' (default 'all'); `enableIdempotence` (default true, but silently
   * off when `acks` is not 'all' and it was left unset; `true` with acks 0 or 1 is a
   * ConfigException). A service has one producer: its handlers must not declare different ones.
   */
  producer?: ProducerSettings;
  /**
   * RabbitMQ: put this handler's channel in confirm mode (`confirm.select`; the .NET client's
   * publisher confirmation tracking, amqplib's ConfirmChannel). Every `ctx.publish` / `ctx.send`
   * then waits, when awaited, for basic.ack (returns) or basic.nack (throws `PublishNacked`).
   */
  publisherConfirms?: boolean;
}

/** Kafka producer configs a handler may declare (ref: Kafka ProducerConfig `acks`, `enable.idempotence`). */
export interface ProducerSettings {
  acks?: '0' | '1' | 'all';
  enableIdempotence?: boolean;
}
