// The drill's file as the page holds it: read from this browser's localStorage once, saved after
// every rating, so a reload keeps the schedule; the progress file carries a copy (export) and
// merges one in (import, lesson/progress.svelte.ts). A damaged entry is set aside rather than breaking the page.

import { emptyDrill, parseDrill, type DrillFile } from './drill-file';

export const DRILL_KEY = 'brokerlab.drill.v1';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The drill file saved in this browser (an empty one when none or damaged). */
export function loadDrill(): DrillFile {
  const text = storage()?.getItem(DRILL_KEY);
  if (!text) return emptyDrill();
  try {
    return parseDrill(JSON.parse(text));
  } catch {
    return emptyDrill();
  }
}

export function saveDrill(file: DrillFile): void {
  storage()?.setItem(DRILL_KEY, JSON.stringify(file));
}

export class DrillStore {
  file = $state<DrillFile>(loadDrill());

  set(next: DrillFile): void {
    this.file = next;
    saveDrill(next);
  }
}
