// "Why" chains: short causal stories told from the trace alone, for check explanations and the
// inspector ("lock expired at 61,000 → redelivered → no inbox → stock-reserved twice for
// order-17"). Links follow the ids every event carries: messageId (a message's publishes,
// deliveries, failures), deliveryId (one hand-over and its fate) and causationId (the message
// whose handling published this one). Pure functions over an index built once per trace.

import type { TraceEvent } from '../trace/types';
import { eventsOf, eventsWith } from './trace-source';

export interface Link {
  seq: number;
  text: string;
}

/** 61000 → "61,000" (locale-independent, so explanations are the same everywhere). */
export function formatTicks(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * What the "why" stories look up: a message's events, its first publish (or request), the
 * crashes. Built from the trace's indexes (trace-source.ts) when first asked, so a long trace
 * whose checks pass never builds it.
 */
export class TraceIndex {
  private crashList: TraceEvent[] | null = null;
  private readonly firsts = new Map<string, TraceEvent | null>();
  /** A message's first publish or request, by message id. */
  readonly published = { get: (messageId: string): TraceEvent | undefined => this.publishedOf(messageId) };

  constructor(readonly trace: readonly TraceEvent[]) {}

  get crashes(): TraceEvent[] {
    return (this.crashList ??= eventsOf(this.trace, ['service.crashed']));
  }

  events(messageId: string | undefined): TraceEvent[] {
    return messageId ? eventsWith(this.trace, 'messageId', messageId) : [];
  }

  private publishedOf(messageId: string): TraceEvent | undefined {
    let first = this.firsts.get(messageId);
    if (first === undefined) {
      first = this.events(messageId).find((e) => e.kind === 'message.published' || e.kind === 'request.received') ?? null;
      this.firsts.set(messageId, first);
    }
    return first ?? undefined;
  }

  at(seq: number): TraceEvent | undefined {
    return this.trace[seq]?.seq === seq ? this.trace[seq] : this.trace.find((e) => e.seq === seq);
  }
}

const cache = new WeakMap<readonly TraceEvent[], TraceIndex>();
export function indexTrace(trace: readonly TraceEvent[]): TraceIndex {
  let idx = cache.get(trace);
  if (!idx) cache.set(trace, (idx = new TraceIndex(trace)));
  return idx;
}

/** A message's type as published ("OrderPlaced"), or its id when unknown. */
export function typeOf(idx: TraceIndex, messageId: string | undefined): string {
  const p = messageId ? idx.published.get(messageId) : undefined;
  if (p?.kind === 'message.published') return p.data.type;
  if (p?.kind === 'request.received') return `request ${p.data.handler}`;
  return messageId ?? '?';
}

/**
 * What happened to `messageId` strictly between seq `from` and `to` that made it be handled
 * again: lock expiries, failures, crashes of the services involved, injected duplicates,
 * re-publishes by a relay or a redelivery, redrives, refused acks, redeliveries.
 */
export function whyAgain(idx: TraceIndex, messageId: string, from: number, to: number): Link[] {
  const links: Link[] = [];
  const services = new Set<string>();
  const consumersSeen = new Set<string>();
  for (const e of idx.events(messageId)) {
    if (e.kind === 'handler.started' || e.kind === 'message.published') services.add(e.actor);
    const firstToConsumer = e.kind === 'message.delivered' && !consumersSeen.has(`${e.actor}|${e.data.consumer}`);
    if (e.kind === 'message.delivered') consumersSeen.add(`${e.actor}|${e.data.consumer}`);
    if (e.seq <= from || e.seq >= to) continue;
    const at = formatTicks(e.tick);
    switch (e.kind) {
      case 'message.lock-expired': links.push({ seq: e.seq, text: `lock expired at ${at}` }); break;
      case 'handler.failed': links.push({ seq: e.seq, text: `${e.data.handler} failed at ${at} (${e.data.error})` }); break;
      case 'fault.injected': links.push({ seq: e.seq, text: e.text ?? `fault ${e.data.fault} at ${at}` }); break;
      case 'message.redriven': links.push({ seq: e.seq, text: `redriven from ${e.data.from} at ${at}` }); break;
      case 'message.settle-failed': links.push({ seq: e.seq, text: `ack refused at ${at} (${e.data.reason})` }); break;
      case 'message.published':
        if (e.data.via !== 'direct') links.push({ seq: e.seq, text: `published again at ${at} by the ${e.data.via === 'outbox' ? 'outbox relay' : e.data.via}` });
        break;
      case 'message.delivered': {
        // A first delivery is not a cause; a redelivery is (by the broker's counter, or, for
        // brokers without one, a second hand-over to the same consumer).
        const n = e.data.props.deliveryCount;
        if (typeof n === 'number' ? n > 1 : !firstToConsumer) links.push({ seq: e.seq, text: `redelivered at ${at}${typeof n === 'number' ? ` (delivery ${n})` : ''}` });
        break;
      }
    }
  }
  for (const c of idx.crashes) {
    if (c.seq > from && c.seq < to && c.kind === 'service.crashed' && services.has(c.data.service)) links.push({ seq: c.seq, text: `${c.data.service} crashed at ${formatTicks(c.tick)}` });
  }
  links.sort((a, b) => a.seq - b.seq);
  return compact(links);
}

/** Where a message came from: its publish, and the handling of the message that caused it. */
export function origin(idx: TraceIndex, messageId: string | undefined, depth = 3): Link[] {
  const links: Link[] = [];
  let id = messageId;
  for (let i = 0; i < depth && id; i++) {
    const p = idx.published.get(id);
    if (!p) break;
    if (p.kind === 'message.published') {
      links.unshift({ seq: p.seq, text: `${p.actor} published ${p.data.type} ${id} at ${formatTicks(p.tick)}${p.data.via === 'direct' ? '' : ` via ${p.data.via}`}` });
    } else links.unshift({ seq: p.seq, text: `request ${id} at ${formatTicks(p.tick)}` });
    id = p.causationId;
  }
  return links;
}

/** Joins links and a conclusion into one line: "a → b → conclusion". */
export function chain(links: Link[], conclusion: string): string {
  return [...compact(links).map((l) => l.text), conclusion].join(' → ');
}

export function refsOf(links: Link[], ...more: number[]): number[] {
  return [...new Set([...links.map((l) => l.seq), ...more])].sort((a, b) => a - b);
}

function compact(links: Link[]): Link[] {
  const out: Link[] = [];
  for (const l of links) if (out.length === 0 || out[out.length - 1].text !== l.text) out.push(l);
  return out.length > 8 ? [...out.slice(0, 4), { seq: out[4].seq, text: '…' }, ...out.slice(-3)] : out;
}
