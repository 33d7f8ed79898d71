// Structured logs: the trace read as the log lines services would have written — tick, service,
// correlation id, message id, attempt, text — so learners can practise the everyday skill of
// following one correlation id through several services. Lines are built incrementally (the
// trace arrives in batches) and filtered by correlation id, message id or free text; the page
// keeps only an index of them (`LogIndex`) and builds the lines it shows.

import type { TraceEvent } from '../engine/trace/types';
import { describeEvent } from './why';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogLine {
  seq: number;
  tick: number;
  service: string;
  correlationId?: string;
  messageId?: string;
  attempt?: number;
  level: LogLevel;
  text: string;
}

const LOGGED = new Set<string>([
  'request.received', 'request.refused', 'handler.started', 'handler.completed', 'handler.failed', 'handler.logged',
  'message.published', 'message.dead-lettered', 'retry.scheduled', 'redelivery.scheduled', 'inbox.duplicate-skipped',
  'outbox.relayed', 'fault.injected', 'service.crashed', 'service.restarted', 'message.lock-expired', 'message.unroutable',
  'message.dropped', 'circuit.changed', 'saga.step-completed', 'saga.compensated', 'check.failed',
]);

const ERRORS = new Set<string>(['handler.failed', 'message.dead-lettered', 'service.crashed', 'message.unroutable', 'message.dropped', 'request.refused', 'check.failed']);
const WARNINGS = new Set<string>(['retry.scheduled', 'redelivery.scheduled', 'fault.injected', 'message.lock-expired', 'inbox.duplicate-skipped', 'circuit.changed']);

/**
 * A handler line's attempt counts every time that handler took up the message: in-process
 * retries and redeliveries alike (the engine starts each new delivery at its own attempt 1,
 * which would make a redelivery look like a first try). Fed every event in trace order.
 */
class AttemptCounter {
  /** Attempts so far per "service handler message". */
  private readonly attemptsByMessage = new Map<string, number>();
  /** The attempt now running per "service handler delivery-or-message". */
  private readonly current = new Map<string, number>();

  /** The attempt event `e` belongs to (handler events only). */
  attemptOf(e: TraceEvent): number | undefined {
    if (e.kind !== 'handler.started' && e.kind !== 'handler.completed' && e.kind !== 'handler.failed' && e.kind !== 'handler.logged') return undefined;
    const who = `${e.data.service} ${e.data.handler}`;
    const running = `${who} ${e.deliveryId ?? e.messageId ?? ''}`;
    if (e.kind === 'handler.started') {
      const byMessage = `${who} ${e.messageId ?? e.deliveryId ?? e.seq}`;
      const n = (this.attemptsByMessage.get(byMessage) ?? 0) + 1;
      this.attemptsByMessage.set(byMessage, n);
      this.current.set(running, n);
      return n;
    }
    return this.current.get(running);
  }
}

/** Whether an event of this kind is a log line. */
export const isLogged = (kind: string): boolean => LOGGED.has(kind);

/** The log line of a logged event, with its attempt (see AttemptCounter). */
export function logLineOf(e: TraceEvent, attempt: number | undefined): LogLine {
  const service = 'service' in e.data && typeof e.data.service === 'string' ? e.data.service : e.actor;
  const text = e.kind === 'handler.logged' ? e.data.text : describeEvent(e);
  return {
    seq: e.seq, tick: e.tick, service,
    ...(e.correlationId ? { correlationId: e.correlationId } : {}),
    ...(e.messageId ? { messageId: e.messageId } : {}),
    ...(attempt !== undefined ? { attempt } : {}),
    level: ERRORS.has(e.kind) ? 'error' : WARNINGS.has(e.kind) ? 'warn' : 'info',
    text,
  };
}

/** Turns trace events into log lines as they arrive. */
export class LogBuilder {
  readonly lines: LogLine[] = [];
  private readonly attempts = new AttemptCounter();

  add(events: readonly TraceEvent[]): this {
    for (const e of events) {
      const attempt = this.attempts.attemptOf(e);
      if (LOGGED.has(e.kind)) this.lines.push(logLineOf(e, attempt));
    }
    return this;
  }
}

/**
 * The log of a long run as the page keeps it: which events are lines (their seq) and their
 * attempts, in two growing typed arrays, a few bytes a line. A line's text and fields are built
 * from its event when it is shown (`logLineOf`), so the page holds no string per line.
 */
export class LogIndex {
  #seqs = new Int32Array(1024);
  /** 0: no attempt. */
  #attempts = new Int32Array(1024);
  #length = 0;
  private readonly counter = new AttemptCounter();

  get length(): number {
    return this.#length;
  }

  add(events: readonly TraceEvent[]): this {
    for (const e of events) {
      const attempt = this.counter.attemptOf(e);
      if (!LOGGED.has(e.kind)) continue;
      if (this.#length === this.#seqs.length) {
        const seqs = new Int32Array(this.#length * 2);
        seqs.set(this.#seqs);
        this.#seqs = seqs;
        const attempts = new Int32Array(this.#length * 2);
        attempts.set(this.#attempts);
        this.#attempts = attempts;
      }
      this.#seqs[this.#length] = e.seq;
      this.#attempts[this.#length] = attempt ?? 0;
      this.#length++;
    }
    return this;
  }

  /** The seq of line i. */
  seqAt(i: number): number {
    return this.#seqs[i]!;
  }

  /** The attempt of line i, if it is a handler's. */
  attemptAt(i: number): number | undefined {
    return this.#attempts[i] || undefined;
  }

  /** Line i, built from its event (`eventAt(seq)`). */
  line(i: number, eventAt: (seq: number) => TraceEvent): LogLine {
    return logLineOf(eventAt(this.#seqs[i]!), this.attemptAt(i));
  }

  /** How many lines lie before trace position `position`. */
  before(position: number): number {
    let lo = 0;
    let hi = this.#length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#seqs[mid]! < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export function logLines(trace: readonly TraceEvent[]): LogLine[] {
  return new LogBuilder().add(trace).lines;
}

/** A filter as typed: an exact correlation or message id (`c-3`, `m-17`), or else text. */
export function logQuery(query: string): { q: string; idOnly: boolean } {
  const q = query.trim().toLowerCase();
  return { q, idOnly: /^[a-z]-\d+$/.test(q) };
}

/** Whether a line matches a query (`logQuery`): its ids exactly, or its service or text containing it. */
export function lineMatches(line: LogLine, { q, idOnly }: { q: string; idOnly: boolean }): boolean {
  return !q || line.correlationId?.toLowerCase() === q || line.messageId?.toLowerCase() === q || (!idOnly && (line.text.toLowerCase().includes(q) || line.service.toLowerCase().includes(q)));
}

/**
 * Lines before trace position `position` matching `query`: an exact correlation or message id
 * (`c-3`, `m-17`), or else text contained in the service or the line.
 */
export function filterLogs(lines: readonly LogLine[], query: string, position = Number.POSITIVE_INFINITY): LogLine[] {
  const parsed = logQuery(query);
  const out: LogLine[] = [];
  for (const line of lines) {
    if (line.seq >= position) break;
    if (lineMatches(line, parsed)) out.push(line);
  }
  return out;
}

/** How many of `lines` (in trace order) lie before trace position `position`. */
export function linesBefore(lines: readonly LogLine[], position: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid]!.seq < position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
