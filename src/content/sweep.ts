// What a crash left behind, flow by flow (one workload request and everything it caused), next
// to the same code's run without the crash. Three ways a crash exposes a handler:
//   lost       — the flow's entry committed, but a handler that ran without the crash never did
//                (the event after the commit was never published);
//   phantom    — the entry's transaction never committed, yet the flow went on downstream (an
//                event published before, or inside, a transaction that then died).
// Work done twice is for the lesson's own checks to see (no-duplicate-effect, exact counts): an
// upsert by key repeated after a redelivery is harmless. Flows that ended in a dead-letter
// queue or took a saga's compensation path are accounted for. A crash can fail requests — the
// one running at the crash, or those refused while the service was down: their callers saw the
// error, so in such a run the lesson's exact expectations (counts) and "lost" do not apply,
// but nothing may have been announced for a request that never committed.

import type { TraceEvent } from '../engine/trace/types';
import { eventsOf } from '../engine/checks/trace-source';
import { profile, type Profile } from '../engine/explore/outcome';

export interface SweepFinding {
  kind: 'lost' | 'phantom';
  explanation: string;
  eventRefs: number[];
}

/** Flows whose request's handler completed (the caller got its answer). */
function requestsAnswered(trace: readonly TraceEvent[]): Set<string> {
  const out = new Set<string>();
  for (const e of eventsOf(trace, ['handler.completed'])) if (!e.deliveryId && e.correlationId) out.add(e.correlationId);
  return out;
}

export interface SweepBaseline {
  flows: Profile;
  requestsAnswered: Set<string>;
}

/**
 * What the sweep compares every crash run with: the same code, seed and faults, no crash. The
 * traces here are a run's (a columnar trace builds only the kinds read: commits, handler
 * starts and completions, dead letters, compensations).
 */
export function sweepBaseline(trace: readonly TraceEvent[]): SweepBaseline {
  return { flows: profile(trace), requestsAnswered: requestsAnswered(trace) };
}

export function sweepFindings(trace: readonly TraceEvent[], baseline: SweepBaseline, crashSeq: number): { requestFailed: boolean; findings: SweepFinding[] } {
  const crash = trace[crashSeq]!;
  const where = `the crash ${crash.text ? `(${crash.text.replace(/ \(.*$/, '')})` : ''} at ${crash.tick.toLocaleString('en-US')} ms`;
  const now = profile(trace);
  const findings: SweepFinding[] = [];
  // A request failed when its caller saw an error and nothing of it was stored: answered
  // without the crash, unanswered now, and its entry did not commit.
  const answered = requestsAnswered(trace);
  const requestFailed = [...baseline.requestsAnswered].some((c) => !answered.has(c) && !now.get(c)?.entryCommitted);
  for (const [c, base] of baseline.flows) {
    const f = now.get(c);
    if (base.deadLettered || base.compensated || f?.deadLettered || f?.compensated) continue;
    if (base.entryCommitted && !f?.entryCommitted) {
      const downstream = [...(f?.distinct.keys() ?? [])];
      if (f && downstream.length > 0) {
        findings.push({
          kind: 'phantom',
          explanation: `flow ${c}: its request's transaction never committed (${where}), yet ${downstream.join(', ')} acted on it — something was announced before the commit it depends on`,
          eventRefs: [crashSeq, ...downstream.map((h) => f.firstCommitSeq.get(h)!)],
        });
      }
      continue;
    }
    // A failed request can starve other flows (a refused batch ships nobody's parcel): then
    // only the flow the crash struck must still be whole.
    if (!f || !requestFailed || c !== crash.correlationId) continue;
    for (const [h, msgs] of base.distinct) {
      const n = f.distinct.get(h)?.size ?? 0;
      if (n < msgs.size) findings.push({ kind: 'lost', explanation: `flow ${c}: ${h} ${n === 0 ? 'never ran' : `processed ${n} of ${msgs.size} message(s)`} after ${where}; without the crash it did`, eventRefs: [crashSeq] });
    }
  }
  // Otherwise each handler must commit the work of as many messages as without the crash —
  // counted over the whole run, since a retry in another flow may rightly do a flow's work
  // (a client retry with the same Idempotency-Key).
  if (!requestFailed) {
    const settled = (c: string) => !!(baseline.flows.get(c)?.deadLettered || baseline.flows.get(c)?.compensated || now.get(c)?.deadLettered || now.get(c)?.compensated);
    const total = (entries: Iterable<[string, { distinct: Map<string, Set<string>> }]>) => {
      const out = new Map<string, number>();
      for (const [c, f] of entries) if (!settled(c)) for (const [h, msgs] of f.distinct) out.set(h, (out.get(h) ?? 0) + msgs.size);
      return out;
    };
    const before = total(baseline.flows);
    const after = total(now);
    for (const [h, n] of before) {
      const m = after.get(h) ?? 0;
      if (m >= n) continue;
      const missing = [...baseline.flows].filter(([c, b]) => !settled(c) && (b.distinct.get(h)?.size ?? 0) > (now.get(c)?.distinct.get(h)?.size ?? 0)).map(([c]) => c);
      findings.push({ kind: 'lost', explanation: `${h} did the work of ${m} message(s) after ${where}, ${n} without it${missing.length ? ` — missing in flow ${missing.slice(0, 3).join(', ')}` : ''}`, eventRefs: [crashSeq] });
    }
  }
  return { requestFailed, findings };
}
