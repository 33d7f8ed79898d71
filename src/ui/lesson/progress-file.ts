// Reading a progress file from outside (the course page's "Import progress"). The file is
// untrusted: a stranger's or a damaged one. Before anything of it is merged into this browser's
// progress, drafts or drill, it is walked once as plain bounded data (share/bounds.ts: depth,
// sizes, finite numbers, no prototype keys) and every lesson entry is checked field by field;
// the first problems are reported with their path, and nothing is imported. The store's own
// entry (localStorage) is read leniently instead (progress.svelte.ts): a field an older version
// wrote must not cost the learner their progress.

import { SHARE_BOUNDS, shapeIssues } from '../../share/bounds';
import type { LessonProgress } from './progress.svelte';

/** Progress files are at most this many characters (a course's code and a drill's history fit in far less). */
export const PROGRESS_FILE_CHARS_MAX = 5_000_000;
const LESSONS_MAX = 1_000;
const COUNT_MAX = 1_000_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= COUNT_MAX;
const isBool = (v: unknown) => typeof v === 'boolean';

/** Each field of a lesson entry and what it must be. */
const FIELDS: Record<keyof LessonProgress, [(v: unknown) => boolean, string]> = {
  solved: [isBool, 'true or false'],
  assisted: [isBool, 'true or false'],
  committed: [isBool, 'true or false'],
  solutionViewed: [isBool, 'true or false'],
  attempts: [isCount, `a whole number from 0 to ${COUNT_MAX.toLocaleString('en')}`],
  hints: [isCount, `a whole number from 0 to ${COUNT_MAX.toLocaleString('en')}`],
  predicted: [(v) => typeof v === 'number' && Number.isFinite(v), 'a number'],
  answers: [(v) => Array.isArray(v) && v.length <= 20 && v.every((a) => a === null || (typeof a === 'number' && Number.isFinite(a))), 'a list of at most 20 numbers (or null)'],
  code: [(v) => isObj(v) && Object.values(v).every((t) => typeof t === 'string'), 'a map of file names to code'],
};

/** Problems of an imported progress file's data, as "path: reason" lines (empty: it may be imported). */
export function progressFileIssues(data: unknown): string[] {
  const shape = shapeIssues(data, SHARE_BOUNDS);
  if (shape.length > 0) return shape.map((i) => `${i.path || 'the file'}: ${i.message}`);
  if (!isObj(data) || data.format !== 'brokerlab-progress' || data.version !== 1 || !isObj(data.lessons)) return ['not a Brokerlab progress file (expected format "brokerlab-progress", version 1)'];
  const issues: string[] = [];
  for (const key of Object.keys(data)) if (!['format', 'version', 'learner', 'lessons', 'drill'].includes(key)) issues.push(`${key}: is not a field of a progress file`);
  if (data.learner !== undefined && !(typeof data.learner === 'string' && data.learner.length > 0 && data.learner.length <= 100)) issues.push('learner: must be a learner id of at most 100 characters');
  const entries = Object.entries(data.lessons);
  if (entries.length > LESSONS_MAX) issues.push(`lessons: holds ${entries.length} lessons, at most ${LESSONS_MAX.toLocaleString('en')}`);
  for (const [id, entry] of entries.slice(0, LESSONS_MAX)) {
    const at = `lessons["${id.slice(0, 60)}"]`;
    if (id.length > 200) issues.push(`${at}: a lesson id is at most 200 characters`);
    if (!isObj(entry)) {
      issues.push(`${at}: expected an object`);
      continue;
    }
    for (const [key, value] of Object.entries(entry)) {
      const field = Object.prototype.hasOwnProperty.call(FIELDS, key) ? FIELDS[key as keyof LessonProgress] : undefined;
      if (!field) issues.push(`${at}.${key}: is not a field of a lesson's progress`);
      else if (!field[0](value)) issues.push(`${at}.${key}: must be ${field[1]}, got ${JSON.stringify(value)?.slice(0, 40)}`);
    }
    if (issues.length >= SHARE_BOUNDS.issuesMax) break;
  }
  return issues.slice(0, SHARE_BOUNDS.issuesMax);
}
