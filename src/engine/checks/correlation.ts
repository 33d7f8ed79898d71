// one-correlation-per-key: every message about one business key (an order id) travels under
// one correlation id and one W3C trace, so searching the logs by the flow's id, or opening its
// trace, finds all of it — including work that someone else picked up later (a batch job, a
// scheduler, a redrive). The first message (or request) with the key sets the flow; a later one
// under another correlation id is `uncorrelated`, one with the right correlation id but a new
// trace id is `broken-trace`.
// Options: { field?: "orderId" — the body field holding the key (default: the message's key
// from the catalog's keyField; with a field, requests whose body has it count too);
// types?: ["ShipOrder"] — only these message types; trace?: false — skip the trace-id check }.

import type { Check, CheckError } from './types';
import type { TraceEvent } from '../trace/types';
import type { Json } from '../scenario/json';
import { formatTicks } from './why';

interface Options {
  field?: string;
  types?: string[];
  trace?: boolean;
}

interface FlowStart {
  correlationId: string;
  traceId: string | undefined;
  what: string;
  event: TraceEvent;
}

function bodyField(body: Json | undefined, field: string): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const v = (body as Record<string, Json>)[field];
  return v === undefined || v === null || typeof v === 'object' ? undefined : String(v);
}

function traceIdOf(headers: Json | undefined): string | undefined {
  const tp = headers && typeof headers === 'object' && !Array.isArray(headers) ? (headers as Record<string, Json>).traceparent : undefined;
  const m = typeof tp === 'string' ? /^00-([0-9a-f]{32})-/.exec(tp) : null;
  return m ? m[1] : undefined;
}

const short = (traceId: string) => `${traceId.slice(0, 8)}…`;

export const oneCorrelationPerKey: Check = {
  name: 'one-correlation-per-key',
  title: 'One correlation id per business key',
  description: 'All messages about one business key (e.g. an order id) share one correlation id and one trace, so the flow can be found by its id.',
  validate(options) {
    const o = (options ?? {}) as { field?: unknown; types?: unknown; trace?: unknown };
    const issues: { path: string; message: string }[] = [];
    if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) return [{ path: '', message: 'must be an object' }];
    if (o.field !== undefined && (typeof o.field !== 'string' || o.field === '')) issues.push({ path: 'field', message: 'must be the name of a body field' });
    if (o.types !== undefined && !(Array.isArray(o.types) && o.types.every((t) => typeof t === 'string'))) issues.push({ path: 'types', message: 'must be a list of message types' });
    if (o.trace !== undefined && typeof o.trace !== 'boolean') issues.push({ path: 'trace', message: 'must be true or false' });
    return issues;
  },
  run({ trace, options }) {
    const opts = (options ?? {}) as Options;
    const checkTrace = opts.trace !== false;
    const flows = new Map<string, FlowStart>();
    const seen = new Set<string>();
    const errors: CheckError[] = [];
    for (const e of trace) {
      let key: string | undefined;
      let what: string;
      let traceId: string | undefined;
      if (e.kind === 'request.received') {
        if (!opts.field || !e.correlationId) continue;
        key = bodyField(e.data.body, opts.field);
        what = `request ${e.data.handler} ${e.messageId}`;
        traceId = undefined;
      } else if (e.kind === 'message.published') {
        if (!e.messageId || !e.correlationId || seen.has(e.messageId)) continue;
        seen.add(e.messageId);
        if (opts.types && !opts.types.includes(e.data.type)) continue;
        key = opts.field ? bodyField(e.data.body, opts.field) : e.data.key;
        what = `${e.data.type} ${e.messageId}`;
        traceId = traceIdOf(e.data.headers);
      } else continue;
      if (key === undefined) continue;
      const start = flows.get(key);
      if (!start) {
        flows.set(key, { correlationId: e.correlationId!, traceId, what, event: e });
        continue;
      }
      if (!start.traceId && traceId && start.correlationId === e.correlationId) start.traceId = traceId;
      const origin = `${start.what} (${start.event.actor} at ${formatTicks(start.event.tick)})`;
      if (e.correlationId !== start.correlationId) {
        errors.push({
          anomaly: 'uncorrelated',
          explanation: `${what} for ${key}, published by ${e.actor} at ${formatTicks(e.tick)}, carries correlation id ${e.correlationId}, but the flow of ${key} runs under ${start.correlationId} since ${origin}: a search by ${start.correlationId} never finds it — keep the flow's correlation id with the stored work and publish under it`,
          eventRefs: [start.event.seq, e.seq],
        });
      } else if (checkTrace && start.traceId && traceId && traceId !== start.traceId) {
        errors.push({
          anomaly: 'broken-trace',
          explanation: `${what} for ${key}, published by ${e.actor} at ${formatTicks(e.tick)}, keeps correlation id ${e.correlationId} but starts trace ${short(traceId)} instead of continuing trace ${short(start.traceId)} of ${origin}: the tracing view shows two unrelated traces — pass the stored traceparent too`,
          eventRefs: [start.event.seq, e.seq],
        });
      }
    }
    return errors;
  },
};
