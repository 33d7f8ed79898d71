// Structured logs: the trace read as the log lines services would have written — tick, service,
// correlation id, message id, attempt, text — so learners can practise the everyday skill of
// following one correlation id through several services. Lines are built incrementally (the
// trace arrives in batches) and filtered by correlation id, message id or free text.

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
 * Turns trace events into log lines as they arrive. A handler line's attempt counts every time
 * that handler took up the message: in-process retries and redeliveries alike (the engine starts
 * each new delivery at its own attempt 1, which would make a redelivery look like a first try).
 */
export class LogBuilder {
  readonly lines: LogLine[] = [];
  /** Attempts so far per "service handler message". */
  private readonly attemptsByMessage = new Map<string, number>();
  /** The attempt now running per "service handler delivery-or-message". */
  private readonly current = new Map<string, number>();

  add(events: readonly TraceEvent[]): this {
    for (const e of events) this.addEvent(e);
    return this;
  }

  private addEvent(e: TraceEvent): void {
    let attempt: number | undefined;
    if (e.kind === 'handler.started' || e.kind === 'handler.completed' || e.kind === 'handler.failed' || e.kind === 'handler.logged') {
      const who = `${e.data.service} ${e.data.handler}`;
      const running = `${who} ${e.deliveryId ?? e.messageId ?? ''}`;
      if (e.kind === 'handler.started') {
        const byMessage = `${who} ${e.messageId ?? e.deliveryId ?? e.seq}`;
        const n = (this.attemptsByMessage.get(byMessage) ?? 0) + 1;
        this.attemptsByMessage.set(byMessage, n);
        this.current.set(running, n);
      }
      attempt = this.current.get(running);
    }
    if (!LOGGED.has(e.kind)) return;
    const service = 'service' in e.data && typeof e.data.service === 'string' ? e.data.service : e.actor;
    const text = e.kind === 'handler.logged' ? e.data.text : describeEvent(e);
    this.lines.push({
      seq: e.seq, tick: e.tick, service,
      ...(e.correlationId ? { correlationId: e.correlationId } : {}),
      ...(e.messageId ? { messageId: e.messageId } : {}),
      ...(attempt !== undefined ? { attempt } : {}),
      level: ERRORS.has(e.kind) ? 'error' : WARNINGS.has(e.kind) ? 'warn' : 'info',
      text,
    });
  }
}

export function logLines(trace: readonly TraceEvent[]): LogLine[] {
  return new LogBuilder().add(trace).lines;
}

/**
 * Lines before trace position `position` matching `query`: an exact correlation or message id
 * (`c-3`, `m-17`), or else text contained in the service or the line.
 */
export function filterLogs(lines: readonly LogLine[], query: string, position = Number.POSITIVE_INFINITY): LogLine[] {
  const q = query.trim().toLowerCase();
  const out: LogLine[] = [];
  for (const line of lines) {
    if (line.seq >= position) break;
    if (!q || line.correlationId?.toLowerCase() === q || line.messageId?.toLowerCase() === q || (!/^[a-z]-\d+$/.test(q) && (line.text.toLowerCase().includes(q) || line.service.toLowerCase().includes(q)))) out.push(line);
  }
  return out;
}
