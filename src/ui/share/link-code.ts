// A shared link's handler code against the user's saved drafts, so the code has one source of
// truth: the drafts (which the Code tab shows) always hold the code that runs. Opening a link
// compares the link's text of each handler file with the user's saved edit for the same scope
// (`scenario:<id>` or `lesson:<id>`). Where they differ the user chooses: keep mine (the link's
// seed, faults and cursor run on my code) or use the link's (my edit is copied to
// `<scope>~before-link` first, so the Code tab can restore it). Either way the chosen code is
// written to the drafts before it runs, and the link's run then shows exactly what is in them.

import type { Scenario } from '../../engine/scenario/types';
import { BEFORE_LINK, DraftStore } from '../storage/drafts';

/** Handler file id → source, by the editor's naming (the code's file, else Service/Handler.ts). */
export function fileTexts(scenario: Scenario): Record<string, string> {
  const out: Record<string, string> = {};
  for (const svc of scenario.services) {
    for (const h of svc.handlers) {
      if ('source' in h.code) out[h.code.file ?? `${svc.name}/${h.name}.ts`] = h.code.source;
    }
  }
  return out;
}

/** `scenario` with the sources of the named files replaced (nothing else changes). */
export function withFileTexts(scenario: Scenario, texts: Record<string, string>): Scenario {
  return {
    ...scenario,
    services: scenario.services.map((svc) => ({
      ...svc,
      handlers: svc.handlers.map((h) => {
        if (!('source' in h.code)) return h;
        const text = texts[h.code.file ?? `${svc.name}/${h.name}.ts`];
        return text === undefined || text === h.code.source ? h : { ...h, code: { ...h.code, source: text } };
      }),
    })),
  };
}

export interface LinkCode {
  scope: string;
  /** The link's text of each handler file. */
  linked: Record<string, string>;
  /** The site's own text of each file (what a file without an edit holds). */
  starters: Record<string, string>;
  /** The user's saved edits that differ from the link's text. Empty: nothing to choose. */
  mine: Record<string, string>;
}

export function scopeOf(scenarioId: string, lessonId?: string): string {
  return lessonId ? `lesson:${lessonId}` : `scenario:${scenarioId}`;
}

export function linkCode(run: { scenario: Scenario; shipped?: Scenario; lessonId?: string }, store: DraftStore): LinkCode {
  const scope = scopeOf(run.scenario.id, run.lessonId);
  const linked = fileTexts(run.scenario);
  const starters = { ...linked, ...fileTexts(run.shipped ?? run.scenario) };
  const drafts = store.load(scope)?.files ?? {};
  const mine: Record<string, string> = {};
  for (const id of Object.keys(linked)) {
    const draft = drafts[id];
    if (draft && draft.text !== linked[id] && draft.text !== starters[id]) mine[id] = draft.text;
  }
  return { scope, linked, starters, mine };
}

export type CodeChoice = 'link' | 'mine';

/** The text each file runs with after the choice. */
export function chosenTexts(code: LinkCode, choice: CodeChoice): Record<string, string> {
  return choice === 'mine' ? { ...code.linked, ...code.mine } : code.linked;
}

/**
 * Writes the chosen code to the scope's drafts (a file back at its starter text has no draft),
 * after copying the user's differing edits aside when the link's code replaces them.
 */
export function commitChoice(code: LinkCode, choice: CodeChoice, store: DraftStore): Record<string, string> {
  const texts = chosenTexts(code, choice);
  if (choice === 'link') {
    for (const [id, text] of Object.entries(code.mine)) store.save(code.scope + BEFORE_LINK, id, text, code.starters[id] ?? '');
  }
  for (const [id, text] of Object.entries(texts)) {
    if (text === code.starters[id]) store.discard(code.scope, id);
    else store.save(code.scope, id, text, code.starters[id] ?? '');
  }
  return texts;
}
