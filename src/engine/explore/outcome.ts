// Classifying a run against a baseline run of the same scenario and seed without the fault,
// flow by flow (a flow = one workload request and everything it caused: one correlation id).
// A flow whose entry handler committed but that reached fewer handlers than in the baseline is
// `lost` (the event after the commit was never published, a message was dropped); a flow in
// which some handler committed more often than in the baseline is `duplicated` (a redelivery
// without an inbox, a re-run publishing again). Flows whose request failed outright (the
// caller saw the error), that ended in a dead-letter queue or that took a saga's compensation
// path (a timeout fired, say) are accounted for. Failing
// no-loss / no-duplicate-effect checks count too; other failing checks make it `failed`.

import type { RunResult } from '../run';
import type { TraceEvent } from '../trace/types';
import { eventsOf } from '../checks/trace-source';

/** The kinds a flow profile reads (a columnar trace builds only these events). */
const PROFILE_KINDS = ['handler.started', 'message.dead-lettered', 'saga.compensated', 'db.committed'] as const;

export type Outcome = 'ok' | 'lost' | 'duplicated' | 'lost+duplicated' | 'failed';

interface FlowProfile {
  entryCommitted: boolean;
  deadLettered: boolean;
  /** The flow took its compensation path (a saga undid steps): a different path, not a loss. */
  compensated: boolean;
  /** "Service/Handler" → attempts that committed. */
  commits: Map<string, number>;
  /** "Service/Handler" → distinct messages whose handling committed. */
  distinct: Map<string, Set<string>>;
  /** "Service/Handler" → seq of its first commit in this flow. */
  firstCommitSeq: Map<string, number>;
}

export type Profile = Map<string, FlowProfile>;

export function profile(trace: readonly TraceEvent[]): Profile {
  const flows: Profile = new Map();
  const flow = (c: string) => {
    let f = flows.get(c);
    if (!f) flows.set(c, (f = { entryCommitted: false, deadLettered: false, compensated: false, commits: new Map(), distinct: new Map(), firstCommitSeq: new Map() }));
    return f;
  };
  const open = new Map<string, { handler: string; committed: boolean; request: boolean }>();
  for (const e of eventsOf(trace, PROFILE_KINDS)) {
    if (!e.messageId || !e.correlationId) continue;
    const key = `${e.actor}|${e.messageId}`;
    if (e.kind === 'handler.started') open.set(key, { handler: `${e.data.service}/${e.data.handler}`, committed: false, request: !e.deliveryId });
    else if (e.kind === 'message.dead-lettered') flow(e.correlationId).deadLettered = true;
    else if (e.kind === 'saga.compensated') flow(e.correlationId).compensated = true;
    else if (e.kind === 'db.committed') {
      const a = open.get(key);
      if (!a || a.committed) continue;
      a.committed = true;
      const f = flow(e.correlationId);
      if (a.request) f.entryCommitted = true;
      f.commits.set(a.handler, (f.commits.get(a.handler) ?? 0) + 1);
      const d = f.distinct.get(a.handler) ?? new Set<string>();
      d.add(e.messageId);
      f.distinct.set(a.handler, d);
      if (!f.firstCommitSeq.has(a.handler)) f.firstCommitSeq.set(a.handler, e.seq);
    }
  }
  return flows;
}

export interface Classification {
  outcome: Outcome;
  reasons: string[];
}

/** `trace`: the run's trace, when the caller holds it in a cheaper form than `run.trace` (a columnar trace). */
export function classify(run: RunResult, baseline: Profile, trace: readonly TraceEvent[] = run.trace): Classification {
  const p = profile(trace);
  const reasons: string[] = [];
  let lost = false;
  let duplicated = false;
  for (const [c, base] of baseline) {
    const f = p.get(c);
    if (!f || !f.entryCommitted || f.deadLettered || base.deadLettered || f.compensated || base.compensated) continue;
    for (const [h, msgs] of base.distinct) {
      const n = f.distinct.get(h)?.size ?? 0;
      if (n < msgs.size) {
        lost = true;
        reasons.push(`flow ${c}: ${h} ${n === 0 ? 'never ran' : `processed ${n} of ${msgs.size} message(s)`} (it did without the fault)`);
      }
    }
  }
  for (const [c, f] of p) {
    const base = baseline.get(c);
    for (const [h, n] of f.commits) {
      const b = base?.commits.get(h) ?? 0;
      if (n > b && !(base?.deadLettered || f.deadLettered || base?.compensated || f.compensated)) {
        duplicated = true;
        reasons.push(`flow ${c}: ${h} committed ${n} times (${b} without the fault)`);
      }
    }
  }
  const failed = run.checks.filter((c) => !c.valid);
  for (const c of failed) {
    if (c.name === 'no-loss') lost = true;
    else if (c.name === 'no-duplicate-effect') duplicated = true;
    reasons.push(`${c.name}: ${c.errors[0]?.explanation ?? 'failed'}`);
  }
  const outcome: Outcome = lost && duplicated ? 'lost+duplicated' : lost ? 'lost' : duplicated ? 'duplicated' : failed.length ? 'failed' : 'ok';
  return { outcome, reasons };
}
