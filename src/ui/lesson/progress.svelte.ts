// The learner's progress, kept in this browser (localStorage) and portable as a JSON file:
// which lessons are solved, the code they wrote per lesson, their predictions and how many
// hints they opened. Nothing leaves the machine unless they export it.

import type { CodeFiles } from '../../content/resolve';

export const PROGRESS_KEY = 'brokerlab.progress.v1';

export interface LessonProgress {
  solved?: boolean;
  code?: CodeFiles;
  /** Index of the predicted choice. */
  predicted?: number;
  hints?: number;
}

export interface ProgressFile {
  format: 'brokerlab-progress';
  version: 1;
  lessons: Record<string, LessonProgress>;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function parseProgress(text: string): ProgressFile {
  const data = JSON.parse(text) as Partial<ProgressFile>;
  if (data?.format !== 'brokerlab-progress' || data.version !== 1 || typeof data.lessons !== 'object' || data.lessons === null) {
    throw new Error('not a Brokerlab progress file (expected format "brokerlab-progress", version 1)');
  }
  return { format: 'brokerlab-progress', version: 1, lessons: data.lessons };
}

export class Progress {
  #lessons = $state<Record<string, LessonProgress>>({});

  constructor() {
    const text = storage()?.getItem(PROGRESS_KEY);
    if (!text) return;
    try {
      this.#lessons = parseProgress(text).lessons;
    } catch {
      // A damaged entry is ignored rather than breaking the page.
    }
  }

  of(id: string): LessonProgress {
    return this.#lessons[id] ?? {};
  }

  isSolved(id: string): boolean {
    return this.#lessons[id]?.solved === true;
  }

  get solvedCount(): number {
    return Object.values(this.#lessons).filter((l) => l.solved).length;
  }

  update(id: string, patch: Partial<LessonProgress>): void {
    this.#lessons[id] = { ...this.#lessons[id], ...patch };
    this.#save();
  }

  /** Forget the learner's code for a lesson (back to the starter). */
  resetCode(id: string): void {
    const { code: _drop, ...rest } = this.#lessons[id] ?? {};
    this.#lessons[id] = rest;
    this.#save();
  }

  exportFile(): string {
    const file: ProgressFile = { format: 'brokerlab-progress', version: 1, lessons: $state.snapshot(this.#lessons) };
    return JSON.stringify(file, null, 2);
  }

  importFile(text: string): number {
    const file = parseProgress(text);
    this.#lessons = { ...this.#lessons, ...file.lessons };
    this.#save();
    return Object.keys(file.lessons).length;
  }

  #save(): void {
    storage()?.setItem(PROGRESS_KEY, JSON.stringify({ format: 'brokerlab-progress', version: 1, lessons: $state.snapshot(this.#lessons) }));
  }
}

let shared: Progress | null = null;

export function progress(): Progress {
  return (shared ??= new Progress());
}
