// Retry policies of the retry-policy lab: what a client does after a failed call. Six are a
// delay formula per client (the retry patterns' own `retryDelayTicks`, patterns/retry/policies.ts,
// so the lab and the scenarios teach one set of formulas); two add a guard every client shares,
// as the threads of one calling service would: a circuit breaker (closed → open → half-open,
// tripped by consecutive failures) and a retry budget (a token bucket: first calls and time put
// tokens in, each retry takes one, no token means give up). Both guards wrap full-jitter backoff
// by default, so comparing them with `full-jitter` shows what the guard alone changes.

import type { Random } from '../kernel/random';
import { retryDelayTicks, type RetryMemory, type RetryPolicy } from '../patterns/retry/policies';

export const LAB_POLICIES = ['none', 'fixed', 'exponential', 'full-jitter', 'equal-jitter', 'decorrelated-jitter', 'circuit-breaker', 'retry-budget'] as const;
export type LabPolicyName = (typeof LAB_POLICIES)[number];

/** One-line descriptions, for the CLI's table and the lab page. */
export const POLICY_TITLES: Record<LabPolicyName, string> = {
  none: 'no retry: a failed call is given up',
  fixed: 'retry after the same interval every time',
  exponential: 'exponential backoff, no jitter: base × 2^attempt, capped',
  'full-jitter': 'random between 0 and the exponential delay',
  'equal-jitter': 'half the exponential delay plus a random half',
  'decorrelated-jitter': 'random between base and 3 × the previous delay, capped',
  'circuit-breaker': 'full jitter behind a breaker shared by all clients',
  'retry-budget': 'full jitter, retries paid from a shared token bucket',
};

/** Backoff and guard settings, the same for every policy of a comparison. */
export interface PolicySettings {
  baseTicks: number;
  capTicks: number;
  fixedTicks: number;
  /** Retries a client makes at most before it gives up (not counting its first call). */
  retriesMax: number;
  /** The backoff the two guards wrap. */
  wrapped: 'exponential' | 'full-jitter' | 'equal-jitter' | 'decorrelated-jitter' | 'fixed';
  /** Circuit breaker: consecutive failures that open it, and how long it stays open. */
  tripThreshold: number;
  openTicks: number;
  /** Retry budget: tokens a first call adds (thousandths), tokens added per second, bucket size. */
  budgetMilliTokensPerCall: number;
  budgetTokensPerSecond: number;
  budgetTokensMax: number;
}

export const POLICY_DEFAULTS: PolicySettings = {
  baseTicks: 5,
  capTicks: 2000,
  fixedTicks: 50,
  retriesMax: 1000,
  wrapped: 'full-jitter',
  tripThreshold: 5,
  openTicks: 200,
  budgetMilliTokensPerCall: 200,
  budgetTokensPerSecond: 10,
  budgetTokensMax: 20,
};

function delayPolicy(kind: LabPolicyName | PolicySettings['wrapped'], s: PolicySettings): RetryPolicy {
  switch (kind) {
    case 'none':
      return { kind: 'none' };
    case 'fixed':
      return { kind: 'interval', limit: s.retriesMax, intervalTicks: s.fixedTicks };
    case 'circuit-breaker':
    case 'retry-budget':
      return delayPolicy(s.wrapped, s);
    default:
      return { kind, limit: s.retriesMax, baseTicks: s.baseTicks, capTicks: s.capTicks };
  }
}

/** What a guard says about a call a client is about to make. */
export type Admission = 'call' | 'refused';

/** State every client of one run shares: the breaker or the bucket (nothing for plain backoff). */
export interface SharedGuard {
  /** May a client call now? `retry`: it is a retry, not a first call. A refusal is a local failure. */
  admit(now: number, retry: boolean): Admission;
  /** The outcome of a call that was admitted. */
  settled(now: number, ok: boolean): void;
  /** Calls refused locally so far (never reached the dependency). */
  refused: number;
}

class NoGuard implements SharedGuard {
  refused = 0;
  admit(): Admission { return 'call'; }
  settled(): void {}
}

/** Closed → open after `tripThreshold` failures in a row; open for `openTicks`; then one trial. */
class Breaker implements SharedGuard {
  refused = 0;
  #state: 'closed' | 'open' | 'half-open' = 'closed';
  #failures = 0;
  #openUntil = 0;
  #trialOut = false;
  constructor(private readonly s: PolicySettings) {}
  admit(now: number): Admission {
    if (this.#state === 'open' && now >= this.#openUntil) this.#state = 'half-open';
    if (this.#state === 'closed') return 'call';
    if (this.#state === 'half-open' && !this.#trialOut) {
      this.#trialOut = true;
      return 'call';
    }
    this.refused++;
    return 'refused';
  }
  settled(now: number, ok: boolean): void {
    if (this.#state === 'half-open' && this.#trialOut) {
      this.#trialOut = false;
      if (ok) { this.#state = 'closed'; this.#failures = 0; }
      else this.#open(now);
      return;
    }
    if (ok) { this.#failures = 0; return; }
    if (this.#state === 'closed' && ++this.#failures >= this.s.tripThreshold) this.#open(now);
  }
  #open(now: number): void {
    this.#state = 'open';
    this.#openUntil = now + this.s.openTicks;
    this.#failures = 0;
  }
}

/** A token bucket in thousandths of a token: first calls and elapsed time fill it, retries drain it. */
class Budget implements SharedGuard {
  refused = 0;
  #milli: number;
  #last = 0;
  constructor(private readonly s: PolicySettings) {
    this.#milli = s.budgetTokensMax * 1000;
  }
  admit(now: number, retry: boolean): Admission {
    const max = this.s.budgetTokensMax * 1000;
    this.#milli = Math.min(max, this.#milli + (now - this.#last) * this.s.budgetTokensPerSecond);
    this.#last = now;
    if (!retry) {
      this.#milli = Math.min(max, this.#milli + this.s.budgetMilliTokensPerCall);
      return 'call';
    }
    if (this.#milli >= 1000) {
      this.#milli -= 1000;
      return 'call';
    }
    this.refused++;
    return 'refused';
  }
  settled(): void {}
}

export function sharedGuard(name: LabPolicyName, s: PolicySettings): SharedGuard {
  if (name === 'circuit-breaker') return new Breaker(s);
  if (name === 'retry-budget') return new Budget(s);
  return new NoGuard();
}

/** One client's backoff: the delay before its retry `n` (1-based), or null to give up. */
export class ClientBackoff {
  readonly #policy: RetryPolicy;
  readonly #memory: RetryMemory = {};
  constructor(name: LabPolicyName, s: PolicySettings, private readonly rng: Random) {
    this.#policy = delayPolicy(name, s);
  }
  delayTicks(n: number): number | null {
    return retryDelayTicks(this.#policy, n, this.rng, this.#memory);
  }
}
