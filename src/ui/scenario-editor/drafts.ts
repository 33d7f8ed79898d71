// Scenarios being edited, kept in this browser as typed: the JSON text itself (even when it is
// not valid JSON yet), per scenario id, under `brokerlab:scenarios:v1`. Writing can fail (quota,
// private mode); the editor says so instead of pretending it saved.

const KEY = 'brokerlab:scenarios:v1';
const DRAFTS_MAX = 50;

export interface ScenarioDraft {
  id: string;
  text: string;
  savedAt: number;
}

export function readDrafts(): ScenarioDraft[] {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(raw) ? raw.filter((d): d is ScenarioDraft => typeof d?.id === 'string' && typeof d?.text === 'string').slice(0, DRAFTS_MAX) : [];
  } catch {
    return [];
  }
}

/** Saves one draft first in the list; false when the browser refused to store it. */
export function saveDraft(id: string, text: string, now: number): boolean {
  const drafts = [{ id, text, savedAt: now }, ...readDrafts().filter((d) => d.id !== id)].slice(0, DRAFTS_MAX);
  try {
    localStorage.setItem(KEY, JSON.stringify(drafts));
    return true;
  } catch {
    return false;
  }
}
