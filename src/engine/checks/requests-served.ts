// requests-served: what the *caller* of a service experiences. Every request from the outside
// world (the workload, a traffic spike) must be answered — not refused, not failed — and, if
// asked, fast enough: the 95th percentile of request latency (received → handler completed,
// from the trace) must stay under `p95MaxTicks`. This is how "the synchronous chain falls over
// under a spike" becomes a check: failed calls fail requests, queued calls make them slow.
// With `honestDuringOutage`, a request that failed while its service's database was down (a
// db-outage fault) is an honest answer — the caller got an error it can retry, and nothing was
// promised — so it is not counted; a handler that swallows the refused commit and answers
// "accepted" is what the lesson's database checks then catch.
//   options: { service?, handler?, p95MaxTicks?, maxFailed? (default 0), honestDuringOutage? }

import type { Check, CheckError } from './types';
import type { TraceEvent } from '../trace/types';
import { outagesOf, type Outage } from './outages';

interface Options {
  service?: string;
  handler?: string;
  p95MaxTicks?: number;
  maxFailed?: number;
  honestDuringOutage?: boolean;
}

/** Nearest-rank percentile of integer latencies. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const requestsServed: Check = {
  name: 'requests-served',
  title: 'Requests answered',
  description: 'Every request from outside is answered successfully (not refused, not failed), optionally with p95 latency under a bound.',
  run({ trace, options, faults, scenario }) {
    const o = (options ?? {}) as Options;
    const outages = new Map<string, Outage[]>();
    const down = (service: string, tick: number) => {
      let list = outages.get(service);
      if (!list) outages.set(service, (list = outagesOf(trace, faults ?? scenario.faults ?? [], service)));
      return list.some((x) => tick >= x.fromTick && tick < x.untilTick);
    };
    const open = new Map<string, TraceEvent & { kind: 'request.received' }>();
    const latencies: number[] = [];
    const failures: { event: TraceEvent; received: TraceEvent; why: string; anomaly: string }[] = [];
    for (const e of trace) {
      if (e.kind === 'request.received') {
        if ((o.service === undefined || e.data.service === o.service) && (o.handler === undefined || e.data.handler === o.handler) && e.messageId) open.set(e.messageId, e);
        continue;
      }
      if (!e.messageId) continue;
      const req = open.get(e.messageId);
      if (!req) continue;
      if (e.kind === 'handler.completed' && e.data.service === req.data.service) {
        open.delete(e.messageId);
        latencies.push(e.tick - req.tick);
      } else if (e.kind === 'handler.failed' && e.data.service === req.data.service) {
        open.delete(e.messageId);
        if (o.honestDuringOutage && /^DatabaseUnavailable\b/.test(e.data.error) && down(e.data.service, e.tick)) continue;
        failures.push({ event: e, received: req, anomaly: 'request-failed', why: `failed after ${e.tick - req.tick} ms: ${e.data.error}` });
      } else if (e.kind === 'request.refused') {
        open.delete(e.messageId);
        failures.push({ event: e, received: req, anomaly: 'request-refused', why: `refused: ${e.data.reason}` });
      }
    }
    const errors: CheckError[] = [];
    const allowed = o.maxFailed ?? 0;
    if (failures.length > allowed) {
      for (const f of failures.slice(0, 20)) {
        errors.push({ anomaly: f.anomaly, explanation: `request ${f.received.messageId} to ${(f.received as { data: { service: string; handler: string } }).data.service}.${(f.received as { data: { handler: string } }).data.handler} ${f.why}`, eventRefs: [f.received.seq, f.event.seq] });
      }
      if (failures.length > 20) errors.push({ anomaly: 'request-failed', explanation: `…and ${failures.length - 20} more failed or refused requests (${failures.length} in all)`, eventRefs: [] });
    }
    for (const [, req] of open) {
      errors.push({ anomaly: 'request-unanswered', explanation: `request ${req.messageId} to ${req.data.service}.${req.data.handler} never got an answer (its service crashed or the run ended)`, eventRefs: [req.seq] });
    }
    if (o.p95MaxTicks !== undefined && latencies.length > 0) {
      const p95 = percentile(latencies, 95);
      if (p95 > o.p95MaxTicks) {
        errors.push({ anomaly: 'slow-requests', explanation: `p95 request latency is ${p95} ms (bound ${o.p95MaxTicks} ms; median ${percentile(latencies, 50)} ms, max ${Math.max(...latencies)} ms over ${latencies.length} answered requests): callers wait for the slowest step of the chain`, eventRefs: [] });
      }
    }
    return errors;
  },
};
