// The learner's progress, kept in this browser (localStorage) and portable as a JSON file:
// which lessons are solved (and whether after viewing the solution), their predictions, their
// check attempts and how many hints they opened — and, in the exported file, the code they wrote
// per lesson. A random learner id, minted once and kept here, seeds the order of each question's
// choices, so a learner sees the same order after a reload or an import. Nothing leaves the
// machine unless they export it.
//
// The code itself has one home: the editor's drafts (storage/drafts.ts, scope `lesson:<id>`),
// written by the one Workspace a lesson page owns. This store never saves code; it reads the
// drafts when exporting and writes them when importing. The interview drill's schedule
// (drill/drill-store) travels in the same file. Code saved here by older versions
// (`code` in a lesson's entry) moves into the drafts the first time the lesson opens.

import type { CodeFiles } from '../../content/resolve';
import { DraftStore } from '../storage/drafts';
import { newLearnerId } from './shuffle';
import { mergeDrill, parseDrill, type DrillFile } from '../drill/drill-file';
import { loadDrill, saveDrill } from '../drill/drill-store.svelte';
import { PROGRESS_FILE_CHARS_MAX, progressFileIssues } from './progress-file';

/** The drafts scope of a lesson's code. */
export function lessonScope(id: string): string {
  return `lesson:${id}`;
}

/** The learner's edited files of a lesson (files back at their starter are left out). */
export function draftCode(store: DraftStore, id: string): CodeFiles {
  const out: CodeFiles = {};
  for (const [file, draft] of Object.entries(store.load(lessonScope(id))?.files ?? {})) if (draft.text !== draft.base) out[file] = draft.text;
  return out;
}

export const PROGRESS_KEY = 'brokerlab.progress.v1';

export interface LessonProgress {
  solved?: boolean;
  /** Solved only after viewing the solution ("solved after viewing the solution"). */
  assisted?: boolean;
  /** Only in exported files (and in entries saved by older versions): the code lives in the drafts. */
  code?: CodeFiles;
  /** Older versions' single prediction (an index into choices that have since been rewritten): ignored. */
  predicted?: number;
  /** The learner's answer to each prediction: a choice index as written, or a number; null when not answered. */
  answers?: (number | null)[];
  /** The predictions are locked in: the demo may play and the answers show. */
  committed?: boolean;
  /** "Check my code" runs started. */
  attempts?: number;
  /** The learner chose to see the solution (asked once). */
  solutionViewed?: boolean;
  hints?: number;
}

export interface ProgressFile {
  format: 'brokerlab-progress';
  version: 1;
  /** The learner id that seeds choice order. */
  learner?: string;
  lessons: Record<string, LessonProgress>;
  /** The interview drill's schedule and sessions (drill/drill-file.ts), in exported files. */
  drill?: DrillFile;
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
  for (const [id, entry] of Object.entries(data.lessons)) {
    if (typeof entry !== 'object' || entry === null) throw new Error(`lesson "${id}": expected an object`);
    const answers = (entry as LessonProgress).answers;
    if (answers !== undefined && !(Array.isArray(answers) && answers.every((a) => a === null || (typeof a === 'number' && Number.isFinite(a))))) throw new Error(`lesson "${id}": answers must be a list of numbers`);
  }
  const drill = data.drill === undefined ? undefined : parseDrill(data.drill);
  const learner = typeof data.learner === 'string' && data.learner.length > 0 && data.learner.length <= 100 ? data.learner : undefined;
  return { format: 'brokerlab-progress', version: 1, ...(learner ? { learner } : {}), lessons: data.lessons, ...(drill ? { drill } : {}) };
}

export class Progress {
  #lessons = $state<Record<string, LessonProgress>>({});
  #learner = $state('');

  constructor() {
    const text = storage()?.getItem(PROGRESS_KEY);
    try {
      if (text) {
        const file = parseProgress(text);
        this.#lessons = file.lessons;
        this.#learner = file.learner ?? '';
      }
    } catch {
      // A damaged entry is ignored rather than breaking the page.
    }
    if (!this.#learner) {
      this.#learner = newLearnerId();
      this.#save();
    }
  }

