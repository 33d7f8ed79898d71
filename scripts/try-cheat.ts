// Tries a candidate answer against a lesson's full verdict and prints what each check said.
// A tool for playing the learner who cheats: a cheat that passes is a bug in the lesson's checks.
//   npx tsx scripts/try-cheat.ts <lesson-id> <dir with files laid over starter + solution> [--starter]
// The folder has the lesson's relative paths (Shop/PlaceOrder.ts); with --starter the files
// are laid over the starter only.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadCourseFromDisk } from '../src/content/node-loader';
import { variantFiles } from '../src/content/resolve';
import { checkLesson } from '../src/content/check';
import { loadHandlerRealmInNode } from '../src/realm/node';

await loadHandlerRealmInNode();
const [id, dir, flag] = process.argv.slice(2);
const { course } = await loadCourseFromDisk();
const lesson = course.lessons.find((l) => l.id === id) ?? course.lessons.find((l) => id !== undefined && l.id.startsWith(id));
if (!lesson || !dir) throw new Error(`usage: try-cheat <lesson-id> <dir>; lessons: ${course.lessons.map((l) => l.id).join(', ')}`);
const files: Record<string, string> = {};
const walk = (d: string) => { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p); else if (p.endsWith('.ts')) files[relative(dir, p)] = readFileSync(p, 'utf8'); } };
walk(dir);
const code = flag === '--starter' ? { ...lesson.starter, ...files } : variantFiles(lesson, files);
const t = performance.now();
const v = checkLesson(lesson, code);
console.log(`${id}: ${v.solved ? 'SOLVED' : 'refused'} in ${v.runs} runs, ${(performance.now() - t).toFixed(0)} ms${v.error ? ` — error: ${v.error}` : ''}`);
for (const c of v.checks) console.log(`  ${c.failure ? '✗' : '✓'} ${c.name} ${c.passed}/${c.total}${c.failure ? ` — ${c.failure.run.faultPlan} seed ${c.failure.run.seed}: ${c.failure.explanation}` : ''}`);
