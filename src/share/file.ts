// The share state as a file (`<scenario>.brokerlab.json`): the same state a link carries,
// uncompressed and readable, for runs whose link would be too long to share safely and for
// keeping a run beside a talk's slides. A `format` marker tells a Brokerlab file from any other
// JSON; reading goes through the same migration and validation as a link.

import { fail, problem, type ShareResult } from './problems';
import { readState } from './codec';
import { scenarioOf, type ShareCatalog, type ShareState } from './state';

export const FILE_FORMAT = 'brokerlab-run';
export const FILE_EXTENSION = '.brokerlab.json';
/** Files larger than this are refused before parsing. */
export const FILE_BYTES_MAX = 5_000_000;

/**
 * The state a file holds: built-in scenarios are written out whole, so a file replays the same
 * run even after the site's scenarios change (a file has no length limit to save room for).
 */
export function fileState(state: ShareState, catalog: ShareCatalog): ShareState {
  if (state.source.kind !== 'builtin') return state;
  const scenario = scenarioOf(state, catalog);
  return scenario ? { ...state, source: { kind: 'scenario', scenario } } : state;
}

export function stateToFile(state: ShareState): string {
  return JSON.stringify({ format: FILE_FORMAT, ...state }, null, 2) + '\n';
}

export function fileNameFor(state: ShareState): string {
  const source = state.source;
  const base = source.kind === 'scenario' ? source.scenario.id : source.kind === 'builtin' ? source.id : source.lesson;
  const safe = base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
  return `${safe}-seed-${state.seed}${FILE_EXTENSION}`;
}

export function stateFromFile(text: string): ShareResult<ShareState> {
  if (text.length > FILE_BYTES_MAX) {
    return fail(problem('too-long', 'This file is too large to be a Brokerlab run.', `It is ${text.length.toLocaleString('en')} characters; run files are at most ${FILE_BYTES_MAX.toLocaleString('en')}.`));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return fail(problem('corrupt', 'This file is not valid JSON.', `${(error as Error).message}. Is it a .brokerlab.json file?`));
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== FILE_FORMAT) {
    return fail(problem('malformed', 'This is not a Brokerlab run file.', `A run file is JSON with "format": "${FILE_FORMAT}".`));
  }
  const { format: _format, ...state } = raw as Record<string, unknown>;
  return readState(state);
}
