// The content check the build runs: load every lesson from disk, validate it, and return one
// message listing every problem (or null). Loaded by vite-plugin.ts through tsx, so the Vite
// config itself stays free of the engine and the content code.

import { loadCourseFromDisk, type ModuleImporter } from './node-loader';
import { formatContentIssues } from './parse';
import { validateCourse } from './validate';
import { loadHandlerRealmInNode } from '../realm/node';

export async function checkLessons(importer: ModuleImporter): Promise<string | null> {
  await loadHandlerRealmInNode(); // validation runs the lessons' demos: their handlers need the realm
  const { course, issues } = await loadCourseFromDisk(undefined, importer);
  const all = [...issues, ...validateCourse(course)];
  return all.length === 0 ? null : `Broken lesson content (${all.length} problem${all.length === 1 ? '' : 's'}):\n${formatContentIssues(all)}`;
}
