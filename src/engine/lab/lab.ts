// The retry-policy lab: the same workload run under several retry policies on the same seeds,
// summarised per policy — mean calls and completion time over the seeds, each seed's figures
// (the spread), the clients that succeeded or gave up, and the calls over time as one histogram
// per policy on a shared time axis. `RetryLab` advances a run at a time, so the worker can show
// progress and stop between runs; `runRetryLab` runs it all at once (CLI, tests, bench).
// Presets: `occ` is the AWS Architecture Blog's "Exponential Backoff and Jitter" workload (100
// clients, one row, optimistic concurrency, network 10 ± 2 ms, base 5 ms, cap 2 s, retry until
// success); `overload` is a server with too few slots; `outage` is a server down for 2 s while
// clients arrive.

import { LAB_POLICIES, POLICY_DEFAULTS, POLICY_TITLES, type LabPolicyName, type PolicySettings } from './policies';
import { LAB_BIN_TICKS, simulateRetries, type LabRunStats, type LabWorkload } from './simulate';

export const LAB_PRESETS = {
  occ: {
    title: 'Optimistic concurrency (AWS article)',
    description: 'Every client updates the same row: read its version, write it back if unchanged. A conflict is a failure to retry.',
    workload: { clients: 100, startSpreadTicks: 0, netMeanTicks: 10, netSdTicks: 2, dependency: { kind: 'occ' }, ticksMax: 600_000 } as LabWorkload,
    settings: { ...POLICY_DEFAULTS },
  },
  overload: {
    title: 'Overloaded server',
    description: 'A server with 10 slots (20 ms a call) and a queue of 20 refuses what does not fit; 200 clients arrive within 200 ms.',
    workload: { clients: 200, startSpreadTicks: 200, netMeanTicks: 10, netSdTicks: 2, dependency: { kind: 'capacity', concurrency: 10, serviceTicks: 20, queueMax: 20, downUntilTick: 0 }, ticksMax: 600_000 } as LabWorkload,
    settings: { ...POLICY_DEFAULTS, baseTicks: 10, retriesMax: 12 },
  },
  outage: {
    title: 'Outage, then recovery',
    description: 'The server refuses every call for its first 2 s, then serves 20 at a time (10 ms a call, queue 50); 100 clients arrive within 1 s.',
    workload: { clients: 100, startSpreadTicks: 1000, netMeanTicks: 10, netSdTicks: 2, dependency: { kind: 'capacity', concurrency: 20, serviceTicks: 10, queueMax: 50, downUntilTick: 2000 }, ticksMax: 600_000 } as LabWorkload,
    settings: { ...POLICY_DEFAULTS, baseTicks: 50, retriesMax: 12 },
  },
} satisfies Record<string, { title: string; description: string; workload: LabWorkload; settings: PolicySettings }>;
export type LabPresetName = keyof typeof LAB_PRESETS;
export const LAB_PRESET_NAMES = Object.keys(LAB_PRESETS) as LabPresetName[];

export interface LabRequest {
  workload: LabWorkload;
  settings: PolicySettings;
  policies: LabPolicyName[];
  seeds: number[];
}

/** A preset's request with the usual choices: how many clients, how many seeds (from `seedFirst`), which policies. */
export function presetRequest(preset: LabPresetName, options: { clients?: number; seeds?: number; seedFirst?: number; policies?: LabPolicyName[] } = {}): LabRequest {
  const p = LAB_PRESETS[preset];
  const first = options.seedFirst ?? 1;
  return {
    workload: { ...p.workload, ...(options.clients === undefined ? {} : { clients: options.clients }) },
    settings: { ...p.settings },
    policies: options.policies ?? [...LAB_POLICIES],
    seeds: Array.from({ length: options.seeds ?? 20 }, (_, i) => first + i),
  };
}

export interface SeedFigures {
  seed: number;
  calls: number;
  completionTicks: number;
  succeeded: number;
}

export interface PolicySummary {
  policy: LabPolicyName;
  title: string;
  /** Means over the seeds. */
  calls: number;
  completionTicks: number;
  succeeded: number;
  gaveUp: number;
  refused: number;
  peakRetriesPerBin: number;
  peakInside: number;
  seeds: number;
  /** Runs stopped at ticksMax before every client finished. */
  cutRuns: number;
  perSeed: SeedFigures[];
  /** Mean calls per bin of `LabResult.binTicks`, from tick 0, on the axis every policy shares. */
  histogram: number[];
  /** Mean calls per LAB_BIN_TICKS from tick 0 to this policy's last call (to zoom the axis). */
  fineBins: number[];
}

