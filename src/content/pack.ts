// Classroom packs: a teacher's lessons in the course's own folder format, bundled into one
// static JSON file (docs/packs.md). A pack is untrusted input — it comes from any URL or a file
// the learner chose — so this module only reads it as data: size limits first (with errors that
// say which limit and by how much), then the manifest's shape, then every file's path against
// the folder format, then the lessons through the same `buildCourse` the built-in course uses.
// Scenarios are JSON (`scenario.json`, named variants `scenario.<name>.json`), never modules:
// nothing in a pack is evaluated here. Its handler code runs later, in the worker's QuickJS
// realm, and only after the learner has seen whose pack it is (ui/pack). Pure: no DOM, no engine.

import { buildCourse, type ContentIssue } from './parse';
import type { Course, Lesson, RawCourse } from './types';
import { SCENARIO_FORMAT_VERSION } from '../engine/scenario/types';
import { SHARE_BOUNDS, shapeIssues } from '../share/bounds';

export const PACK_FORMAT = 'brokerlab-pack';
export const PACK_FORMAT_VERSION = 1;

/** The limits a pack must keep; a pack beyond one is refused with the figure. */
export const PACK_LIMITS = {
  /** The whole pack file, in bytes (UTF-8). */
  bytesMax: 1_000_000,
  filesMax: 300,
  /** One file's text, in characters. */
  fileCharsMax: 100_000,
  lessonsMax: 30,
  titleCharsMax: 120,
  descriptionCharsMax: 600,
} as const;

export interface PackManifest {
  id: string;
  version: string;
  title: string;
  author: string;
  description?: string;
}

export interface Pack extends PackManifest {
  /** Where it came from, as shown to the learner ("https://teacher.example/pack.json", "file pack.json"). */
  origin: string;
  /** SHA-256 of the pack file's text (hex), naming this exact version of it. */
  digest: string;
  /** The lessons, ids prefixed (`pack:<pack id>:<lesson id>`) so progress and drafts never meet the course's. */
  course: Course;
  /** The files as shipped, by path relative to the pack's lessons folder. */
  files: Record<string, string>;
}

export type PackResult = { ok: true; pack: Pack } | { ok: false; errors: string[] };

const ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,19}$/;
/** The folder format's files: part.md, index.md, scenario(.name).json, and handler code. */
const PACK_FILE = /^\d*-?[a-z0-9][a-z0-9-]*\/(part\.md|\d*-?[a-z0-9][a-z0-9-]*\/(index\.md|scenario(\.[a-zA-Z][a-zA-Z0-9]*)?\.json|(starter|solution)\/[A-Za-z0-9_-]+\/[A-Za-z0-9_.-]+\.ts|(alternatives|wrong)\/[a-z0-9-]+\/([A-Za-z0-9_-]+\/[A-Za-z0-9_.-]+\.ts|expect\.json)))$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max: number): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max;

export function packLessonId(packId: string, lessonId: string): string {
  return `pack:${packId}:${lessonId}`;
}

/** The lesson's id inside its pack ("loyalty-points" of "pack:example:loyalty-points"). */
export function lessonIdInPack(id: string): string {
  return id.slice(id.lastIndexOf(':') + 1);
}

export function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

function formatBytes(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : `${Math.ceil(n / 1000)} kB`;
}

