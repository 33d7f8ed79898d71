// The transactional outbox's relay (a polling publisher). Handlers store outgoing messages in
// the service's `outbox` table in the same transaction as their state change; the relay polls
// every `pollIntervalTicks`, publishes up to `batchSize` stored messages with their original
// ids, and then deletes them in a second commit a moment later. A crash between the publish
// and that commit leaves the rows in place, so they are published again after the restart:
// the relay is at-least-once, which is why consumers need an inbox.

import type { World } from '../world';
import type { Message } from '../brokers/types';
import type { CrashPoint, Invocation, ServiceRuntime } from './invocation';
import { OUTBOX_TABLE } from '../handlers/context';

export const RELAY_DEFAULTS = { pollIntervalTicks: 500, batchSize: 100, markDelayTicks: 5 };

export interface RelayHost {
  publishMessage(message: Message, destination: string, via: 'outbox', delayTicks?: number): void;
  crashPoint(inv: Invocation, point: CrashPoint): boolean;
  checkCommit(service: string): void;
}

export interface OutboxRow {
  message: Message;
  destination: string;
  /** A delayed send (a saga timeout): the broker delivers it no earlier than this tick. */
  deliverAtTick?: number;
}

/** Publishes a stored row; false when the broker could not be reached (the row stays). */
export function publishRow(host: RelayHost, row: OutboxRow, now: number): boolean {
  try {
    host.publishMessage(row.message, row.destination, 'outbox', row.deliverAtTick !== undefined ? Math.max(0, row.deliverAtTick - now) : undefined);
    return true;
  } catch {
    return false;
  }
}

/** What the lifecycle needs of any relay (polling here, log-tailing in patterns/outbox). */
export interface Relay {
  kick(): void;
}

export class OutboxRelay implements Relay {
  private scheduled = false;
  /** A published batch waits for its mark-as-sent commit; no poll until then. */
  private marking = false;
  private readonly pollIntervalTicks: number;
  private readonly batchSize: number;

  constructor(
    private readonly svc: ServiceRuntime,
    private readonly world: World,
    private readonly host: RelayHost,
  ) {
    this.pollIntervalTicks = svc.spec.outbox?.pollIntervalTicks ?? RELAY_DEFAULTS.pollIntervalTicks;
    this.batchSize = svc.spec.outbox?.batchSize ?? RELAY_DEFAULTS.batchSize;
  }

  /** Make sure a poll is coming if there is anything to relay. */
  kick(): void {
    if (this.scheduled || this.marking || !this.svc.up || this.svc.db.keys(OUTBOX_TABLE).length === 0) return;
    this.scheduled = true;
    const incarnation = this.svc.incarnation;
    const now = this.world.now();
    const due = (Math.floor(now / this.pollIntervalTicks) + 1) * this.pollIntervalTicks;
    this.world.at(due, () => {
      this.scheduled = false;
      if (this.svc.up && this.svc.incarnation === incarnation) this.poll();
      else this.kick();
    });
  }

  private poll(): void {
    const keys = this.svc.db.keys(OUTBOX_TABLE).slice(0, this.batchSize);
    const incarnation = this.svc.incarnation;
    // Broker unreachable part-way: the rows already sent are marked like a full batch (a relay
    // that forgot them would send them again on every poll), the rest wait for the next poll.
    const sent: string[] = [];
    for (const key of keys) {
      const row = this.svc.db.get(OUTBOX_TABLE, key) as unknown as OutboxRow;
      if (!publishRow(this.host, row, this.world.now())) break;
      sent.push(key);
    }
    if (sent.length === 0) return this.retryLater();
    const blocked = sent.length < keys.length;
    const pseudo = this.relayInvocation();
    if (this.host.crashPoint(pseudo, 'relay-after-publish-before-mark')) return;
    this.marking = true;
    this.world.at(this.world.now() + RELAY_DEFAULTS.markDelayTicks, () => {
      this.marking = false;
      if (!this.svc.up || this.svc.incarnation !== incarnation) return this.kick();
      const tx = this.svc.db.begin();
      for (const key of sent) tx.delete(OUTBOX_TABLE, key);
      try {
        this.host.checkCommit(this.svc.name);
      } catch {
        // Database down: the batch stays unmarked and is published again on the next poll.
        return this.retryLater();
      }
      const writes = this.svc.db.commit(tx);
      this.world.record({ kind: 'db.committed', actor: this.svc.name, data: { service: this.svc.name, writes }, text: 'outbox relay marked its batch as sent' });
      for (const key of sent) {
        this.world.record({ kind: 'outbox.relayed', actor: this.svc.name, messageId: key, data: { service: this.svc.name, outboxId: key } });
      }
      if (blocked) this.retryLater();
      else this.kick();
    });
  }

  private retryLater(): void {
    this.scheduled = true;
    const incarnation = this.svc.incarnation;
    this.world.at(this.world.now() + this.pollIntervalTicks, () => {
      this.scheduled = false;
      if (this.svc.up && this.svc.incarnation === incarnation) this.poll();
      else this.kick();
    });
  }

  /** The relay is not a handler, but crash points speak of invocations; describe it as one. */
  private relayInvocation(): Invocation {
    return relayInvocation(this.svc, this.world.now());
  }
}

/** A relay described as an invocation, so crash-point faults can name it ("outbox-relay"). */
export function relayInvocation(svc: ServiceRuntime, now: number): Invocation {
  return {
    service: svc,
    handler: { spec: { name: 'outbox-relay', code: { builtin: 'outbox-relay' } }, fn: () => undefined },
    message: { id: '', type: 'outbox-relay', kind: 'request', body: null, headers: {}, correlationId: '', causationId: null, traceparent: '', broker: {} },
    attempt: 1, startedTick: now, workTicks: 0, alive: true, liveSlot: -1, committedTicks: null, openTransactions: 0, pendingTransactions: null,
  };
}
