// The transactional outbox with a log-tailing relay (change data capture, like Debezium's
// outbox event router). Instead of polling the outbox table, the relay follows the database's
// commit log: every committed outbox row is published `lagTicks` after its commit, in commit
// order, and the rows stay (the log keeps them; cleanup is not the relay's business). The
// relay remembers how far it has read; that position lives in memory and is checkpointed to
// the database `checkpointDelayTicks` after each batch. A crash before the checkpoint makes
// the restarted relay re-read from the last checkpoint and publish those messages again: log
// tailing is lower-latency than polling but, as the reference says, "tricky to avoid duplicate
// publishing" — still at-least-once, consumers still need an inbox.

import type { World } from '../../world';
import type { ServiceRuntime } from '../../services/invocation';
import { OUTBOX_TABLE } from '../../handlers/context';
import { publishRow, relayInvocation, type OutboxRow, type Relay, type RelayHost } from '../../services/outbox-relay';

export const LOG_TAILING_DEFAULTS = { lagTicks: 20, checkpointDelayTicks: 100 };
export const RELAY_OFFSET_TABLE = 'relay-offset';

export class LogTailingRelay implements Relay {
  private readonly lagTicks: number;
  private readonly checkpointDelayTicks: number;
  /** Rows of the log already published, as this incarnation remembers it. */
  private position = 0;
  private incarnationSeen = -1;
  private tailScheduled = false;
  private checkpointScheduled = false;

  constructor(
    private readonly svc: ServiceRuntime,
    private readonly world: World,
    private readonly host: RelayHost,
  ) {
    const o = (svc.spec.outbox ?? {}) as { lagTicks?: number; checkpointDelayTicks?: number };
    this.lagTicks = o.lagTicks ?? LOG_TAILING_DEFAULTS.lagTicks;
    this.checkpointDelayTicks = o.checkpointDelayTicks ?? LOG_TAILING_DEFAULTS.checkpointDelayTicks;
  }

  private checkpointed(): number {
    return (this.svc.db.get(RELAY_OFFSET_TABLE, 'position') as { rows?: number } | undefined)?.rows ?? 0;
  }

  /** After a restart, memory is gone: resume from the last checkpoint. */
  private sync(): void {
    if (this.incarnationSeen === this.svc.incarnation) return;
    this.incarnationSeen = this.svc.incarnation;
    this.position = this.checkpointed();
    this.tailScheduled = false;
    this.checkpointScheduled = false;
  }

  kick(): void {
    if (!this.svc.up) return;
    this.sync();
    if (this.tailScheduled || this.position >= this.svc.db.keys(OUTBOX_TABLE).length) return;
    this.tailScheduled = true;
    const incarnation = this.svc.incarnation;
    this.world.at(this.world.now() + this.lagTicks, () => {
      if (!this.svc.up || this.svc.incarnation !== incarnation) return;
      this.tailScheduled = false;
      this.tail();
    });
  }

  private tail(): void {
    const keys = this.svc.db.keys(OUTBOX_TABLE);
    while (this.position < keys.length) {
      const row = this.svc.db.get(OUTBOX_TABLE, keys[this.position]) as unknown as OutboxRow;
      if (!publishRow(this.host, row, this.world.now())) {
        this.world.at(this.world.now() + this.checkpointDelayTicks, () => this.kick());
        return;
      }
      this.position++;
    }
    this.scheduleCheckpoint();
  }

  private scheduleCheckpoint(): void {
    if (this.checkpointScheduled) return;
    this.checkpointScheduled = true;
    const incarnation = this.svc.incarnation;
    this.world.at(this.world.now() + this.checkpointDelayTicks, () => {
      if (!this.svc.up || this.svc.incarnation !== incarnation) return;
      this.checkpointScheduled = false;
      if (this.host.crashPoint(relayInvocation(this.svc, this.world.now()), 'relay-after-publish-before-mark')) return;
      try {
        this.host.checkCommit(this.svc.name);
      } catch {
        return this.scheduleCheckpoint();
      }
      const tx = this.svc.db.begin();
      tx.put(RELAY_OFFSET_TABLE, 'position', { rows: this.position });
      const writes = this.svc.db.commit(tx);
      this.world.record({
        kind: 'db.committed', actor: this.svc.name, data: { service: this.svc.name, writes },
        text: `log-tailing relay checkpointed its position: ${this.position} outbox rows published`,
      });
      this.kick();
    });
  }
}
