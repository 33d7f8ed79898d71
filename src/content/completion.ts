// A pack's completion file: the learner's name, the pack's id, version and digest, their code
// for each lesson, and the trace hash of every run of each lesson's matrix (seeds × fault plans)
// with that code. No server and no trust in the learner's browser: the teacher's verify page
// re-runs every lesson's full matrix with that code (ui/pack/verify.ts, in the worker) and
// accepts the file only if every check passes and every hash matches — determinism makes the
// proof. This module reads and checks the file's shape and what it claims about the pack; the
// runs are the caller's. Pure.

import type { Pack } from './pack';
import { lessonIdInPack } from './pack';
import { editableFiles, lessonRuns, type CodeFiles } from './resolve';
import type { Lesson } from './types';
import { SHARE_BOUNDS, seedIssue, shapeIssues } from '../share/bounds';

export const COMPLETION_FORMAT = 'brokerlab-completion';
export const COMPLETION_FORMAT_VERSION = 1;
export const COMPLETION_BYTES_MAX = 2_000_000;
const NAME_CHARS_MAX = 120;
const TOP_FIELDS = ['format', 'formatVersion', 'name', 'pack', 'lessons'];
/** A pack holds at most 30 lessons (PACK_LIMITS); a lesson's matrix is its seeds × fault plans. */
const LESSONS_MAX = 30;
const RUNS_MAX = 1_000;
const short = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

export interface CompletionRun {
  seed: number;
  faultPlan: string;
  hash: string;
}

export interface CompletionLesson {
  /** The lesson's id inside the pack. */
  id: string;
  files: CodeFiles;
  runs: CompletionRun[];
}

export interface Completion {
  format: typeof COMPLETION_FORMAT;
  formatVersion: typeof COMPLETION_FORMAT_VERSION;
  name: string;
  pack: { id: string; version: string; digest: string };
  lessons: CompletionLesson[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function makeCompletion(name: string, pack: Pack, lessons: CompletionLesson[]): Completion {
  return { format: COMPLETION_FORMAT, formatVersion: COMPLETION_FORMAT_VERSION, name: name.trim(), pack: { id: pack.id, version: pack.version, digest: pack.digest }, lessons };
}

export function completionFileName(c: Completion): string {
  const who = c.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'learner';
  return `${c.pack.id}-${c.pack.version}-${who}.completion.json`;
}

/** Reads a completion file; every problem is one line that says what is wrong. */
export function parseCompletion(source: string): { ok: true; completion: Completion } | { ok: false; errors: string[] } {
  if (new TextEncoder().encode(source).length > COMPLETION_BYTES_MAX) return { ok: false, errors: [`The file is larger than ${COMPLETION_BYTES_MAX / 1_000_000} MB: not a completion file.`] };
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    return { ok: false, errors: [`The file is not JSON: ${(error as Error).message}`] };
  }
  const errors: string[] = [];
  if (!isObj(data) || data.format !== COMPLETION_FORMAT) return { ok: false, errors: [`Not a completion file ("format" must be "${COMPLETION_FORMAT}").`] };
  // Plain bounded data first (depth, sizes, finite numbers, no prototype keys), then the fields.
  const shape = shapeIssues(data, { ...SHARE_BOUNDS, valuesMax: 100_000 });
  if (shape.length > 0) return { ok: false, errors: shape.map((i) => `${i.path || 'the file'}: ${i.message}`) };
  for (const key of Object.keys(data)) if (!TOP_FIELDS.includes(key)) errors.push(`${key}: is not a field of a completion file (${TOP_FIELDS.join(', ')}).`);
  if (data.formatVersion !== COMPLETION_FORMAT_VERSION) errors.push(`"formatVersion" must be ${COMPLETION_FORMAT_VERSION}.`);
  if (!(typeof data.name === 'string' && data.name.trim().length > 0 && data.name.length <= NAME_CHARS_MAX)) errors.push(`"name" must be the learner's name (at most ${NAME_CHARS_MAX} characters).`);
  const pack = data.pack;
  if (!(isObj(pack) && short(pack.id) && short(pack.version) && short(pack.digest))) errors.push('"pack" must be { id, version, digest } (texts of at most 200 characters).');
  if (!Array.isArray(data.lessons)) errors.push('"lessons" must be a list.');
  else if (data.lessons.length > LESSONS_MAX) errors.push(`"lessons" holds ${data.lessons.length} entries; a pack has at most ${LESSONS_MAX} lessons.`);
  else {
    for (const [i, l] of data.lessons.entries()) {
      const at = `lessons[${i}]`;
      if (!isObj(l) || !short(l.id)) {
        errors.push(`${at} must be { id, files, runs }.`);
        continue;
      }
      if (!isObj(l.files) || !Object.values(l.files).every((t) => typeof t === 'string')) errors.push(`${at} (${l.id}): "files" must map file paths to code.`);
      if (!Array.isArray(l.runs) || l.runs.length > RUNS_MAX || !l.runs.every((r) => isObj(r) && typeof r.faultPlan === 'string' && typeof r.hash === 'string' && /^[0-9a-f]{8,64}$/.test(r.hash))) errors.push(`${at} (${l.id}): "runs" must be a list of at most ${RUNS_MAX} { seed, faultPlan, hash }.`);
      else l.runs.forEach((r, j) => {
        const seed = seedIssue((r as Obj).seed);
        if (seed) errors.push(`${at}.runs[${j}].seed: ${seed}`);
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, completion: data as unknown as Completion };
}

/**
 * What a completion file claims that can be checked without running anything: made for this
 * pack (id, version and digest), a code entry for every lesson with only the lesson's own
 * files, and exactly the lesson's runs. Empty when the claims fit; the runs decide the rest.
 */
export function completionClaimIssues(c: Completion, pack: Pack): string[] {
  const issues: string[] = [];
  if (c.pack.id !== pack.id) return [`It was made for the pack "${c.pack.id}", not "${pack.id}".`];
  if (c.pack.version !== pack.version) issues.push(`It was made for version ${c.pack.version} of the pack; this is version ${pack.version}.`);
  else if (c.pack.digest !== pack.digest) issues.push('It was made for another copy of this pack version (the pack file differs): its lessons may not be these.');
  for (const lesson of pack.course.lessons) {
    const id = lessonIdInPack(lesson.id);
    const entry = c.lessons.find((l) => l.id === id);
    if (!entry) {
      issues.push(`No code for the lesson "${lesson.meta.title}".`);
      continue;
    }
    const editable = new Set(editableFiles(lesson).map((f) => f.file));
    for (const f of Object.keys(entry.files)) if (!editable.has(f)) issues.push(`${lesson.meta.title}: ${f} is not a file of this lesson.`);
    const expected = lessonRuns(lesson).map((r) => runKey(r.seed, r.faultPlan)).sort();
    const claimed = entry.runs.map((r) => runKey(r.seed, r.faultPlan)).sort();
    if (JSON.stringify(expected) !== JSON.stringify(claimed)) issues.push(`${lesson.meta.title}: its runs are not the lesson's seeds × fault plans.`);
  }
  for (const l of c.lessons) if (!pack.course.lessons.some((x) => lessonIdInPack(x.id) === l.id)) issues.push(`The lesson "${l.id}" is not in this pack.`);
  return issues;
}

export function runKey(seed: number, faultPlan: string): string {
  return `${faultPlan} · seed ${seed}`;
}

/** The learner's full code of a lesson: the starter with their files laid over it. */
export function lessonCode(lesson: Lesson, files: CodeFiles): CodeFiles {
  return { ...lesson.starter, ...files };
}
