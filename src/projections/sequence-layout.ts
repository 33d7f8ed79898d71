// Sequence-diagram layout: a pure projection from the trace to lifelines, rows (arrows and
// notes) and activations, with coordinates. It follows mermaid's visual grammar — participants
// on top, dashed lifelines, solid arrows for commands, dashed arrows for events, activation bars
// while a handler runs — so our live SVG and mermaid exports read the same. Replies, retries,
// dead-letters, failures and faults are told apart by colour *and* a glyph or arrow head, never
// by colour alone.
//
// The layout is built incrementally (`SequenceLayoutBuilder.add(events)`), because the playground
// receives the trace in batches and must not redo 100,000 events per batch; `layoutSequence`
// is the same thing as one pure call. Row i always sits at the same y and lifelines only ever
// append on the right, so what was drawn never moves as the run grows.

import type { TraceEvent, TraceEventOf } from '../engine/trace/types';

import { TONES, LAYOUT_DEFAULTS, BROKER_LIFELINE, type LifelineKind, type Tone, type Lifeline, type Arrow, type Note, type Row, type Activation, type SequenceLayout, type SequenceLayoutOptions } from './sequence-layout-types';
export { TONES, LAYOUT_DEFAULTS, BROKER_LIFELINE } from './sequence-layout-types';
export type { LifelineKind, Tone, Lifeline, Arrow, Note, Row, Activation, SequenceLayout, SequenceLayoutOptions } from './sequence-layout-types';
import { RoutingHops } from './sequence-routing';
export { routedBindings } from './sequence-routing';
import { brokerNote } from './sequence-broker-notes';
import { noteRightExtent } from './note-geometry';
import { RowColumns } from './sequence-rows';
export { rowsBefore } from './sequence-rows';

interface Published {
  type: string;
  line: Arrow['line'];
  destination: string;
  reply: boolean;
}

type Draft = Omit<Arrow, 'fromX' | 'toX' | 'y' | 'row' | 'type'> | Omit<Note, 'x' | 'y' | 'row' | 'type'>;

