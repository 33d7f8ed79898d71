// The lab page's state: the form (preset, clients, seeds, dependency, backoff, 2–4 policies),
// and the lab being computed in the lab worker (lab-api.ts) — its progress, then its result.
// `compute` starts a lab and asks for batches of about 80 ms until it finishes; `cancel` stops
// asking and drops it in the worker. The result is replaced whole ($state.raw), never proxied.

import type { LabPolicyName, LabPresetName, LabRequest, LabResult } from '../../engine/lab/index';
import { LAB_PRESETS } from '../../engine/lab/lab';
import type { LabWorker } from '../../worker/lab-client';

export const POLICIES_MIN = 2;
export const POLICIES_MAX = 4;
export const BATCH_MS = 80;

const DEFAULT_POLICIES: Record<LabPresetName, LabPolicyName[]> = {
  occ: ['exponential', 'full-jitter', 'equal-jitter', 'decorrelated-jitter'],
  overload: ['none', 'exponential', 'full-jitter', 'retry-budget'],
  outage: ['fixed', 'exponential', 'full-jitter', 'circuit-breaker'],
};

export class LabState {
  #worker: () => LabWorker;
  preset = $state<LabPresetName>('occ');
  clients = $state(100);
  seeds = $state(20);
  baseTicks = $state(5);
  capTicks = $state(2000);
  concurrency = $state(10);
  serviceTicks = $state(20);
  queueMax = $state(20);
  downUntilTick = $state(0);
  policies = $state<LabPolicyName[]>([...DEFAULT_POLICIES.occ]);
  #status = $state<'idle' | 'computing' | 'done' | 'cancelled' | 'error'>('idle');
  #done = $state(0);
  #total = $state(0);
  #error = $state<string | null>(null);
  #result = $state.raw<LabResult | null>(null);
  #computedPolicies = $state.raw<LabPolicyName[]>([]);
  #labId: number | null = null;
  #generation = 0;

  constructor(worker: () => LabWorker) {
    this.#worker = worker;
    this.usePreset('occ');
  }

  get status() { return this.#status; }
  get done() { return this.#done; }
  get total() { return this.#total; }
  get error() { return this.#error; }
  get result() { return this.#result; }
  get dependencyKind() { return LAB_PRESETS[this.preset].workload.dependency.kind; }
  get policiesValid() { return this.policies.length >= POLICIES_MIN && this.policies.length <= POLICIES_MAX; }

  usePreset(name: LabPresetName): void {
    const p = LAB_PRESETS[name];
    this.preset = name;
    this.clients = p.workload.clients;
    this.baseTicks = p.settings.baseTicks;
    this.capTicks = p.settings.capTicks;
    const d = p.workload.dependency;
    if (d.kind === 'capacity') {
      this.concurrency = d.concurrency;
      this.serviceTicks = d.serviceTicks;
      this.queueMax = d.queueMax;
      this.downUntilTick = d.downUntilTick;
    }
    this.policies = [...DEFAULT_POLICIES[name]];
  }

  togglePolicy(name: LabPolicyName): void {
    if (this.policies.includes(name)) this.policies = this.policies.filter((p) => p !== name);
    else if (this.policies.length < POLICIES_MAX) this.policies = [...this.policies, name];
  }

  request(): LabRequest {
    const p = LAB_PRESETS[this.preset];
    const dependency = p.workload.dependency.kind === 'capacity'
      ? { kind: 'capacity' as const, concurrency: this.concurrency, serviceTicks: this.serviceTicks, queueMax: this.queueMax, downUntilTick: this.downUntilTick }
      : { kind: 'occ' as const };
    return {
      workload: { ...p.workload, clients: this.clients, dependency },
      settings: { ...p.settings, baseTicks: this.baseTicks, capTicks: this.capTicks },
      policies: [...this.policies],
      seeds: Array.from({ length: this.seeds }, (_, i) => i + 1),
    };
  }

  async compute(): Promise<void> {
    this.cancel();
    const generation = ++this.#generation;
    const api = this.#worker();
    const policies = [...this.policies];
    this.#status = 'computing';
    this.#error = null;
    this.#done = 0;
    try {
      const started = await api.labStart(this.request());
      if (generation !== this.#generation) return;
      if (!started.ok) {
        this.#error = started.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
        this.#status = 'error';
        return;
      }
      this.#labId = started.labId;
      this.#total = started.total;
      for (;;) {
        const batch = await api.labNext(started.labId, BATCH_MS);
        if (generation !== this.#generation) return;
        this.#done = batch.done;
        if (batch.result) {
          this.#result = batch.result;
          this.#computedPolicies = policies;
          this.#status = 'done';
          this.#labId = null;
          return;
        }
      }
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#error = error instanceof Error ? error.message : String(error);
      this.#status = 'error';
    }
  }

  /** Stops the lab being computed; the last result (if any) stays. */
  cancel(): void {
    if (this.#status !== 'computing') return;
    this.#generation++;
    if (this.#labId !== null) void this.#worker().labCancel(this.#labId).catch(() => undefined);
    this.#labId = null;
    this.#status = 'cancelled';
  }
}
