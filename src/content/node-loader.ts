// Reads the lessons folder from disk for Node hosts (tests, the CLI, the build check): the
// same RawCourse the app gets from its Vite glob. scenario.ts modules are imported with the
// host's importer — vitest and tsx import TypeScript natively; the Vite plugin passes tsx's.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCourse, type ContentIssue } from './parse';
import type { Course, RawCourse } from './types';

export type ModuleImporter = (url: string) => Promise<Record<string, unknown>>;

export const LESSONS_DIR = resolve(import.meta.dirname ?? '.', '../../lessons');

/** Every file under `dir`, depth first, in name order (the same order on every machine). */
export function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) filesUnder(p, out);
    else out.push(p);
  }
  return out;
}

// Wrong answers and alternatives (and their expect.json) are read here, for the tests and the
// build check; the site's glob (course.ts) leaves them out of the bundle.
const TEXT_FILE = /^[^/]+\/(part\.md|[^/]+\/(index\.md|(starter|solution)\/.+\.ts|(wrong|alternatives)\/[^/]+\/(.+\.ts|expect\.json)))$/;

export async function readRawCourse(dir = LESSONS_DIR, importer: ModuleImporter = (u) => import(/* @vite-ignore */ u)): Promise<RawCourse> {
  const raw: RawCourse = { texts: {}, scenarios: {} };
  if (!existsSync(dir)) return raw;
  for (const file of filesUnder(dir)) {
    const rel = relative(dir, file).split(sep).join('/');
    if (TEXT_FILE.test(rel)) raw.texts[rel] = readFileSync(file, 'utf8');
    const m = /^([^/]+\/[^/]+)\/scenario\.ts$/.exec(rel);
    if (m) raw.scenarios[m[1]!] = await importer(pathToFileURL(file).href);
  }
  return raw;
}

export async function loadCourseFromDisk(dir = LESSONS_DIR, importer?: ModuleImporter): Promise<{ course: Course; issues: ContentIssue[] }> {
  return buildCourse(await readRawCourse(dir, importer));
}
