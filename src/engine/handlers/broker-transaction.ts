// ctx.brokerTransaction: a Service Bus transaction as handler code sees it. Sends and
// settlements are staged on `tx` while `work` runs; when it returns, the host commits them
// together (services/broker-ops.ts) — or nothing happens, if `work` throws or the service has
// crashed meanwhile. On Kafka the host writes each send at once inside a Kafka transaction and
// the return commits it (with the consumed offset). Like ctx.db.transaction it is a coroutine frame, so simulated time may
// pass inside and a crash can strike before the commit.

import type { BrokerTx, IncomingMessage, PublishOptions } from './api';
import type { Settlement } from '../brokers/types';
import { isIterator, PromiseAwaitedError } from './coroutine';
import type { Invocation, ServiceHost, StagedBrokerTx } from '../services/invocation';
import { textArgument } from '../services/publish-options';

/** An open Service Bus transaction of one invocation: its BrokerTx API and the commit that ends it. */
export interface OpenBrokerTransaction {
  api: BrokerTx;
  /** Commits the staged sends and settlements at once (unless the invocation died meanwhile). */
  commit(): void;
}

export function openBrokerTransaction(inv: Invocation, host: ServiceHost): OpenBrokerTransaction {
  const staged: StagedBrokerTx = { sends: [], settlements: [], firstTick: null };
  const touch = () => {
    staged.firstTick ??= host.now();
  };
  const stageSend = (kind: 'event' | 'command') => (type: string, body: unknown, options?: PublishOptions) => {
    touch();
    const { message, destination, delayTicks } = host.buildMessage(inv, type, body, options, kind);
    staged.sends.push({ message, destination, delayTicks });
    host.brokerTransactionSent(inv, staged);
  };
  const stageSettle = (settlement: Settlement, message: IncomingMessage | undefined, call: string) => {
    touch();
    if (staged.settlements.some((s) => (s.message?.id ?? inv.message.id) === (message?.id ?? inv.message.id))) throw new Error(`${call}: the message is already settled in this transaction; a message is settled once`);
    staged.settlements.push({ settlement, message, call });
  };
  const api: BrokerTx = Object.freeze({
    publish: stageSend('event'),
    send: stageSend('command'),
    complete: (message?: IncomingMessage) => stageSettle({ outcome: 'complete', explicit: true }, message, 'tx.complete()'),
    abandon: (message?: IncomingMessage) => stageSettle({ outcome: 'abandon', explicit: true }, message, 'tx.abandon()'),
    defer: (message?: IncomingMessage) => stageSettle({ outcome: 'defer', explicit: true }, message, 'tx.defer()'),
    deadLetter: (reason: string, description?: string, message?: IncomingMessage) => {
      const settlement: Settlement = { outcome: 'dead-letter', reason: textArgument(reason, 'tx.deadLetter(reason)')!, explicit: true };
      if (description !== undefined) settlement.description = textArgument(description, 'tx.deadLetter(reason, description)');
      stageSettle(settlement, message, 'tx.deadLetter()');
    },
  });
  return {
    api,
    commit: () => {
      if (inv.alive) host.commitBrokerTransaction(inv, staged);
    },
  };
}

export function* brokerTransactionCoroutine<T>(inv: Invocation, host: ServiceHost, work: (tx: BrokerTx) => T | Promise<T>): Generator<unknown, T, unknown> {
  const open = openBrokerTransaction(inv, host);
  let result: unknown = work(open.api);
  if (isIterator(result)) result = yield* result as Generator<unknown, unknown, unknown>;
  else if (result && typeof (result as { then?: unknown }).then === 'function') throw new PromiseAwaitedError();
  open.commit();
  return result as T;
}
