// Broker operations a handler asks for that are neither a publish nor a settlement of its own
// message: Service Bus message browsing (ctx.peek), Service Bus transactions
// (ctx.brokerTransaction's commit) and Kafka transactions (each send written at once, then the
// commit with the consumed offset). The broker decides what it can do; this module checks the
// handler's side (which entity, which broker, reachability, the 2-minute timeout), records what
// happened, and applies a transaction's sends and settlements at one instant — or none of them.

import type { World } from '../world';
import type { Broker, Settlement } from '../brokers/types';
import type { IncomingMessage } from '../handlers/api';
import type { Invocation, StagedBrokerTx } from './invocation';
import { publishToBroker } from './publishing';
import { toIncoming } from './records';

/** A Service Bus transaction times out 2 minutes after its first operation (ref §1.9). */
export const BROKER_TRANSACTION_TIMEOUT_TICKS = 120_000;
/** At most this many messages per peek (a bound on a handler's request). */
export const PEEK_MESSAGES_MAX = 1_000;

export function peek(world: World, inv: Invocation, entity: string, maxMessages: unknown, fromSequenceNumber: unknown): IncomingMessage[] {
  const call = `ctx.peek(${JSON.stringify(entity.slice(0, 80))})`;
  if (typeof maxMessages !== 'number' || !Number.isInteger(maxMessages) || maxMessages < 1 || maxMessages > PEEK_MESSAGES_MAX) throw new TypeError(`${call}: maxMessages must be a whole number from 1 to ${PEEK_MESSAGES_MAX}`);
  if (fromSequenceNumber !== undefined && (typeof fromSequenceNumber !== 'number' || !Number.isInteger(fromSequenceNumber) || fromSequenceNumber < 0)) throw new TypeError(`${call}: fromSequenceNumber must be a whole number ≥ 0`);
  const broker = world.brokerOf.get(entity);
  if (!broker) throw new Error(`${call}: no entity named "${entity}"`);
  if (!broker.peek) throw new Error(`${call} is not available on ${broker.kind}: message browsing (peek) is Service Bus's`);
  if (!inv.alive) return [];
  const got = broker.peek(entity, maxMessages, fromSequenceNumber);
  if (typeof got === 'string') throw new Error(`${call}: ${got}`);
  const seqs = got.map((d) => d.props.SequenceNumber as number);
  world.record({
    kind: 'entity.peeked', actor: inv.service.name, messageId: inv.message.id, correlationId: inv.message.correlationId,
    data: { entity, by: inv.service.name, sequenceNumbers: seqs },
    text: got.length === 0 ? `peeked ${entity}: no messages${fromSequenceNumber !== undefined ? ` from SequenceNumber ${fromSequenceNumber}` : ''}` : `peeked ${got.length} message(s) of ${entity} (SequenceNumber ${seqs.join(', ')}): read without a lock, nothing removed, DeliveryCount unchanged`,
  });
  return got.map(toIncoming);
}

interface TxHost {
  crashPoint(inv: Invocation, point: 'mid-transaction'): boolean;
  checkReachable(producer: string, destination: string): void;
}

/** The transactional.id of a handler's Kafka producer: its consumer (a restart fences the old producer), else service/handler. */
function transactionalId(inv: Invocation): string {
  return inv.delivery?.consumerId ?? `${inv.service.name}/${inv.handler.spec.name}`;
}

/** The Kafka broker a transaction runs on: the one the handler reads, else the one of its first send; undefined for Service Bus. */
function kafkaHome(world: World, inv: Invocation, staged: StagedBrokerTx): Broker | undefined {
  const home = inv.delivery ? world.brokerOf.get(inv.delivery.entity) : world.brokerOf.get(staged.sends[0]?.destination ?? '');
  return home?.commitTransaction ? home : undefined;
}

/** A send staged in ctx.brokerTransaction: on Kafka it is written now, inside the open transaction (ref §3.7). */
export function brokerTransactionSent(world: World, host: TxHost, inv: Invocation, staged: StagedBrokerTx): void {
  const home = kafkaHome(world, inv, staged);
  if (!home || !inv.alive) return;
  const send = staged.sends[staged.sends.length - 1];
  const id = (staged.transactionalId ??= transactionalId(inv));
  const abortWith = (why: string): never => {
    home.abortTransaction!(id, why);
    throw new Error(why);
  };
  if (world.brokerOf.get(send.destination) !== home) abortWith(`${send.destination} is not a topic of the Kafka cluster the transaction runs on`);
  if (send.delayTicks) abortWith('a Kafka record cannot be delayed (delayTicks) inside a transaction');
  host.checkReachable(send.message.producer, send.destination);
  const refused = home.sendError?.(send.message, send.destination);
  if (refused) abortWith(refused);
  world.record({
    kind: 'message.published', actor: send.message.producer, messageId: send.message.id,
    correlationId: send.message.correlationId, causationId: send.message.causationId ?? undefined,
    data: { type: send.message.type, messageKind: send.message.kind, destination: send.destination, body: send.message.body, headers: send.message.headers, via: 'direct', ...(send.message.key !== undefined ? { key: send.message.key } : {}), uncommitted: true },
    text: `written inside Kafka transaction ${id}: read_uncommitted consumers can read it now, read_committed ones only once the transaction commits; an abort leaves it in the log marked aborted`,
  });
  const why = home.transactionalPublish!(id, inv.delivery?.id, send.message, send.destination);
  if (why) throw new Error(why);
  send.written = true;
}

