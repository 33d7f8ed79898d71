// Sequence-diagram layout: a pure projection from the trace to lifelines, arrows and notes with
// their coordinates. It follows mermaid's visual grammar — participants on top, dashed
// lifelines, solid arrows for commands and dashed arrows for events — so our live SVG and
// mermaid exports read the same. Failures and dead-letters are told apart by colour *and* a
// marker (✗ head, ☠ label), never by colour alone. Being data, the layout is unit-tested and
// can be rendered by the UI or exported as SVG text alike.

import type { TraceEvent, TraceEventOf } from '../engine/trace/types';

export type LifelineKind = 'service' | 'entity';
/** What an arrow or note means, for colour and marker. */
export type Tone = 'normal' | 'dead-letter' | 'failure' | 'retry' | 'skipped';

export interface Lifeline {
  name: string;
  kind: LifelineKind;
  x: number;
}

export interface Arrow {
  /** The trace event this arrow draws, for highlighting and inspection. */
  seq: number;
  tick: number;
  kind: 'message.published' | 'message.routed' | 'message.delivered' | 'message.dead-lettered';
  from: string;
  to: string;
  fromX: number;
  toX: number;
  y: number;
  label: string;
  /** A second, smaller line under the arrow (e.g. the dead-letter reason). */
  detail?: string;
  /** Mermaid grammar: solid for commands, dashed for events. */
  line: 'solid' | 'dashed';
  head: 'arrow' | 'cross';
  tone: Tone;
  messageId?: string;
}

export interface Note {
  seq: number;
  tick: number;
  lifeline: string;
  x: number;
  y: number;
  text: string;
  tone: Tone;
}

export interface SequenceLayout {
  lifelines: Lifeline[];
  arrows: Arrow[];
  notes: Note[];
  width: number;
  height: number;
  /** Y of the participant boxes' lower edge, where lifelines start. */
  headerHeight: number;
  /** Rows drawn; a row holds one arrow or note. */
  rowCount: number;
  /** True when the trace had more drawable events than `rowsMax`. */
  truncated: boolean;
}

export interface SequenceLayoutOptions {
  /** Service names known from the scenario: they are lifelines of kind 'service'. */
  services?: readonly string[];
  columnWidth?: number;
  rowHeight?: number;
  marginX?: number;
  headerHeight?: number;
  rowsMax?: number;
}

const defaults = { columnWidth: 150, rowHeight: 34, marginX: 90, headerHeight: 52, rowsMax: 5_000 };

type Row =
  | { type: 'arrow'; event: TraceEvent; arrow: Omit<Arrow, 'fromX' | 'toX' | 'y'> }
  | { type: 'note'; event: TraceEvent; note: Omit<Note, 'x' | 'y'> };

/** Which service ran each delivery, from the handler events that name both. */
function servicesByDelivery(trace: readonly TraceEvent[]): Map<string, string> {
  const byDelivery = new Map<string, string>();
  for (const event of trace) {
    if (event.kind === 'handler.started' && event.deliveryId) byDelivery.set(event.deliveryId, event.data.service);
  }
  return byDelivery;
}

