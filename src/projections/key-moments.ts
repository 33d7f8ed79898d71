// Key moments: the few events of a run worth stopping at — the crash, the duplicate, the dead
// letter, the compensation — each with a one-line caption. A scenario's guide (or a lesson
// demo) names them as matchers over the trace (trace-match.ts); faults the learner injected are
// always moments; runs nobody described get the first crash, dead letter, duplicate… found in
// the trace. The transport steps between them, presenter mode and embeds stop only there
// (`steps=key`). Found incrementally, as the trace streams in: each event is looked at once.

import type { TraceEvent } from '../engine/trace/types';
import { matchesEvent, type KeyMoment } from './trace-match';

/** A named moment with what to say about it in one line. */
export interface CaptionedMoment extends KeyMoment {
  caption: string;
}

/** A moment found in a run. */
export interface FoundMoment {
  label: string;
  caption: string;
  /** The event's own explanation, when it has one. */
  detail?: string;
  seq: number;
  tick: number;
  kind: string;
  /** Cursor position with the event applied (seq + 1). */
  position: number;
  source: 'named' | 'fault' | 'auto';
}

export interface KeyMomentOptions {
  /** Each injected fault is a moment (default true). */
  faults?: boolean;
  /** Add the first crash, dead letter, duplicate, compensation, loss… (default: only when nothing is named). */
  auto?: boolean;
}

/** Automatic moments: the first event of each kind, said plainly. */
const AUTO: readonly { kinds: readonly string[]; label: string; caption: (e: TraceEvent) => string }[] = [
  { kinds: ['service.crashed'], label: 'the crash', caption: (e) => `✸ ${String((e.data as { service?: string }).service ?? e.actor)} crashes: what it held in memory is gone.` },
  { kinds: ['handler.failed'], label: 'the first failure', caption: (e) => `✗ ${String((e.data as { handler?: string }).handler ?? 'a handler')} throws; the broker will decide what happens to the message.` },
  { kinds: ['message.lock-expired'], label: 'a lock expires', caption: () => '◷ Nobody settled the message in time: the broker hands it out again.' },
  { kinds: ['message.dead-lettered'], label: 'the first dead letter', caption: () => '☠ The broker gives up on a message and moves it to the dead-letter queue.' },
  { kinds: ['inbox.duplicate-skipped', 'message.duplicate-dropped'], label: 'the first duplicate', caption: () => '⇉ A copy arrives again and is recognised as a duplicate.' },
  { kinds: ['saga.compensated'], label: 'the first compensation', caption: () => 'A saga step is undone: the compensation runs.' },
  { kinds: ['message.dropped', 'message.unroutable', 'message.expired'], label: 'a message is lost', caption: () => '✗ A message leaves the system without being processed.' },
  { kinds: ['request.refused'], label: 'a refused request', caption: () => '✗ A caller is turned away: its request is refused.' },
];

/** Automatic moments per run at most; injected faults are at most this many too. */
export const AUTO_MOMENTS_MAX = 8;
export const FAULT_MOMENTS_MAX = 20;
/** A fault's own moment gives way to a moment this few events after it at the same tick. */
const FAULT_EFFECT_EVENTS = 5;

/** Finds the key moments of a run as its events arrive; `moments` is what was found so far, in trace order. */
export class KeyMomentFinder {
  readonly #named: readonly CaptionedMoment[];
  readonly #faults: boolean;
  readonly #auto: boolean;
  /** Message id → type, kept only when a named moment asks for a message type (long runs hold many ids). */
  readonly #types = new Map<string, string>();
  readonly #needsTypes: boolean;
  readonly #hits: number[];
  /** For nth < 0: the last |nth| hits (seqs), oldest first. */
  readonly #tail: TraceEvent[][];
  readonly #found: FoundMoment[] = [];
  readonly #autoSeen = new Set<number>();
  #faultCount = 0;
  /** With automatic moments, a run with nothing notable still has one: its first message. */
  #firstPublish: TraceEvent | undefined;
  #sorted: FoundMoment[] | null = [];

  constructor(named: readonly CaptionedMoment[] = [], options: KeyMomentOptions = {}) {
    this.#named = named;
    this.#faults = options.faults ?? true;
    this.#auto = options.auto ?? named.length === 0;
    this.#needsTypes = named.some((m) => m.match.messageType !== undefined);
    this.#hits = named.map(() => 0);
    this.#tail = named.map(() => []);
  }