  /** This learner's id: seeds the order of every question's choices. */
  get learner(): string {
    return this.#learner;
  }

  of(id: string): LessonProgress {
    return this.#lessons[id] ?? {};
  }

  isSolved(id: string): boolean {
    return this.#lessons[id]?.solved === true;
  }

  get solvedCount(): number {
    // Design capstones keep their marks here too (capstone-<id>), but they are not lessons.
    return Object.entries(this.#lessons).filter(([id, l]) => l.solved && !id.startsWith('capstone-')).length;
  }

  update(id: string, patch: Partial<LessonProgress>): void {
    this.#lessons[id] = { ...this.#lessons[id], ...patch };
    this.#save();
  }

  /**
   * Moves code an older version saved in this store into the lesson's drafts (unless a draft of
   * that file exists already: the newer edit wins), then forgets it here.
   */
  migrateCode(id: string, starter: CodeFiles, store: DraftStore): void {
    const legacy = this.#lessons[id]?.code;
    if (!legacy) return;
    const drafts = store.load(lessonScope(id))?.files ?? {};
    for (const [file, text] of Object.entries(legacy)) {
      const base = starter[file];
      if (base !== undefined && typeof text === 'string' && text !== base && !drafts[file]) store.save(lessonScope(id), file, text, base);
    }
    const { code: _moved, ...rest } = this.#lessons[id]!;
    this.#lessons[id] = rest;
    this.#save();
  }

  /** The progress file: this store's entries plus each lesson's edited code from the drafts. */
  exportFile(lessonIds: readonly string[] = [], store = new DraftStore()): string {
    const lessons = $state.snapshot(this.#lessons) as Record<string, LessonProgress>;
    for (const id of new Set([...Object.keys(lessons), ...lessonIds])) {
      const code = { ...(lessons[id]?.code ?? {}), ...draftCode(store, id) };
      if (Object.keys(code).length > 0) lessons[id] = { ...lessons[id], code };
    }
    const drill = loadDrill();
    const hasDrill = Object.keys(drill.cards).length > 0 || drill.sessions.length > 0;
    const file: ProgressFile = { format: 'brokerlab-progress', version: 1, learner: this.#learner, lessons, ...(hasDrill ? { drill } : {}) };
    return JSON.stringify(file, null, 2);
  }

  /**
   * Merges a progress file: answers and solved marks here, code into the lessons' drafts (an
   * explicit choice, so it replaces the drafts of the files it brings). `starterOf` gives a
   * lesson's starter files; code of lessons or files this course does not have is skipped.
   */
  importFile(text: string, starterOf: (id: string) => CodeFiles | undefined = () => undefined, store = new DraftStore()): number {
    if (text.length > PROGRESS_FILE_CHARS_MAX) throw new Error(`the file is ${text.length.toLocaleString('en')} characters; a progress file is at most ${PROGRESS_FILE_CHARS_MAX.toLocaleString('en')}`);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new Error(`the file is not JSON: ${(error as Error).message}`);
    }
    const issues = progressFileIssues(data);
    if (issues.length > 0) throw new Error(issues.join('; '));
    const file = parseProgress(text);
    const next = { ...this.#lessons };
    for (const [id, entry] of Object.entries(file.lessons)) {
      const { code, ...rest } = entry ?? {};
      next[id] = { ...next[id], ...rest };
      const starter = starterOf(id);
      if (!code || !starter) continue;
      for (const [name, body] of Object.entries(code)) {
        if (starter[name] !== undefined && typeof body === 'string') store.save(lessonScope(id), name, body, starter[name]!);
      }
    }
    this.#lessons = next;
    if (file.drill) saveDrill(mergeDrill(loadDrill(), file.drill));
    if (file.learner) this.#learner = file.learner;
    this.#save();
    return Object.keys(file.lessons).length;
  }

  #save(): void {
    storage()?.setItem(PROGRESS_KEY, JSON.stringify({ format: 'brokerlab-progress', version: 1, learner: this.#learner, lessons: $state.snapshot(this.#lessons) }));
  }
}

let shared: Progress | null = null;

export function progress(): Progress {
  return (shared ??= new Progress());
}
