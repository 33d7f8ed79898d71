// Shrinking a failing fault plan: from (scenario, seed, plan) that fails a check, find a
// smaller plan that still fails the same check with the same anomaly, by delta debugging
// (Zeller's ddmin: try halves, then complements, then finer pieces). Chaos entries are first
// replaced by the explicit faults they injected (recorded in `details.equivalent`), so the
// result is a short schedule a learner can read ("duplicate the 2nd delivery of OrderPlaced to
// Inventory"); if that does not reproduce, chaos rates are shrunk one kind at a time instead.
// Every candidate is one deterministic run; a progress callback can stop the search.

import { runScenario, type RunResult } from '../run';
import type { FaultSpec, Scenario } from '../scenario/types';

export interface ShrinkOptions {
  seed?: number;
  /** The check that must keep failing (default: the first failing one). */
  check?: string;
  /** Runs allowed (default 300). */
  runsMax?: number;
  onProgress?: (progress: { runs: number; size: number }) => boolean | void;
}

export interface ShrinkResult {
  /** The minimal plan found (equal to the input when nothing smaller fails). */
  faults: FaultSpec[];
  original: FaultSpec[];
  check: string;
  anomaly: string;
  runs: number;
  cancelled: boolean;
  /** The run of the minimal plan. */
  result: RunResult;
}

export class NotFailing extends Error {
  constructor(check?: string) {
    super(check ? `the run does not fail ${check}: nothing to shrink` : 'the run fails no check: nothing to shrink');
    this.name = 'NotFailing';
  }
}

export function shrinkFaults(scenario: Scenario, plan: FaultSpec[], options: ShrinkOptions = {}): ShrinkResult {
  const seedOpt = options.seed !== undefined ? { seed: options.seed } : {};
  const runsMax = options.runsMax ?? 300;
  let runs = 0;
  let cancelled = false;
  const run = (faults: FaultSpec[]) => {
    runs++;
    if (options.onProgress?.({ runs, size: faults.length }) === false) cancelled = true;
    return runScenario(scenario, { ...seedOpt, faults });
  };
  const first = run(plan);
  const failing = first.checks.find((c) => !c.valid && (!options.check || c.name === options.check));
  if (!failing) throw new NotFailing(options.check);
  const check = failing.name;
  const anomaly = failing.errors[0].anomaly;
  const cache = new Map<string, RunResult | null>();
  const fails = (faults: FaultSpec[]): RunResult | null => {
    const key = JSON.stringify(faults);
    if (cache.has(key)) return cache.get(key)!;
    if (cancelled || runs >= runsMax) return null;
    const r = run(faults);
    const ok = r.checks.some((c) => c.name === check && c.errors.some((e) => e.anomaly === anomaly));
    cache.set(key, ok ? r : null);
    return ok ? r : null;
  };
  let best = plan;
  let bestRun = first;
  const take = (faults: FaultSpec[]) => {
    const r = fails(faults);
    if (r) {
      best = faults;
      bestRun = r;
    }
    return r !== null;
  };
  if (take([])) return done();
  const explicit = materialise(plan, first);
  if (explicit && !take(explicit)) take(splitChaos(plan));
  else if (!explicit) take(splitChaos(plan));
  ddmin();
  return done();

  function ddmin(): void {
    let n = 2;
    while (best.length >= 2 && !cancelled && runs < runsMax) {
      const chunks = split(best, n);
      let reduced = false;
      for (const chunk of chunks) if (take(chunk)) { n = 2; reduced = true; break; }
      if (!reduced) {
        for (let i = 0; i < chunks.length && !reduced; i++) {
          if (take(chunks.filter((_, j) => j !== i).flat())) { n = Math.max(n - 1, 2); reduced = true; }
        }
      }
      if (!reduced) {
        if (n >= best.length) break;
        n = Math.min(n * 2, best.length);
      }
    }
    if (best.length === 1 && !cancelled) take([]);
  }

  function done(): ShrinkResult {
    return { faults: best, original: plan, check, anomaly, runs, cancelled, result: bestRun };
  }
}

function split<T>(list: T[], n: number): T[][] {
  const out: T[][] = [];
  const size = Math.ceil(list.length / n);
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The plan with every chaos entry replaced by the explicit faults it injected in `run`. */
export function materialise(plan: FaultSpec[], run: RunResult): FaultSpec[] | null {
  if (!plan.some((f) => f.type === 'chaos')) return null;
  const equivalents: FaultSpec[] = [];
  for (const e of run.trace) {
    if (e.kind === 'fault.injected' && e.data.fault === 'chaos') {
      const eq = e.data.details?.equivalent;
      if (eq && typeof eq === 'object' && !Array.isArray(eq)) equivalents.push(eq as unknown as FaultSpec);
    }
  }
  return [...plan.filter((f) => f.type !== 'chaos'), ...equivalents];
}

/** Each chaos entry becomes one entry per non-zero rate, so ddmin can drop kinds. */
export function splitChaos(plan: FaultSpec[]): FaultSpec[] {
  return plan.flatMap((f) => {
    if (f.type !== 'chaos' || typeof f.rates !== 'object' || f.rates === null) return [f];
    return Object.entries(f.rates).filter(([, r]) => typeof r === 'number' && r > 0).map(([k, r]) => ({ ...f, rates: { [k]: r } }));
  });
}