  add(events: readonly TraceEvent[]): this {
    for (const e of events) this.#addEvent(e);
    return this;
  }

  #addEvent(e: TraceEvent): void {
    if (this.#needsTypes && e.kind === 'message.published' && e.messageId) this.#types.set(e.messageId, e.data.type);
    for (let i = 0; i < this.#named.length; i++) {
      const m = this.#named[i]!;
      if (!matchesEvent(e, m.match, this.#types)) continue;
      const nth = m.nth ?? 1;
      if (nth > 0) {
        if (++this.#hits[i]! === nth) this.#push(e, m.label, m.caption, 'named');
      } else {
        const tail = this.#tail[i]!;
        tail.push(e);
        if (tail.length > -nth) tail.shift();
        this.#sorted = null;
      }
    }
    if (this.#faults && e.kind === 'fault.injected' && this.#faultCount < FAULT_MOMENTS_MAX) {
      this.#faultCount++;
      this.#push(e, `⚡ ${e.data.fault}`, `⚡ The fault strikes: ${e.text ?? `${e.data.fault} on ${e.data.target}`}`, 'fault');
    }
    if (this.#auto && !this.#firstPublish && e.kind === 'message.published') {
      this.#firstPublish = e;
      this.#sorted = null;
    }
    if (this.#auto && this.#autoSeen.size < AUTO_MOMENTS_MAX) {
      const i = AUTO.findIndex((a) => a.kinds.includes(e.kind));
      if (i >= 0 && !this.#autoSeen.has(i)) {
        this.#autoSeen.add(i);
        this.#push(e, AUTO[i]!.label, AUTO[i]!.caption(e), 'auto');
      }
    }
  }

  #push(e: TraceEvent, label: string, caption: string, source: FoundMoment['source']): void {
    this.#found.push({ label, caption, ...(e.text ? { detail: e.text } : {}), seq: e.seq, tick: e.tick, kind: e.kind, position: e.seq + 1, source });
    this.#sorted = null;
  }

  /** The moments found so far, in trace order, one per event (a named moment wins over a fault or an automatic one). */
  get moments(): FoundMoment[] {
    if (this.#sorted) return this.#sorted;
    const all = [...this.#found];
    this.#named.forEach((m, i) => {
      const nth = m.nth ?? 1;
      const e = nth < 0 && this.#tail[i]!.length === -nth ? this.#tail[i]![0] : undefined;
      if (e) all.push({ label: m.label, caption: m.caption, ...(e.text ? { detail: e.text } : {}), seq: e.seq, tick: e.tick, kind: e.kind, position: e.seq + 1, source: 'named' });
    });
    const rank = { named: 0, fault: 1, auto: 2 } as const;
    all.sort((a, b) => a.seq - b.seq || rank[a.source] - rank[b.source]);
    const first = this.#firstPublish;
    if (all.length === 0 && first) all.push({ label: 'the first message', caption: `${first.actor} publishes ${first.kind === 'message.published' ? first.data.type : 'a message'}: follow it through the diagram.`, seq: first.seq, tick: first.tick, kind: first.kind, position: first.seq + 1, source: 'auto' });
    // One moment per event; and a fault whose effect is itself a moment a few events later, at
    // the same tick (the crash it causes), is told by that moment.
    this.#sorted = all.filter((m, i) => (i === 0 || all[i - 1]!.seq !== m.seq)
      && !(m.source === 'fault' && all.some((n) => n.source !== 'fault' && n.seq > m.seq && n.seq - m.seq <= FAULT_EFFECT_EVENTS && n.tick === m.tick)));
    return this.#sorted;
  }
}

/** The key moments of a whole trace (one pure call). */
export function findKeyMoments(trace: readonly TraceEvent[], named: readonly CaptionedMoment[] = [], options: KeyMomentOptions = {}): FoundMoment[] {
  return new KeyMomentFinder(named, options).add(trace).moments;
}

/** The next (+1) or previous (-1) moment from cursor `position`; undefined when there is none. */
export function adjacentMoment(moments: readonly FoundMoment[], position: number, direction: 1 | -1): FoundMoment | undefined {
  if (direction > 0) return moments.find((m) => m.position > position);
  for (let i = moments.length - 1; i >= 0; i--) if (moments[i]!.position < position) return moments[i];
  return undefined;
}

/** Index of the moment the cursor is exactly at, else -1. */
export function momentIndexAt(moments: readonly FoundMoment[], position: number): number {
  return moments.findIndex((m) => m.position === position);
}
