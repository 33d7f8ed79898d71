// temp (not committed): runs every attack folder under /tmp/vc/att/<lesson>/<attack>
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadCourseFromDisk } from '../src/content/node-loader';
import { variantFiles } from '../src/content/resolve';
import { checkLesson } from '../src/content/check';
import { loadHandlerRealmInNode } from '../src/realm/node';
await loadHandlerRealmInNode();
const { course } = await loadCourseFromDisk();
const root = process.env.ATT ?? '/tmp/vc/att';
const only = process.argv[2];
for (const id of readdirSync(root)) {
  if (only && id !== only) continue;
  const lesson = course.lessons.find((l) => l.id === id)!;
  for (const att of readdirSync(join(root, id)).sort()) {
    if (process.argv[3] && att !== process.argv[3]) continue;
    const dir = join(root, id, att);
    const files: Record<string, string> = {};
    const walk = (d: string) => { for (const f of readdirSync(d)) { const p = join(d, f); if (statSync(p).isDirectory()) walk(p); else if (p.endsWith('.ts')) files[relative(dir, p)] = readFileSync(p, 'utf8'); } };
    walk(dir);
    const code = existsSync(join(dir, 'STARTER')) ? { ...lesson.starter, ...files } : variantFiles(lesson, files);
    const t = performance.now();
    const v = checkLesson(lesson, code);
    const failed = v.checks.filter((c) => c.failure);
    console.log(`${v.solved ? 'PASSES!!' : 'refused '} ${id}/${att} (${v.runs} runs, ${(performance.now() - t).toFixed(0)} ms)${v.error ? ' error: ' + v.error : ''}`);
    for (const c of failed) console.log(`    ✗ ${c.name} ${c.passed}/${c.total} — ${c.failure!.run.faultPlan} s${c.failure!.run.seed}: ${c.failure!.explanation.slice(0, 260)}`);
  }
}
