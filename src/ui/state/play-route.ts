// The playground's address: `#/play?scenario=order-flow&seed=6&broker=kafka&at=82` names a
// built-in scenario, its seed, the broker it runs on and the cursor, so a reload, the back
// button and a copied address all come back to the same moment (faults and edited code travel
// in share links, `#/share/…`). Reading an address is strict: a seed that is not a whole number
// in range, or a position that is not one, is a problem to show, never silently replaced.

import { SEED_MAX } from '../../engine/scenario/bounds';

export const PLAY_ROUTE = '#/play';

export interface PlayState {
  scenario?: string;
  seed?: number;
  broker?: string;
  /** Cursor: trace events that have happened. */
  at?: number;
}

export interface PlayProblem {
  param: string;
  message: string;
}

const quote = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** A seed typed or linked as text: the number, or why it is not one. */
export function readSeed(text: string): { seed: number } | { problem: string } {
  const t = text.trim();
  if (!/^\d{1,10}$/.test(t) || Number(t) > SEED_MAX) {
    return { problem: `A seed is a whole number from 0 to ${SEED_MAX.toLocaleString('en')}; ${quote(t)} is not one.` };
  }
  return { seed: Number(t) };
}

/** Whether the hash is a playground address (`#/play…`, or none at all). */
export function isPlayHash(hash: string): boolean {
  return hash === '' || hash === '#' || hash === '#/' || hash === PLAY_ROUTE || hash.startsWith(`${PLAY_ROUTE}?`);
}

export function parsePlayHash(hash: string): { state: PlayState; problems: PlayProblem[] } {
  const state: PlayState = {};
  const problems: PlayProblem[] = [];
  if (!hash.startsWith(`${PLAY_ROUTE}?`)) return { state, problems };
  const q = new URLSearchParams(hash.slice(PLAY_ROUTE.length + 1));
  const scenario = q.get('scenario');
  if (scenario !== null) {
    if (/^[a-z0-9][a-z0-9-]{0,99}$/.test(scenario)) state.scenario = scenario;
    else problems.push({ param: 'scenario', message: `${quote(scenario)} is not a scenario id.` });
  }
  const seed = q.get('seed');
  if (seed !== null) {
    const r = readSeed(seed);
    if ('seed' in r) state.seed = r.seed;
    else problems.push({ param: 'seed', message: r.problem });
  }
  const broker = q.get('broker');
  if (broker !== null) {
    if (/^[a-z]{1,20}$/.test(broker)) state.broker = broker;
    else problems.push({ param: 'broker', message: `${quote(broker)} is not a broker.` });
  }
  const at = q.get('at');
  if (at !== null) {
    if (/^\d{1,9}$/.test(at)) state.at = Number(at);
    else problems.push({ param: 'at', message: `The position must be a whole number of events; ${quote(at)} is not one.` });
  }
  return { state, problems };
}

export function playHash(s: PlayState): string {
  const q = new URLSearchParams();
  if (s.scenario) q.set('scenario', s.scenario);
  if (s.seed !== undefined) q.set('seed', String(s.seed));
  if (s.broker) q.set('broker', s.broker);
  if (s.at !== undefined && s.at > 0) q.set('at', String(s.at));
  const text = q.toString();
  return text ? `${PLAY_ROUTE}?${text}` : PLAY_ROUTE;
}
