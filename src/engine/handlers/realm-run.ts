// One handler invocation inside its service's realm: the host side of the coroutine. The realm's
// driver (prelude.ts) runs the handler until it suspends or ends and answers with JSON; this
// runner schedules the suspension in virtual time (`ctx.work`) or waits for a call's answer
// (`ctx.call`), then resumes it. ctx operations arrive by name with JSON arguments and are
// served by the same context implementation built-in handlers use (context.ts), so both kinds
// of handler behave alike. Whatever the realm reports is parsed as untrusted data.

import type { HandlerContext, IncomingMessage, PublishOptions } from './api';
import type { Invocation, ServiceHost } from '../services/invocation';
import type { PendingCall } from '../services/calls';
import { createContext, openTransaction, publishDirect, type OpenTransaction } from './context';
import { openBrokerTransaction, type OpenBrokerTransaction } from './broker-transaction';
import { RealmFailure, RealmMeter, startPayload, type ServiceRealm } from './realm';
import { NEVER_AWAITED, type CoroutineHost, type Outcome } from './coroutine';
import { snapshotThrown } from './failure';
import { workTicks } from '../services/publish-options';
import { fromRealm } from './realm-data';

/** What a realm handler needs from the lifecycle, beyond the coroutine host. */
export interface RealmRunHost extends CoroutineHost {
  /** Resume when the pending call settles. */
  waitCall(call: PendingCall, resume: () => void): void;
}

const str = (v: unknown): string => String(v);
const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));

/**
 * The ctx operations of one invocation, over arguments decoded from the realm (realm-data.ts).
 * Transactions are numbered by the realm and opened here at their first operation (or their
 * commit); one that threw is simply never committed. An operation whose name ends in `~` was
 * made while a transaction callback ran: what it sends is marked as sent from inside an
 * uncommitted transaction. A call's answer goes back with the resume (runInRealm).
 */