export interface LabResult {
  clients: number;
  binTicks: number;
  axisTicks: number;
  policies: PolicySummary[];
}

/** Bins of the shared histogram at most. */
export const HISTOGRAM_BINS_MAX = 80;

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** A lab computed a run at a time (policy by policy, seed by seed). */
export class RetryLab {
  readonly #runs: LabRunStats[] = [];
  readonly total: number;
  constructor(readonly request: LabRequest) {
    this.total = request.policies.length * request.seeds.length;
  }
  get done(): number {
    return this.#runs.length;
  }
  get finished(): boolean {
    return this.#runs.length >= this.total;
  }
  /** Computes up to `runs` more runs; true when every run is done. */
  step(runs = 1): boolean {
    const { policies, seeds, workload, settings } = this.request;
    for (let i = 0; i < runs && !this.finished; i++) {
      const k = this.#runs.length;
      this.#runs.push(simulateRetries(workload, policies[Math.floor(k / seeds.length)]!, settings, seeds[k % seeds.length]!));
    }
    return this.finished;
  }
  result(): LabResult {
    return summarise(this.request, this.#runs);
  }
}

/** `fineBins` (per LAB_BIN_TICKS) summed into at most `binsMax` bins over [0, axisTicks): the histogram of a zoomed axis. */
export function rebin(fineBins: readonly number[], axisTicks: number, binsMax = HISTOGRAM_BINS_MAX): { binTicks: number; bins: number[] } {
  const per = Math.max(1, Math.ceil(Math.ceil(axisTicks / LAB_BIN_TICKS) / binsMax));
  const count = Math.max(1, Math.ceil(axisTicks / LAB_BIN_TICKS / per));
  const bins = new Array<number>(count).fill(0);
  for (let b = 0; b < fineBins.length && b < count * per; b++) bins[Math.floor(b / per)]! += fineBins[b]!;
  return { binTicks: per * LAB_BIN_TICKS, bins };
}

export function runRetryLab(request: LabRequest): LabResult {
  const lab = new RetryLab(request);
  lab.step(lab.total);
  return lab.result();
}

function summarise(request: LabRequest, runs: readonly LabRunStats[]): LabResult {
  const axisTicks = Math.max(LAB_BIN_TICKS, ...runs.map((r) => r.completionTicks));
  const fine = Math.ceil(axisTicks / LAB_BIN_TICKS);
  const per = Math.max(1, Math.ceil(fine / HISTOGRAM_BINS_MAX));
  const bins = Math.ceil(fine / per);
  const policies = request.policies.map((policy) => {
    const own = runs.filter((r) => r.policy === policy);
    const histogram = new Array<number>(bins).fill(0);
    const fineBins = new Array<number>(Math.max(0, ...own.map((r) => r.callBins.length))).fill(0);
    for (const r of own) {
      r.callBins.forEach((n, b) => {
        histogram[Math.min(bins - 1, Math.floor(b / per))]! += n;
        fineBins[b]! += n;
      });
    }
    return {
      policy,
      title: POLICY_TITLES[policy],
      calls: mean(own.map((r) => r.calls)),
      completionTicks: mean(own.map((r) => r.completionTicks)),
      succeeded: mean(own.map((r) => r.succeeded)),
      gaveUp: mean(own.map((r) => r.gaveUp)),
      refused: mean(own.map((r) => r.refused)),
      peakRetriesPerBin: mean(own.map((r) => r.peakRetriesPerBin)),
      peakInside: mean(own.map((r) => r.peakInside)),
      seeds: own.length,
      cutRuns: own.filter((r) => r.cut).length,
      perSeed: own.map((r) => ({ seed: r.seed, calls: r.calls, completionTicks: r.completionTicks, succeeded: r.succeeded })),
      histogram: histogram.map((n) => (own.length === 0 ? 0 : n / own.length)),
      fineBins: fineBins.map((n) => n / own.length),
    };
  });
  return { clients: request.workload.clients, binTicks: per * LAB_BIN_TICKS, axisTicks: bins * per * LAB_BIN_TICKS, policies };
}