/** Reads a pack file. `origin` and `digest` are the caller's (the fetch or the file, and its SHA-256). */
export function parsePack(source: string, origin: string, digest: string): PackResult {
  const bytes = utf8Bytes(source);
  if (bytes > PACK_LIMITS.bytesMax) return { ok: false, errors: [`The pack is ${formatBytes(bytes)}; a pack may be at most ${formatBytes(PACK_LIMITS.bytesMax)}.`] };
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    return { ok: false, errors: [`The pack is not JSON: ${(error as Error).message}`] };
  }
  const errors: string[] = [];
  if (!isObj(data)) return { ok: false, errors: ['The pack must be a JSON object (see docs/packs.md).'] };
  const shape = shapeIssues(data, SHARE_BOUNDS);
  if (shape.length > 0) return { ok: false, errors: shape.map((i) => `${i.path || 'The pack'}: ${i.message}`) };
  if (data.format !== PACK_FORMAT) errors.push(`"format" must be "${PACK_FORMAT}".`);
  if (data.formatVersion !== PACK_FORMAT_VERSION) errors.push(`"formatVersion" must be ${PACK_FORMAT_VERSION} (this site reads version ${PACK_FORMAT_VERSION}), got ${JSON.stringify(data.formatVersion)}.`);
  if (!(typeof data.id === 'string' && ID.test(data.id))) errors.push('"id" must be 1–40 lowercase letters, digits and dashes, starting with a letter or digit.');
  if (!(typeof data.version === 'string' && VERSION.test(data.version))) errors.push('"version" must be a short version such as "1.0.0".');
  if (!text(data.title, PACK_LIMITS.titleCharsMax)) errors.push(`"title" must be a text of at most ${PACK_LIMITS.titleCharsMax} characters.`);
  if (!text(data.author, PACK_LIMITS.titleCharsMax)) errors.push(`"author" must name who wrote the pack, in at most ${PACK_LIMITS.titleCharsMax} characters.`);
  if (data.description !== undefined && !text(data.description, PACK_LIMITS.descriptionCharsMax)) errors.push(`"description" must be a text of at most ${PACK_LIMITS.descriptionCharsMax} characters.`);
  if (!isObj(data.files)) errors.push('"files" must be an object: path in the lessons folder → file text.');
  if (errors.length > 0) return { ok: false, errors };
  const files = data.files as Obj;
  const paths = Object.keys(files);
  if (paths.length > PACK_LIMITS.filesMax) return { ok: false, errors: [`The pack has ${paths.length} files; a pack may hold at most ${PACK_LIMITS.filesMax}.`] };
  const raw: RawCourse = { texts: {}, scenarios: {} };
  const kept: Record<string, string> = {};
  for (const path of paths) {
    const value = files[path];
    if (typeof value !== 'string') {
      errors.push(`${path}: a file's content must be text.`);
      continue;
    }
    if (value.length > PACK_LIMITS.fileCharsMax) {
      errors.push(`${path} has ${value.length.toLocaleString('en')} characters; a file may have at most ${PACK_LIMITS.fileCharsMax.toLocaleString('en')}.`);
      continue;
    }
    if (!PACK_FILE.test(path) || path.split('/').some((p) => p === '..' || p === '.')) {
      errors.push(`${path}: not a file of the lesson folder format (part.md, index.md, scenario.json, starter/ and solution/ handler .ts files).`);
      continue;
    }
    kept[path] = value;
    const scenario = /^([^/]+\/[^/]+)\/scenario(?:\.([a-zA-Z][a-zA-Z0-9]*))?\.json$/.exec(path);
    if (!scenario) {
      raw.texts[path] = value;
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      errors.push(`${path} is not JSON: ${(error as Error).message}`);
      continue;
    }
    const shapeOfScenario = shapeIssues(parsed, SHARE_BOUNDS);
    if (shapeOfScenario.length > 0) {
      errors.push(...shapeOfScenario.map((i) => `${path} ${i.path || '(whole)'}: ${i.message}`));
      continue;
    }
    if (!isObj(parsed) || !Array.isArray(parsed.services)) {
      errors.push(`${path} must be a scenario object with services (the data a built-in lesson's scenario.ts exports).`);
      continue;
    }
    (raw.scenarios[scenario[1]!] ??= {})[scenario[2] ?? 'default'] = { ...parsed, formatVersion: SCENARIO_FORMAT_VERSION };
  }
  if (errors.length > 0) return { ok: false, errors };
  const { course, issues } = buildCourse(raw);
  if (issues.length > 0) return { ok: false, errors: issues.map(formatIssue) };
  if (course.lessons.length === 0) return { ok: false, errors: ['The pack holds no lesson (a lesson is a folder <part>/<lesson>/ with index.md and scenario.json).'] };
  if (course.lessons.length > PACK_LIMITS.lessonsMax) return { ok: false, errors: [`The pack has ${course.lessons.length} lessons; a pack may hold at most ${PACK_LIMITS.lessonsMax}.`] };
  const id = data.id as string;
  for (const l of course.lessons) l.id = packLessonId(id, l.id);
  const manifest: PackManifest = { id, version: data.version as string, title: (data.title as string).trim(), author: (data.author as string).trim(), ...(typeof data.description === 'string' ? { description: data.description.trim() } : {}) };
  return { ok: true, pack: { ...manifest, origin, digest, course, files: kept } };
}

function formatIssue(i: ContentIssue): string {
  return `${i.where}: ${i.message}`;
}

/** A pack's lesson by its id inside the pack. */
export function packLesson(pack: Pack, id: string): Lesson | undefined {
  return pack.course.lessons.find((l) => lessonIdInPack(l.id) === id);
}

/**
 * Bundles a pack folder's files (as read from disk: `pack.json` and `lessons/…`) into the pack
 * file a teacher hosts; scripts/pack.ts writes it, and the tests prove the example is current.
 */
export function bundlePack(manifest: PackManifest, files: Record<string, string>): string {
  const sorted: Record<string, string> = {};
  for (const path of Object.keys(files).sort()) sorted[path] = files[path]!;
  return `${JSON.stringify({ format: PACK_FORMAT, formatVersion: PACK_FORMAT_VERSION, ...manifest, files: sorted }, null, 1)}\n`;
}