export function realmOperations(inv: Invocation, host: ServiceHost, calls: Map<number, PendingCall>): (op: string, a: unknown[]) => unknown {
  const ctx: HandlerContext = createContext(inv, host);
  const txs = new Map<number, OpenTransaction | null>();
  const tx = (id: unknown): OpenTransaction => {
    const n = Number(id);
    let open = txs.get(n);
    if (open === null) throw new Error('this transaction is over: use tx only inside its ctx.db.transaction callback');
    if (open === undefined) txs.set(n, (open = openTransaction(inv, host, false)));
    return open;
  };
  const btxs = new Map<number, OpenBrokerTransaction | null>();
  const btx = (id: unknown): OpenBrokerTransaction => {
    const n = Number(id);
    let open = btxs.get(n);
    if (open === null) throw new Error('this broker transaction is over: use tx only inside its ctx.brokerTransaction callback');
    if (open === undefined) btxs.set(n, (open = openBrokerTransaction(inv, host)));
    return open;
  };
  let nextCall = 1;
  // A publisher confirm to await (confirm mode) waits like a call: the realm gets its id.
  const confirmId = (pending: PendingCall | undefined): number | undefined => {
    if (!pending) return undefined;
    const id = nextCall++;
    calls.set(id, pending);
    return id;
  };
  const message = (v: unknown) => opt<IncomingMessage>(v);
  const run = (op: string, a: unknown[]): unknown => {
    switch (op) {
      case 'db.get': return ctx.db.get(str(a[0]), str(a[1]));
      case 'db.keys': return ctx.db.keys(str(a[0]));
      case 'db.put': return ctx.db.put(str(a[0]), str(a[1]), a[2] ?? null);
      case 'publish': return confirmId(publishDirect(inv, host, 'event', a[0] as string, a[1] ?? null, opt<PublishOptions>(a[2])));
      case 'send': return confirmId(publishDirect(inv, host, 'command', a[0] as string, a[1] ?? null, opt<PublishOptions>(a[2])));
      case 'inbox.seen': return ctx.inbox.seen(opt<string>(a[0]));
      case 'saga.stepCompleted': return ctx.saga.stepCompleted(str(a[0]), str(a[1]), str(a[2]), a[3]);
      case 'saga.compensated': return ctx.saga.compensated(str(a[0]), str(a[1]), str(a[2]));
      case 'random': return ctx.random();
      case 'work': return workTicks(a[0]);
      case 'log': return ctx.log(str(a[0]));
      case 'deadLetter': return ctx.deadLetter(a[0] as string, a[1] as string | undefined, message(a[2]));
      case 'complete': return ctx.complete(message(a[0]));
      case 'abandon': return ctx.abandon(message(a[0]));
      case 'defer': return ctx.defer(message(a[0]));
      case 'nack': return ctx.nack(opt(a[0]), message(a[1]));
      case 'reject': return ctx.reject(opt(a[0]), message(a[1]));
      case 'receiveDeferred': return ctx.receiveDeferred(a[0] as number);
      case 'peek': return ctx.peek(str(a[0]), opt<number>(a[1]), opt<number>(a[2]));
      case 'protect': return ctx.protect(a[0]);
      case 'reveal': return ctx.reveal(a[0]);
      case 'session.getState': return ctx.session?.getState();
      case 'session.setState': return ctx.session?.setState(a[0]);
      case 'tx.get': return tx(a[0]).api.get(str(a[1]), str(a[2]));
      case 'tx.put': return tx(a[0]).api.put(str(a[1]), str(a[2]), a[3] ?? null);
      case 'tx.delete': return tx(a[0]).api.delete(str(a[1]), str(a[2]));
      case 'tx.keys': return tx(a[0]).api.keys(str(a[1]));
      case 'tx.outbox.publish': return tx(a[0]).api.outbox.publish(a[1] as string, a[2] ?? null, opt<PublishOptions>(a[3]));
      case 'tx.outbox.send': return tx(a[0]).api.outbox.send(a[1] as string, a[2] ?? null, opt<PublishOptions>(a[3]));
      case 'tx.inbox.seen': return tx(a[0]).api.inbox.seen(opt<string>(a[1]));
      case 'tx.inbox.record': return tx(a[0]).api.inbox.record(opt<string>(a[1]));
      case 'tx.saga.stepCompleted': return tx(a[0]).api.saga.stepCompleted(str(a[1]), str(a[2]), str(a[3]), a[4]);
      case 'tx.saga.compensated': return tx(a[0]).api.saga.compensated(str(a[1]), str(a[2]), str(a[3]));
      case 'tx.commit': {
        const open = tx(a[0]);
        txs.set(Number(a[0]), null);
        return open.commit();
      }
      case 'btx.publish': return btx(a[0]).api.publish(a[1] as string, a[2] ?? null, opt<PublishOptions>(a[3]));
      case 'btx.send': return btx(a[0]).api.send(a[1] as string, a[2] ?? null, opt<PublishOptions>(a[3]));
      case 'btx.complete': return btx(a[0]).api.complete(message(a[1]));
      case 'btx.abandon': return btx(a[0]).api.abandon(message(a[1]));
      case 'btx.defer': return btx(a[0]).api.defer(message(a[1]));
      case 'btx.deadLetter': return btx(a[0]).api.deadLetter(a[1] as string, a[2] as string | undefined, message(a[3]));
      case 'btx.commit': {
        const open = btx(a[0]);
        btxs.set(Number(a[0]), null);
        return open.commit();
      }
      case 'call.start': {
        if (!inv.alive) return undefined;
        // A call leaves the process as a publish does: a crash after a commit and before it leaves is the same dual write.
        if (inv.committedTicks !== null && host.crashPoint(inv, 'after-commit-before-publish')) return undefined;
        const pending = host.call(inv, str(a[0]), str(a[1]), a[2] ?? null, opt<{ timeoutTicks?: number }>(a[3]));
        const id = nextCall++;
        calls.set(id, pending);
        return id;
      }
      default:
        throw new Error(`unknown ctx operation ${op}`);
    }
  };
  return (op, a) => {
    if (!op.endsWith('~')) return run(op, a);
    inv.openTransactions++;
    try {
      return run(op.slice(0, -1), a);
    } finally {
      inv.openTransactions--;
    }
  };
}

