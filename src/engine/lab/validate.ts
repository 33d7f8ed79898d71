// What a lab request may ask: every number a whole number within bounds that keep one lab
// (clients × seeds × policies runs) to seconds of work, known policy names, a known dependency
// model. A request comes from the page's form (or a link later): bad input gets a clear list of
// problems (path + reason), never a hang.

import type { ValidationIssue } from '../scenario/validate-types';
import { LAB_POLICIES, type LabPolicyName } from './policies';

export const LAB_BOUNDS = {
  clients: [1, 1000],
  seeds: [1, 100],
  seed: [0, 2 ** 31 - 1],
  ticks: [0, 600_000],
  netTicks: [0, 1000],
  count: [0, 10_000],
  concurrency: [1, 1000],
} as const;

function whole(issues: ValidationIssue[], path: string, v: unknown, [lo, hi]: readonly [number, number]): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) issues.push({ path, message: `must be a whole number from ${lo} to ${hi}, got ${JSON.stringify(v)}` });
}

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function validateLabRequest(value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const r = record(value);
  if (!r) return [{ path: '', message: 'must be a lab request { workload, settings, policies, seeds }' }];
  const w = record(r.workload);
  if (!w) issues.push({ path: 'workload', message: 'must be an object' });
  else {
    whole(issues, 'workload.clients', w.clients, LAB_BOUNDS.clients);
    whole(issues, 'workload.startSpreadTicks', w.startSpreadTicks, LAB_BOUNDS.ticks);
    whole(issues, 'workload.netMeanTicks', w.netMeanTicks, LAB_BOUNDS.netTicks);
    whole(issues, 'workload.netSdTicks', w.netSdTicks, LAB_BOUNDS.netTicks);
    whole(issues, 'workload.ticksMax', w.ticksMax, LAB_BOUNDS.ticks);
    const d = record(w.dependency);
    if (!d || (d.kind !== 'occ' && d.kind !== 'capacity')) issues.push({ path: 'workload.dependency.kind', message: 'must be "occ" or "capacity"' });
    else if (d.kind === 'capacity') {
      whole(issues, 'workload.dependency.concurrency', d.concurrency, LAB_BOUNDS.concurrency);
      whole(issues, 'workload.dependency.serviceTicks', d.serviceTicks, LAB_BOUNDS.ticks);
      whole(issues, 'workload.dependency.queueMax', d.queueMax, LAB_BOUNDS.count);
      whole(issues, 'workload.dependency.downUntilTick', d.downUntilTick, LAB_BOUNDS.ticks);
    }
  }
  const s = record(r.settings);
  if (!s) issues.push({ path: 'settings', message: 'must be an object' });
  else {
    for (const f of ['baseTicks', 'capTicks', 'fixedTicks', 'openTicks']) whole(issues, `settings.${f}`, s[f], LAB_BOUNDS.ticks);
    for (const f of ['retriesMax', 'tripThreshold', 'budgetMilliTokensPerCall', 'budgetTokensPerSecond', 'budgetTokensMax']) whole(issues, `settings.${f}`, s[f], LAB_BOUNDS.count);
    if (!['exponential', 'full-jitter', 'equal-jitter', 'decorrelated-jitter', 'fixed'].includes(s.wrapped as string)) issues.push({ path: 'settings.wrapped', message: `must be a backoff (exponential, full-jitter, equal-jitter, decorrelated-jitter, fixed), got ${JSON.stringify(s.wrapped)}` });
  }
  if (!Array.isArray(r.policies) || r.policies.length === 0 || r.policies.length > LAB_POLICIES.length) issues.push({ path: 'policies', message: `must list 1 to ${LAB_POLICIES.length} policies` });
  else {
    r.policies.forEach((p, i) => {
      if (!LAB_POLICIES.includes(p as LabPolicyName)) issues.push({ path: `policies[${i}]`, message: `must be one of ${LAB_POLICIES.join(', ')}, got ${JSON.stringify(p)}` });
    });
    if (new Set(r.policies).size !== r.policies.length) issues.push({ path: 'policies', message: 'lists a policy twice' });
  }
  if (!Array.isArray(r.seeds) || r.seeds.length < LAB_BOUNDS.seeds[0] || r.seeds.length > LAB_BOUNDS.seeds[1]) issues.push({ path: 'seeds', message: `must list ${LAB_BOUNDS.seeds[0]} to ${LAB_BOUNDS.seeds[1]} seeds` });
  else r.seeds.forEach((v, i) => whole(issues, `seeds[${i}]`, v, LAB_BOUNDS.seed));
  return issues;
}
