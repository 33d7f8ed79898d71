// The course as the site sees it: every lesson file, found by one build-time glob over
// lessons/ (prose and handler files as raw text, scenario.ts as modules), built into a Course
// by the same pure code the Node loader feeds. Imported only by the lesson pages' lazy chunk,
// so first paint never waits for the curriculum. The build already refused broken content
// (vite-plugin.ts); shape issues found here are logged, not fatal.

import { buildCourse, formatContentIssues } from './parse';
import type { Course, Lesson, RawCourse } from './types';

const texts = import.meta.glob<string>(['/lessons/*/part.md', '/lessons/*/*/index.md', '/lessons/*/*/starter/**/*.ts', '/lessons/*/*/solution/**/*.ts'], { query: '?raw', import: 'default', eager: true });
const scenarioModules = import.meta.glob<Record<string, unknown>>('/lessons/*/*/scenario.ts', { eager: true });

function rawCourse(): RawCourse {
  const raw: RawCourse = { texts: {}, scenarios: {} };
  for (const [path, text] of Object.entries(texts)) raw.texts[path.replace(/^\/lessons\//, '')] = text;
  for (const [path, mod] of Object.entries(scenarioModules)) raw.scenarios[path.replace(/^\/lessons\//, '').replace(/\/scenario\.ts$/, '')] = { ...mod };
  return raw;
}

let cached: Course | null = null;

export function course(): Course {
  if (cached) return cached;
  const { course: built, issues } = buildCourse(rawCourse());
  if (issues.length > 0) console.warn(formatContentIssues(issues));
  cached = built;
  return built;
}

export function findLesson(id: string): Lesson | undefined {
  return course().lessons.find((l) => l.id === id);
}

/** The lessons before and after, in course order. */
export function neighbours(id: string): { previous?: Lesson; next?: Lesson } {
  const all = course().lessons;
  const i = all.findIndex((l) => l.id === id);
  return { ...(i > 0 ? { previous: all[i - 1] } : {}), ...(i >= 0 && i < all.length - 1 ? { next: all[i + 1] } : {}) };
}