/** Commits a Kafka transaction: its records and the consumed offset at once, or throws (ref §3.7). */
function commitKafkaTransaction(world: World, home: Broker, inv: Invocation, staged: StagedBrokerTx): void {
  const id = staged.transactionalId ?? transactionalId(inv);
  if (staged.settlements.length > 0) {
    const why = `${staged.settlements[0].call} is not available in a Kafka transaction: there is no per-record settlement; the consumed offset is committed with the transaction (sendOffsetsToTransaction)`;
    home.abortTransaction!(id, why);
    throw new Error(why);
  }
  const failed = home.commitTransaction!(id, inv.service.name, inv.delivery?.id);
  if (failed) throw new Error(failed);
}

/** Commits a staged Service Bus transaction: every send and settlement at once, or throws and applies none (ref §1.9). */
export function commitBrokerTransaction(world: World, host: TxHost, inv: Invocation, staged: StagedBrokerTx): void {
  // A crash before the commit: a Service Bus transaction never happened; a Kafka one stays open until fenced or timed out.
  if (!inv.alive || host.crashPoint(inv, 'mid-transaction')) return;
  const kafka = kafkaHome(world, inv, staged);
  if (kafka) return commitKafkaTransaction(world, kafka, inv, staged);
  if (staged.sends.length === 0 && staged.settlements.length === 0) return;
  const rollBack = (why: string): never => {
    world.record({ kind: 'transaction.rolled-back', actor: inv.service.name, messageId: inv.message.id, correlationId: inv.message.correlationId, data: { service: inv.service.name, reason: why }, text: `Service Bus transaction rolled back: ${why}; nothing was sent or settled` });
    throw new Error(why);
  };
  const broker = transactionBroker(world, inv, staged);
  if (typeof broker === 'string') return rollBack(broker);
  if (staged.firstTick !== null && world.now() - staged.firstTick > BROKER_TRANSACTION_TIMEOUT_TICKS) {
    rollBack(`TransactionAbortedException: the transaction timed out (${BROKER_TRANSACTION_TIMEOUT_TICKS} ms after its first operation, at ${staged.firstTick})`);
  }
  for (const s of staged.sends) {
    host.checkReachable(s.message.producer, s.destination);
    const refused = broker.sendError?.(s.message, s.destination);
    if (refused) rollBack(refused);
  }
  const settlements = staged.settlements.map((s) => ({ ...s, target: settlementTarget(inv, s.message, s.call) }));
  for (const s of settlements) {
    const unsupported = broker.settlementError?.(s.settlement);
    if (unsupported) rollBack(`${s.call} is not available on ${broker.kind}: ${unsupported}`);
    if (s.target.settlement) rollBack(`${s.call}: message ${s.target.delivery.message.id} is already settled (${s.target.settlement.outcome}); a message is settled once`);
  }
  const lockProblem = broker.transactionError!(settlements.map((s) => s.target.delivery.id));
  if (lockProblem) rollBack(lockProblem);
  world.record({
    kind: 'transaction.committed', actor: inv.service.name, messageId: inv.message.id, correlationId: inv.message.correlationId,
    data: { service: inv.service.name, sent: staged.sends.map((s) => s.message.id), settled: settlements.map((s) => `${s.target.delivery.message.id}:${s.settlement.outcome}`) },
    text: `Service Bus transaction committed: ${settlements.map((s) => `${s.settlement.outcome} ${s.target.delivery.message.id}`).concat(staged.sends.map((s) => `send ${s.message.type} to ${s.destination}`)).join(', ')} — all at once (send-via: the sends go through the entity the message came from)`,
  });
  for (const s of settlements) {
    s.target.settlement = s.settlement;
    broker.commitSettlement!(s.target.delivery.id, s.settlement);
  }
  // Sent at the commit: that is when the messages leave (their publish time), past any transit fault.
  for (const s of staged.sends) publishToBroker(world, { ...s.message, publishedTick: world.now() }, s.destination, 'direct', s.delayTicks, false, false);
}

/** The Service Bus broker the transaction runs on: the one the handler's message came from (send-via), which every send must target. */
function transactionBroker(world: World, inv: Invocation, staged: StagedBrokerTx): Broker | string {
  const home = inv.delivery ? world.brokerOf.get(inv.delivery.entity) : world.brokerOf.get(staged.sends[0]?.destination ?? '');
  if (!home?.transactionError || !home.commitSettlement) return `ctx.brokerTransaction() is Service Bus's (TransactionScope with send-via); ${home?.kind ?? 'this broker'} has none here`;
  for (const s of staged.sends) {
    if (world.brokerOf.get(s.destination) !== home) return `${s.destination} is not an entity of the Service Bus namespace the transaction runs on`;
  }
  return home;
}

function settlementTarget(inv: Invocation, message: IncomingMessage | undefined, call: string): { delivery: NonNullable<Invocation['delivery']>; settlement?: Settlement } {
  if (!inv.delivery) throw new Error(`${call} settles a message from a broker, but ${inv.handler.spec.name} was called directly (a request)`);
  if (message === undefined || message.id === inv.message.id) return inv as { delivery: NonNullable<Invocation['delivery']>; settlement?: Settlement };
  const extra = inv.extra?.find((x) => x.message.id === message.id);
  if (!extra) throw new Error(`${call}: message ${message.id} is not one this handler holds`);
  return extra;
}