/** An error the realm read into plain data (prelude.ts `describe`). */
export interface Described {
  name?: unknown;
  message?: unknown;
  poison?: unknown;
  host?: unknown;
  plain?: unknown;
}

/** A thrown value the realm read into plain data, as an engine-owned Error. */
export function thrownError(realm: ServiceRealm, e: Described): Error {
  if (typeof e.host === 'number' && realm.hostErrors.has(e.host)) return snapshotThrown(realm.hostErrors.get(e.host));
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const message = typeof e.message === 'string' ? e.message : 'threw a value that could not be read';
  const error = e.plain === true ? snapshotThrown(message) : snapshotThrown(Object.assign(new Error(message), { name }));
  if (e.poison === true) Object.defineProperty(error, 'poison', { value: true, enumerable: true });
  return error;
}

/** The ticks and pending count of a 'd'/'f' reply ("d<ticks>,<pending>,<rest>"), and its rest. */
function ended(reply: string): { ticks: number; pending: number; rest: string } {
  const a = reply.indexOf(',');
  const b = reply.indexOf(',', a + 1);
  return { ticks: Number(reply.slice(1, a)) || 0, pending: Number(reply.slice(a + 1, b)) || 0, rest: reply.slice(b + 1) };
}

/** Drives one invocation of realm handler `name`; `done` is called once unless the service dies first. */
export function runInRealm(realm: ServiceRealm, name: string, inv: Invocation, serviceHost: ServiceHost, host: RealmRunHost, done: (outcome: Outcome) => void): void {
  const meter = new RealmMeter(realm.workMax);
  const calls = new Map<number, PendingCall>();
  const id = realm.enroll(realmOperations(inv, serviceHost, calls), () => inv.alive);
  const idempotencyKey = typeof inv.message.headers['Idempotency-Key'] === 'string' ? inv.message.headers['Idempotency-Key'] : inv.message.id;
  const session = serviceHost.session(inv);
  const enter = (start: boolean, answer?: string): void => {
    let reply: string;
    try {
      reply = start ? realm.start(meter, startPayload(id, inv.message, { service: inv.service.name, handler: name, attempt: inv.attempt, idempotencyKey }, session ? session.id : null)) : realm.resume(meter, id, answer);
    } catch (error) {
      if (!(error instanceof RealmFailure)) throw error;
      realm.drop(id);
      if (inv.alive) done({ ok: false, error: error.error });
      return;
    }
    handle(reply);
  };
  const resume = () => enter(false);
  const handle = (reply: string): void => {
    switch (reply[0]) {
      case 's':
        host.sleep(Number(reply.slice(1)) || 0, resume);
        return;
      case 'c': {
        // Waiting for a call: resumed with its answer (or its error) when it settles.
        const callId = Number(reply.slice(1));
        const pending = calls.get(callId);
        if (!pending) return enter(false, '');
        const answer = () => {
          calls.delete(callId);
          enter(false, pending.error ? realm.hostError(pending.error) : pending.value === undefined ? '' : JSON.stringify(pending.value));
        };
        if (pending.done) answer();
        else host.waitCall(pending, answer);
        return;
      }
      case 'd':
      case 'f': {
        realm.operations.delete(id);
        const { ticks, pending, rest } = ended(reply);
        let outcome: Outcome;
        if (reply[0] === 'd') outcome = { ok: true, value: rest === '' ? undefined : fromRealm(rest) };
        else outcome = { ok: false, error: thrownError(realm, JSON.parse(rest) as Described) };
        if (outcome.ok && pending > 0) outcome = { ok: false, error: new Error(NEVER_AWAITED) };
        const result = outcome;
        if (ticks > 0) host.sleep(ticks, () => host.alive() && done(result));
        else done(result);
        return;
      }
      default: // 'x': the invocation is gone (its service crashed)
        realm.operations.delete(id);
    }
  };
  enter(true);
}
