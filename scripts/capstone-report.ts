// Prints each design capstone's verdict and figures for its reference design and every wrong
// design (the rubric line it must fail, and the figures that show why): the numbers behind the
// capstones, measured by the same code the site runs in the worker (content/check.ts).
//   npx tsx scripts/capstone-report.ts [capstone-id]

import { loadHandlerRealmInNode } from '../src/realm/node';
import { loadCapstonesFromDisk } from '../src/content/capstones-node';
import { checkLesson } from '../src/content/check';

await loadHandlerRealmInNode();
const only = process.argv[2];
for (const c of await loadCapstonesFromDisk()) {
  if (only && c.id !== only) continue;
  const designs: [string, Record<string, string>, string | undefined][] = [['reference', {}, undefined], ...Object.entries(c.lesson.wrong ?? {}).map(([n, w]) => [n, w.files, w.fails] as [string, Record<string, string>, string])];
  for (const [name, overlay, mustFail] of designs) {
    const started = performance.now();
    const v = checkLesson(c.lesson, { ...c.lesson.starter, ...overlay });
    const failed = v.checks.filter((x) => x.passed < x.total).map((x) => `${x.name} (${x.total - x.passed}/${x.total})`);
    console.log(`${c.id} · ${name}: ${v.solved ? 'passes every line' : `fails ${failed.join(', ')}`}${mustFail ? ` — must fail ${mustFail}` : ''} · ${Math.round(performance.now() - started)} ms`);
    for (const f of v.figures ?? []) {
      const x = f.figures;
      console.log(`    ${f.run.faultPlan.padEnd(34)} ${String(x.throughputPerSecond).padStart(5)}/s  p50 ${String(x.p50Ticks ?? '—').padStart(5)}  p99 ${String(x.p99Ticks ?? '—').padStart(5)}${x.p99ExceptedTicks !== null ? `  p99 excepted ${x.p99ExceptedTicks}` : ''}  lost ${x.lost}  DLQ ${x.deadLettered}  reorders ${x.orderViolations}`);
    }
  }
}