/** A consumer id names its service, e.g. "Inventory/ReserveStock" or "Inventory#1". */
function serviceOfConsumer(consumer: string, services: ReadonlySet<string>): string {
  if (services.has(consumer)) return consumer;
  for (const service of services) {
    if (consumer.startsWith(service) && /^[/:#.@-]/.test(consumer.slice(service.length))) return service;
  }
  return consumer.split(/[/:#@]/)[0] ?? consumer;
}

function deliveryCountOf(event: TraceEventOf<'message.delivered'>): number | undefined {
  const props = event.data.props;
  const count = props.deliveryCount ?? props.DeliveryCount ?? props.attempt;
  return typeof count === 'number' ? count : undefined;
}

function collectRows(trace: readonly TraceEvent[], knownServices: readonly string[]): { rows: Row[]; services: Set<string> } {
  const services = new Set(knownServices);
  for (const event of trace) {
    if (event.kind === 'message.published') services.add(event.actor);
    if (event.kind.startsWith('handler.') && 'service' in event.data) services.add(event.data.service);
  }
  const byDelivery = servicesByDelivery(trace);
  const typeOf = new Map<string, { type: string; line: Arrow['line']; destination: string }>();
  const rows: Row[] = [];
  const message = (event: TraceEvent) => (event.messageId ? typeOf.get(event.messageId) : undefined);
  for (const event of trace) {
    const known = message(event);
    const label = known?.type ?? event.messageId ?? '?';
    const line = known?.line ?? 'dashed';
    const base = { seq: event.seq, tick: event.tick, ...(event.messageId ? { messageId: event.messageId } : {}) };
    switch (event.kind) {
      case 'message.published': {
        const published = { type: event.data.type, line: event.data.messageKind === 'command' ? 'solid' : 'dashed', destination: event.data.destination } as const;
        if (event.messageId) typeOf.set(event.messageId, published);
        rows.push({ type: 'arrow', event, arrow: { ...base, kind: event.kind, from: event.actor, to: event.data.destination, label: event.data.type, line: published.line, head: 'arrow', tone: 'normal' } });
        break;
      }
      case 'message.routed':
        if (known && event.data.entity !== known.destination) {
          rows.push({ type: 'arrow', event, arrow: { ...base, kind: event.kind, from: known.destination, to: event.data.entity, label, line, head: 'arrow', tone: 'normal' } });
        }
        break;
      case 'message.delivered': {
        const service = (event.deliveryId && byDelivery.get(event.deliveryId)) || serviceOfConsumer(event.data.consumer, services);
        const count = deliveryCountOf(event);
        const suffix = count !== undefined && count > 1 ? ` #${count}` : '';
        rows.push({ type: 'arrow', event, arrow: { ...base, kind: event.kind, from: event.data.entity, to: service, label: label + suffix, line, head: 'arrow', tone: count !== undefined && count > 1 ? 'retry' : 'normal' } });
        break;
      }
      case 'message.dead-lettered':
        rows.push({ type: 'arrow', event, arrow: { ...base, kind: event.kind, from: event.data.entity, to: event.data.dlq, label: `☠ ${label}`, detail: event.data.reason, line, head: 'cross', tone: 'dead-letter' } });
        break;
      case 'handler.failed':
        rows.push({ type: 'note', event, note: { seq: event.seq, tick: event.tick, lifeline: event.data.service, text: `✗ ${event.data.handler}: ${event.data.error}`, tone: 'failure' } });
        break;
      case 'service.crashed':
        rows.push({ type: 'note', event, note: { seq: event.seq, tick: event.tick, lifeline: event.data.service, text: '⚡ crashed', tone: 'failure' } });
        break;
      case 'service.restarted':
        rows.push({ type: 'note', event, note: { seq: event.seq, tick: event.tick, lifeline: event.data.service, text: '↻ restarted', tone: 'retry' } });
        break;
      case 'retry.scheduled':
        rows.push({ type: 'note', event, note: { seq: event.seq, tick: event.tick, lifeline: event.data.service, text: `↻ retry ${event.data.attempt} in ${event.data.delayTicks} ms`, tone: 'retry' } });
        break;
      case 'inbox.duplicate-skipped':
        rows.push({ type: 'note', event, note: { seq: event.seq, tick: event.tick, lifeline: event.data.service, text: `⧉ duplicate ${label} skipped`, tone: 'skipped' } });
        break;
      case 'message.unroutable':
        rows.push({ type: 'note', event, note: { seq: event.seq, tick: event.tick, lifeline: event.data.destination, text: `✗ ${label} unroutable`, tone: 'failure' } });
        break;
      case 'message.dropped':
        rows.push({ type: 'note', event, note: { seq: event.seq, tick: event.tick, lifeline: event.data.entity, text: `✗ ${label} dropped: ${event.data.reason}`, tone: 'failure' } });
        break;
      case 'message.expired':
        rows.push({ type: 'note', event, note: { seq: event.seq, tick: event.tick, lifeline: event.data.entity, text: `✗ ${label} expired`, tone: 'failure' } });
        break;
      default:
        break;
    }
  }
  return { rows, services };
}

/** Lifelines in order of first appearance, as mermaid orders implicit participants. */
function orderLifelines(rows: readonly Row[]): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const add = (name: string) => { if (!seen.has(name)) { seen.add(name); order.push(name); } };
  for (const row of rows) {
    if (row.type === 'arrow') { add(row.arrow.from); add(row.arrow.to); } else add(row.note.lifeline);
  }
  return order;
}

export function layoutSequence(trace: readonly TraceEvent[], options: SequenceLayoutOptions = {}): SequenceLayout {
  const { columnWidth, rowHeight, marginX, headerHeight, rowsMax } = { ...defaults, ...options };
  const { rows: allRows, services } = collectRows(trace, options.services ?? []);
  const rows = allRows.slice(0, rowsMax);
  const names = orderLifelines(rows);
  const xOf = new Map(names.map((name, i) => [name, marginX + i * columnWidth]));
  const lifelines: Lifeline[] = names.map((name) => ({ name, kind: services.has(name) ? 'service' : 'entity', x: xOf.get(name) ?? 0 }));
  const yOfRow = (row: number) => headerHeight + rowHeight * (row + 1);
  const arrows: Arrow[] = [];
  const notes: Note[] = [];
  rows.forEach((row, index) => {
    const y = yOfRow(index);
    if (row.type === 'arrow') {
      arrows.push({ ...row.arrow, fromX: xOf.get(row.arrow.from) ?? 0, toX: xOf.get(row.arrow.to) ?? 0, y });
    } else {
      notes.push({ ...row.note, x: xOf.get(row.note.lifeline) ?? 0, y });
    }
  });
  const columns = Math.max(names.length, 1);
  return {
    lifelines,
    arrows,
    notes,
    width: marginX * 2 + (columns - 1) * columnWidth,
    height: yOfRow(rows.length) + rowHeight,
    headerHeight,
    rowCount: rows.length,
    truncated: allRows.length > rows.length,
  };
}