/** A consumer id names its service, e.g. "Inventory", "Inventory/ReserveStock" or "Inventory#1". */
export function serviceOfConsumer(consumer: string, services: Iterable<string>): string | undefined {
  for (const service of services) {
    if (consumer === service) return service;
    if (consumer.startsWith(service) && /^[/:#.@-]/.test(consumer.slice(service.length))) return service;
  }
  return undefined;
}

function deliveryCountOf(event: TraceEventOf<'message.delivered'>): number | undefined {
  const props = event.data.props;
  const count = props.deliveryCount ?? props.DeliveryCount ?? props.attempt ?? props['x-delivery-count'];
  return typeof count === 'number' ? count : undefined;
}

function isReply(headers: Record<string, unknown>): boolean {
  return 'inReplyTo' in headers || 'replyToMessageId' in headers || headers.messageRole === 'reply';
}

function commitText(e: TraceEventOf<'db.committed'>): string {
  const writes = e.data.writes;
  const first = writes[0];
  if (!first) return '✓ commit';
  const more = writes.length > 1 ? ` +${writes.length - 1}` : '';
  return `✓ commit ${first.table}/${first.key}${more}`;
}

/** Builds the layout as trace events arrive; `snapshot()` is the layout so far. */
export class SequenceLayoutBuilder {
  readonly options: typeof LAYOUT_DEFAULTS;
  readonly groupEntities: boolean;
  readonly lifelines: Lifeline[] = [];
  /** Rows as columns (sequence-rows.ts); `rows` builds each row object when it is read. */
  private readonly store: RowColumns;
  readonly rows: Row[];
  readonly activations: Activation[] = [];
  truncated = false;
  /** The right edge a note needs where it cannot sit left of its lifeline (note-geometry.ts). */
  private notesRightMax = 0;
  private readonly xOf = new Map<string, number>();
  private readonly indexOfLifeline = new Map<string, number>();
  private readonly services: Set<string>;
  /** External systems, known from the calls made to them (`call.started` with `external`). */
  private readonly externals = new Set<string>();
  private readonly published = new Map<string, Published>();
  /** A RabbitMQ exchange's routing of the message just published (sequence-routing.ts). */
  private readonly routing = new RoutingHops();
  /** Delivery arrows (row indices) whose consumer id names no known service yet, by delivery id. */
  private readonly pending = new Map<string, number>();
  private readonly open = new Map<string, Activation>();
  private readonly openCount = new Map<string, number>();

  constructor(options: SequenceLayoutOptions = {}) {
    const { services, groupEntities, ...rest } = options;
    this.groupEntities = groupEntities === true;
    this.options = { ...LAYOUT_DEFAULTS, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) };
    this.services = new Set(services ?? []);
    this.store = new RowColumns(this.lifelines, (name) => this.indexOfLifeline.get(name)!, (row) => this.rowY(row));
    this.rows = this.store.rows;
  }

  /** Number of rows whose event lies before trace position `position` (as `rowsBefore`, without building rows). */
  rowsBefore(position: number): number {
    let lo = 0;
    let hi = this.store.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.store.seqAt(mid) < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Row `row`'s tick, read without building the row (a tick label compares it with the row before). */
  tickAt(row: number): number {
    return this.store.tickAt(row);
  }

  rowY(row: number): number {
    return this.options.headerHeight + this.options.rowHeight * (row + 1);
  }

  add(events: readonly TraceEvent[]): this {
    for (const event of events) this.addEvent(event);
    return this;
  }

  snapshot(): SequenceLayout {
    // Arrows still waiting for their consumer's service stay where they were drawn.
    this.pending.clear();
    const { columnWidth, marginX, headerHeight, rowHeight } = this.options;
    const columns = Math.max(this.lifelines.length, 1);
    const rows = [...this.rows];
    const arrows = rows.filter((r): r is Arrow => r.type === 'arrow');
    const notes = rows.filter((r): r is Note => r.type === 'note');
    return {
      lifelines: [...this.lifelines], rows, arrows, notes, activations: [...this.activations],
      width: Math.max(marginX * 2 + (columns - 1) * columnWidth, this.notesRightMax), height: this.rowY(this.rows.length) + rowHeight,
      headerHeight, rowHeight, rowCount: this.rows.length, truncated: this.truncated,
    };
  }

  get width(): number {
    return Math.max(this.options.marginX * 2 + (Math.max(this.lifelines.length, 1) - 1) * this.options.columnWidth, this.notesRightMax);
  }

  /** The lifeline a participant is drawn on: itself, or the shared broker lifeline. */
  private shown(name: string): string {
    return this.groupEntities && !this.services.has(name) && !this.externals.has(name) ? BROKER_LIFELINE : name;
  }

  private lifeline(name: string): number {
    let x = this.xOf.get(name);
    if (x === undefined) {
      x = this.options.marginX + this.lifelines.length * this.options.columnWidth;
      this.xOf.set(name, x);
      this.indexOfLifeline.set(name, this.lifelines.length);
      this.lifelines.push({ name, kind: this.services.has(name) ? 'service' : this.externals.has(name) ? 'external' : 'entity', x });
    }
    return x;
  }

  /** Adds a row; returns its index (undefined past rowsMax). */
  private push(draft: Draft): number | undefined {
    if (this.store.length >= this.options.rowsMax) {
      this.truncated = true;
      return undefined;
    }
    const row = this.store.length;
    const y = this.rowY(row);
    if (this.groupEntities) draft = 'lifeline' in draft ? { ...draft, lifeline: this.shown(draft.lifeline) } : { ...draft, from: this.shown(draft.from), to: this.shown(draft.to) };
    let placed: Row;
    if ('lifeline' in draft) {
      placed = { type: 'note', ...draft, row, y, x: this.lifeline(draft.lifeline) };
      this.notesRightMax = Math.max(this.notesRightMax, noteRightExtent(placed));
    }
    else placed = { type: 'arrow', ...draft, row, y, fromX: this.lifeline(draft.from), toX: this.xOf.get(draft.to) ?? 0 };
    if (placed.type === 'arrow') placed.toX = this.lifeline(placed.to);
    this.store.push(placed);
    return row;
  }

  /** Fixes a pending delivery arrow's consumer service once a handler event names it. */
  private place(row: number, service: string): void {
    this.lifeline(service);
    this.store.setTo(row, service);
  }

  private note(e: TraceEvent, lifeline: string, text: string, tone: Tone): void {
    this.push({ seq: e.seq, tick: e.tick, lifeline, text, tone, ...(e.messageId ? { messageId: e.messageId } : {}) });
  }

  private addEvent(e: TraceEvent): void {
    if (e.kind === 'message.published') this.services.add(e.actor);
    if ('service' in e.data && typeof e.data.service === 'string' && e.kind !== 'fault.injected') this.services.add(e.data.service);
    const known = e.messageId ? this.published.get(e.messageId) : undefined;
    const label = known?.type ?? e.messageId ?? '?';
    const line = known?.line ?? 'dashed';
    const base = { seq: e.seq, tick: e.tick, ...(e.messageId ? { messageId: e.messageId } : {}) };
    switch (e.kind) {
      case 'message.published': {
        const reply = isReply(e.data.headers);
        const p: Published = { type: e.data.type, line: e.data.messageKind === 'command' ? 'solid' : 'dashed', destination: e.data.destination, reply };
        if (e.messageId) this.published.set(e.messageId, p);
        const again = e.data.via === 'redelivery' || e.data.via === 'redrive';
        const tone: Tone = reply ? 'reply' : again ? 'retry' : 'normal';
        const glyph = reply ? '↩ ' : again ? '↻ ' : '';
        const detail = e.data.uncommitted ? 'sent before its transaction committed' : e.data.via === 'outbox' ? 'via outbox' : e.data.via === 'redrive' ? 'redriven from the DLQ' : undefined;
        const early = e.data.uncommitted === true;
        this.push({ ...base, kind: e.kind, from: e.actor, to: e.data.destination, label: (early ? '◌ ' : glyph) + e.data.type, line: p.line, head: reply ? 'open' : 'arrow', tone: early ? 'uncommitted' : tone, ...(detail ? { detail } : {}) });
        break;
      }
      case 'message.routed': {
        if (known && e.data.entity !== known.destination) {
          this.push({ ...base, kind: e.kind, from: known.destination, to: e.data.entity, label, line, head: 'arrow', tone: 'normal' });
        }
        this.routing.routed(e);
        break;
      }
      // Exchange → queue: each copy a RabbitMQ exchange routed, with the binding that matched.
      case 'message.enqueued': {
        const hop = this.routing.enqueued(e);
        if (hop) this.push({ ...base, kind: 'message.routed', from: hop.exchange, to: hop.queue, label, detail: `binding ${hop.binding}`, line, head: 'arrow', tone: 'normal' });
        break;
      }
      case 'message.redriven':
        this.push({ ...base, kind: e.kind, from: e.data.from, to: e.data.entity, label: `↻ ${label}`, detail: 'redriven', line, head: 'arrow', tone: 'retry' });
        break;
      case 'message.delivered': {
        const service = serviceOfConsumer(e.data.consumer, this.services);
        const count = deliveryCountOf(e);
        const again = count !== undefined && count > 1;
        const draft = { ...base, kind: e.kind, from: e.data.entity, to: service ?? e.data.consumer, label: again ? `↻ ${label} #${count}` : label, line, head: known?.reply ? 'open' : 'arrow', tone: again ? 'retry' : known?.reply ? 'reply' : 'normal' } as const;
        if (service || !e.deliveryId) {
          this.push(draft);
        } else {
          // Opaque consumer id: draw it now, put it on the right lifeline when the handler starts.
          const row = this.push({ ...draft, to: e.data.entity });
          if (row !== undefined) this.pending.set(e.deliveryId, row);
        }
        break;
      }
      case 'message.dead-lettered':
        this.push({ ...base, kind: e.kind, from: e.data.entity, to: e.data.dlq, label: `☠ ${label}`, detail: e.data.reason, line, head: 'cross', tone: 'dead-letter' });
        break;
      case 'handler.started': {
        const pending = e.deliveryId ? this.pending.get(e.deliveryId) : undefined;
        if (pending !== undefined && e.deliveryId) {
          this.pending.delete(e.deliveryId);
          this.place(pending, e.data.service);
        }
        this.startActivation(e);
        break;
      }
      case 'handler.completed':
        this.endActivation(e, false);
        break;
      case 'handler.failed':
        this.note(e, e.data.service, `✗ ${e.data.handler}: ${e.data.error}`, 'failure');
        this.endActivation(e, true);
        break;
      case 'fault.injected': {
        const target = this.xOf.has(e.data.target) || this.services.has(e.data.target) ? e.data.target : e.actor === 'sim' ? e.data.target : e.actor;
        this.note(e, target, `⚡ ${e.data.fault}`, 'fault');
        break;
      }
      case 'service.crashed':
        this.note(e, e.data.service, `✸ crashed${e.data.lostInvocations ? ` (${e.data.lostInvocations} running lost)` : ''}`, 'fault');
        for (const [key, activation] of this.open) {
          if (activation.lifeline === e.data.service) this.closeActivation(key, activation, e.seq, true);
        }
        break;
      case 'service.restarted':
        this.note(e, e.data.service, '↺ restarted', 'retry');
        break;
      case 'retry.scheduled':
        this.note(e, e.data.service, `↻ retry ${e.data.attempt} in ${e.data.delayTicks} ms`, 'retry');
        break;
      case 'redelivery.scheduled':
        this.note(e, e.data.service, `↻ redelivery ${e.data.redelivery} in ${e.data.delayTicks} ms`, 'retry');
        break;
      case 'message.lock-expired':
        this.note(e, e.data.entity, `◷ lock expired: ${label}`, 'retry');
        break;
      case 'inbox.duplicate-skipped':
        this.note(e, e.data.service, `⇉ duplicate ${label} skipped`, 'skipped');
        break;
      case 'message.duplicate-dropped':
        this.note(e, e.data.entity, `⇉ duplicate ${label} dropped`, 'skipped');
        break;
      // A service's own database is not a lifeline: its commits are notes on the service's.
      case 'db.committed':
        if (e.data.writes.length > 0) {
          this.note(e, e.data.service, commitText(e), 'commit');
          const owner = this.lifelines.find((l) => l.name === this.shown(e.data.service));
          if (owner && owner.kind === 'service') owner.database = true;
        }
        break;
      case 'outbox.relayed':
        this.note(e, e.data.service, `⇢ outbox relayed ${e.data.outboxId}`, 'outbox');
        break;
      case 'check.failed':
        this.note(e, e.actor, `✗ check ${e.data.check}: ${e.data.anomaly}`, 'check');
        break;
      case 'message.unroutable':
        this.note(e, e.data.destination, `✗ ${label} unroutable`, 'failure');
        break;
      case 'message.dropped':
        this.note(e, e.data.entity, `✗ ${label} dropped: ${e.data.reason}`, 'failure');
        break;
      case 'message.expired':
        this.note(e, e.data.entity, `✗ ${label} expired`, 'failure');
        break;
      case 'request.refused':
        this.note(e, e.data.service, `✗ request refused: ${e.data.reason}`, 'failure');
        break;
      case 'access.denied':
        this.note(e, e.data.service, `⊘ Unauthorized: ${e.data.right} ${e.data.entity}`, 'failure');
        break;
      // Synchronous calls: a solid arrow there, a reply (or a crossed failure) back.
      case 'call.started':
        if (e.data.external) this.externals.add(e.data.to);
        this.push({
          ...base, kind: e.kind, from: e.data.from, to: e.data.to, label: `${e.data.uncommitted ? '◌ ' : ''}call ${e.data.operation}`,
          detail: e.data.uncommitted ? 'sent before its transaction committed' : `waits ≤ ${e.data.timeoutTicks} ms`, line: 'solid', head: 'arrow', tone: e.data.uncommitted ? 'uncommitted' : 'normal',
        });
        break;
      // An external system's own record of a call: what the outside world saw.
      case 'external.called': {
        const d = e.data;
        if (d.outcome === 'applied') this.note(e, d.external, `◆ ${d.operation} ${d.key}`, 'effect');
        else if (d.outcome === 'replayed') this.note(e, d.external, `⇉ ${d.operation} ${d.key}: same key, not again`, 'skipped');
        else this.note(e, d.external, `✗ ${d.operation}: key reused`, 'failure');
        break;
      }
      case 'call.completed':
        this.push({ ...base, kind: e.kind, from: e.data.to, to: e.data.from, label: `↩ ${e.data.operation}`, detail: `${e.data.durationTicks} ms`, line: 'dashed', head: 'open', tone: 'reply' });
        break;
      case 'call.failed':
        this.push({ ...base, kind: e.kind, from: e.data.to, to: e.data.from, label: `✗ ${e.data.operation}: ${e.data.reason}`, detail: `after ${e.data.durationTicks} ms`, line: 'dashed', head: 'cross', tone: 'failure' });
        break;
      // Kafka cluster: brokers are lifelines of their own; replication, acks and failovers between them.
      case 'replica.fetched':
        this.push({ ...base, kind: e.kind, from: e.data.leader, to: e.data.broker, label: `replicate ${e.data.topic}-${e.data.partition} …${e.data.logEndOffset - 1}`, detail: `high watermark ${e.data.highWatermark}`, line: 'dashed', head: 'arrow', tone: 'normal' });
        break;
      case 'produce.acknowledged':
        this.push({ ...base, kind: e.kind, from: e.actor, to: e.data.producer, label: `↩ ack ${label} @${e.data.offset}`, detail: `acks=${e.data.acks}`, line: 'dashed', head: 'open', tone: 'reply' });
        break;
      default: {
        // The brokers' own machinery (Kafka replicas and leaders, RabbitMQ confirms and streams).
        const note = brokerNote(e, label);
        if (note) this.note(e, note.lifeline, note.text, note.tone);
        break;
      }
    }
  }

  private activationKey(e: { data: { service: string }; deliveryId?: string; messageId?: string }): string {
    return `${e.data.service} ${e.deliveryId ?? e.messageId ?? ''}`;
  }

  private startActivation(e: TraceEventOf<'handler.started'>): void {
    const lifeline = e.data.service;
    const depth = this.openCount.get(lifeline) ?? 0;
    this.openCount.set(lifeline, depth + 1);
    // It starts at the delivery arrow that brought the message, else at the next row drawn.
    const rows = this.store.length;
    const row = this.store.isDeliveryOf(rows - 1, e.messageId) ? rows - 1 : rows;
    const activation: Activation = { lifeline, x: this.lifeline(lifeline), startSeq: e.seq, endSeq: null, fromRow: row, toRow: row - 1, depth, failed: false };
    const key = this.activationKey(e);
    // A duplicate delivery can start the same key twice: keep both, the second under a suffix.
    this.open.set(this.open.has(key) ? `${key} ${e.seq}` : key, activation);
    this.activations.push(activation);
  }

  private endActivation(e: TraceEventOf<'handler.completed' | 'handler.failed'>, failed: boolean): void {
    const key = this.activationKey(e);
    const activation = this.open.get(key) ?? [...this.open.entries()].find(([k]) => k.startsWith(`${key} `))?.[1];
    if (!activation) return;
    const openKey = [...this.open.entries()].find(([, a]) => a === activation)![0];
    this.closeActivation(openKey, activation, e.seq, failed);
  }

  private closeActivation(key: string, activation: Activation, seq: number, failed: boolean): void {
    this.open.delete(key);
    activation.endSeq = seq;
    // toRow < fromRow: nothing was drawn while it ran, and there is no bar to draw.
    activation.toRow = this.store.length - 1;
    activation.failed = failed;
    this.openCount.set(activation.lifeline, Math.max(0, (this.openCount.get(activation.lifeline) ?? 1) - 1));
  }
}

export function layoutSequence(trace: readonly TraceEvent[], options: SequenceLayoutOptions = {}): SequenceLayout {
  return new SequenceLayoutBuilder(options).add(trace).snapshot();
}
