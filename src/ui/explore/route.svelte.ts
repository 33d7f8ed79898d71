// Hash routes of the exploring pages: `#/lab/retry` (the retry-policy lab), `#/branches` (what-if
// branches of a playground run) and
// `#/compare?scenario=<id>&seed=<n>` (one scenario on three brokers). App shows ExploreRoute
// instead of the playground on these; everything else is left to the other routes.

import type { FaultSpec } from '../../engine/scenario/types';

export type ExploreRoute = { page: 'lab' } | { page: 'branches' } | { page: 'compare'; scenario: string | null; seed: number | null; faults: FaultSpec[] } | null;

export function parseExploreRoute(hash: string): ExploreRoute {
  if (/^#\/lab\/retry\/?$/.test(hash)) return { page: 'lab' };
  if (/^#\/branches\/?$/.test(hash)) return { page: 'branches' };
  const m = /^#\/compare\/?(?:\?(.*))?$/.exec(hash);
  if (!m) return null;
  const params = new URLSearchParams(m[1] ?? '');
  const seedText = params.get('seed');
  const seed = seedText !== null && /^\d{1,9}$/.test(seedText) ? Number(seedText) : null;
  // A fault plan is untrusted: anything but a list of objects is dropped here, and the page
  // validates the rest with the engine before running it.
  let faults: FaultSpec[] = [];
  try {
    const parsed: unknown = JSON.parse(params.get('faults') ?? '[]');
    if (Array.isArray(parsed) && parsed.length <= 50 && parsed.every((f) => typeof f === 'object' && f !== null && !Array.isArray(f))) faults = parsed as FaultSpec[];
  } catch {
    faults = [];
  }
  return { page: 'compare', scenario: params.get('scenario'), seed, faults };
}

export function compareHref(scenario: string, seed: number, faults: readonly FaultSpec[] = []): string {
  return `#/compare?scenario=${encodeURIComponent(scenario)}&seed=${seed}${faults.length ? `&faults=${encodeURIComponent(JSON.stringify(faults))}` : ''}`;
}

class ExploreHash {
  #hash = $state(typeof location === 'undefined' ? '' : location.hash);
  constructor() {
    if (typeof window !== 'undefined') window.addEventListener('hashchange', () => (this.#hash = location.hash));
  }
  get current(): ExploreRoute {
    return parseExploreRoute(this.#hash);
  }
}

export const exploreRoute = new ExploreHash();
