// The scenarios a person made in the editor, as the rest of the site lists them: the playground's
// picker, the embed and the deck open one through the share-link mechanism (a `#/share/…`
// payload of kind 'scenario'), which walks it as untrusted data, validates it field by field and
// asks before running its code. Only reading the drafts happens here (tiny, first-paint safe); the
// codec (fflate) comes with `openCustom`'s dynamic import.

import { readDrafts } from './drafts';

export interface CustomScenario {
  /** The draft's key (the editor's address: `#/scenario/edit/<key>`). */
  key: string;
  /** The scenario's own id and title, when its text parses; null otherwise. */
  id: string | null;
  title: string;
}

const TITLE_MAX = 80;

/** Every saved draft, newest first; one whose text does not parse is listed by its key. */
export function customScenarios(): CustomScenario[] {
  return readDrafts().map((d) => {
    try {
      const value = JSON.parse(d.text) as unknown;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const o = value as Record<string, unknown>;
        const title = typeof o.title === 'string' && o.title.trim() ? o.title.trim().slice(0, TITLE_MAX) : d.id;
        return { key: d.id, id: typeof o.id === 'string' ? o.id : null, title };
      }
    } catch {
      /* listed by its key; the editor shows what is wrong */
    }
    return { key: d.id, id: null, title: `${d.id} (does not parse)` };
  });
}

/** Where a saved scenario opens: its share payload, or the editor when its text is not a scenario object. */
export async function customScenarioHash(key: string): Promise<string> {
  const draft = readDrafts().find((d) => d.id === key);
  const editor = `#/scenario/edit/${encodeURIComponent(key)}`;
  if (!draft) return editor;
  let scenario: unknown;
  try {
    scenario = JSON.parse(draft.text);
  } catch {
    return editor;
  }
  if (typeof scenario !== 'object' || scenario === null || Array.isArray(scenario)) return editor;
  const { encodeState, SHARE_ROUTE, SHARE_VERSION } = await import('../../share/index');
  const seeds = (scenario as { seeds?: unknown }).seeds;
  const seed = Array.isArray(seeds) && typeof seeds[0] === 'number' ? seeds[0] : 1;
  // The share route validates it (shape, then field by field) before anything runs.
  return `${SHARE_ROUTE}${encodeState({ v: SHARE_VERSION, source: { kind: 'scenario', scenario: scenario as never }, seed, faults: [], position: 0 })}`;
}
