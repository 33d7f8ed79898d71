// Retry policies: how long to wait before retry number n (1-based), or null when the policy is
// used up. The formulas follow MassTransit's UseMessageRetry (none, immediate, interval,
// intervals, incremental) and the AWS Architecture Blog's backoff family (exponential without
// jitter, full jitter, equal jitter, decorrelated jitter; attempt = n − 1). Time is integer
// ticks and jitter comes from a seeded stream: random_between(a, b) = a + int(b − a + 1).
// Fidelity: MassTransit's own Exponential(limit, min, max, delta) precomputes
// min + 2^i × U(0.8δ, 1.2δ) capped at max; we teach the AWS family instead, which names the
// jitter strategies explicitly.

import type { Random } from '../../kernel/random';
import type { ValidationIssue } from '../../scenario/validate-types';

export const RETRY_KINDS = ['none', 'immediate', 'interval', 'intervals', 'incremental', 'exponential', 'full-jitter', 'equal-jitter', 'decorrelated-jitter'] as const;
export type RetryKind = (typeof RETRY_KINDS)[number];

export interface RetryPolicy {
  kind: RetryKind;
  /** Retries allowed (not counting the first attempt); `intervals` uses its list's length. */
  limit?: number;
  intervalTicks?: number;
  intervalsTicks?: number[];
  initialTicks?: number;
  incrementTicks?: number;
  /** Exponential family: the first delay and the cap. */
  baseTicks?: number;
  capTicks?: number;
}

/** Memory a policy keeps across retries of one message (decorrelated jitter's previous sleep). */
export interface RetryMemory {
  previousTicks?: number;
}

function exp(base: number, cap: number, attempt: number): number {
  return Math.min(cap, base * 2 ** Math.min(attempt, 40));
}

/** The delay before retry `n` (1-based), or null when no retry is left. */
export function retryDelayTicks(policy: RetryPolicy, n: number, rng: Random, memory: RetryMemory = {}): number | null {
  const limit = policy.kind === 'intervals' ? (policy.intervalsTicks ?? []).length : (policy.limit ?? 0);
  if (policy.kind === 'none' || n < 1 || n > limit) return null;
  const base = policy.baseTicks ?? 100;
  const cap = policy.capTicks ?? 60_000;
  const attempt = n - 1;
  switch (policy.kind) {
    case 'immediate':
      return 0;
    case 'interval':
      return policy.intervalTicks ?? 1000;
    case 'intervals':
      return policy.intervalsTicks![n - 1];
    case 'incremental':
      return (policy.initialTicks ?? 0) + attempt * (policy.incrementTicks ?? 1000);
    case 'exponential':
      return exp(base, cap, attempt);
    case 'full-jitter':
      return rng.int(exp(base, cap, attempt) + 1);
    case 'equal-jitter': {
      const half = Math.floor(exp(base, cap, attempt) / 2);
      return half + rng.int(half + 1);
    }
    case 'decorrelated-jitter': {
      const previous = memory.previousTicks ?? base;
      const sleep = Math.min(cap, base + rng.int(Math.max(0, previous * 3 - base) + 1));
      memory.previousTicks = sleep;
      return sleep;
    }
  }
}

/** A short description for traces and the editor: "exponential, 3 retries, 100–60,000 ms". */
export function describePolicy(p: RetryPolicy): string {
  const limit = p.kind === 'intervals' ? (p.intervalsTicks ?? []).length : (p.limit ?? 0);
  return p.kind === 'none' ? 'no retries' : `${p.kind}, ${limit} retr${limit === 1 ? 'y' : 'ies'}`;
}

export function validatePolicy(value: unknown, path: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ path, message: `must be a retry policy object with a kind (${RETRY_KINDS.join(', ')})` }];
  const p = value as Record<string, unknown>;
  if (!RETRY_KINDS.includes(p.kind as RetryKind)) issues.push({ path: `${path}.kind`, message: `must be one of ${RETRY_KINDS.join(', ')}, got ${JSON.stringify(p.kind)}` });
  for (const f of ['limit', 'intervalTicks', 'initialTicks', 'incrementTicks', 'baseTicks', 'capTicks']) {
    const v = p[f];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0)) issues.push({ path: `${path}.${f}`, message: `must be a non-negative integer, got ${JSON.stringify(v)}` });
  }
  if (p.kind === 'intervals' && (!Array.isArray(p.intervalsTicks) || !p.intervalsTicks.every((x) => Number.isInteger(x) && (x as number) >= 0))) {
    issues.push({ path: `${path}.intervalsTicks`, message: 'must be a list of non-negative integer delays' });
  }
  if (RETRY_KINDS.includes(p.kind as RetryKind) && p.kind !== 'none' && p.kind !== 'intervals' && p.limit === undefined) issues.push({ path: `${path}.limit`, message: 'is required: how many retries' });
  return issues;
}
