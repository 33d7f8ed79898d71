// "Check my code" shared out among workers (worker/check-pool.ts), with helpers in this process
// standing in for helper workers (their messages cross through structuredClone, asynchronously,
// as postMessage does): the verdict is the one checkLesson gives alone — wrong answers fail the
// same checks on the same runs with the same trace hashes — with progress, cancel, a helper
// that is never ready and one that dies mid-check, and helpers warmed on other code first. Also
// each LessonCheck shared out by hand, in a shuffled order over three checks (and with the sweep's
// plan and baseline handed from one to the others): the same verdict.

import { describe, expect, it } from 'vitest';
import { CheckPool, type FromHelper, type HelperPort, type ToHelper } from '../../src/worker/check-pool';
import { checkHelper } from '../../src/worker/check-helper';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { solutionFiles, variantFiles } from '../../src/content/resolve';
import { checkLesson, LessonCheck, type CheckableLesson } from '../../src/content/check';
import type { CheckBatch } from '../../src/worker/simulator-api';

const { course } = await loadCourseFromDisk();
const lessonById = (id: string) => course.lessons.find((l) => l.id === id)!;
const page = (id: string): CheckableLesson => {
  const l = lessonById(id);
  return structuredClone({ id: l.id, meta: l.meta, scenarios: l.scenarios, starter: l.starter, solution: l.solution });
};
const later = () => new Promise((r) => setTimeout(r, 0));

/** A helper in this process: messages cross cloned, a macrotask later; `ready` when told. */
function fakeHelper(options: { ready?: boolean; dieAfterRuns?: number } = {}) {
  let onMessage: (m: FromHelper) => void = () => {};
  let onDeath: () => void = () => {};
  let runs = 0;
  let dead = false;
  const handle = checkHelper((m) => {
    const copy = structuredClone(m);
    setTimeout(() => !dead && onMessage(copy), 0);
  });
  const port: HelperPort = {
    post(message: ToHelper) {
      const copy = structuredClone(message);
      setTimeout(() => {
        if (dead) return;
        if (copy.type === 'run' && options.dieAfterRuns !== undefined && runs++ >= options.dieAfterRuns) {
          dead = true;
          onDeath();
          return;
        }
        handle(copy);
      }, 0);
    },
    listen(m, d) {
      onMessage = m;
      onDeath = d;
      if (options.ready !== false) setTimeout(() => onMessage({ type: 'ready' }), 0);
    },
  };
  return port;
}

async function drive(pool: CheckPool, lesson: CheckableLesson, files: Record<string, string>, onBatch?: (b: CheckBatch) => void) {
  const { checkId } = pool.checkStart(lesson, files);
  await later(); // the helpers say they are ready
  for (;;) {
    const batch = await pool.checkNext(checkId, 2, 50);
    onBatch?.(batch);
    if (batch.verdict) return batch.verdict;
  }
}

describe('a lesson check shared among workers', () => {
  it('gives the verdict checkLesson gives alone, for the solution and for wrong answers', async () => {
    const pool = new CheckPool([fakeHelper(), fakeHelper()]);
    for (const id of ['outbox']) {
      const lesson = lessonById(id);
      const variants = [solutionFiles(lesson), lesson.starter, ...Object.values(lesson.wrong ?? {}).slice(0, 2).map((w) => variantFiles(lesson, w.files))];
      for (const files of variants) {
        const progress: number[] = [];
        const verdict = await drive(pool, page(id), files, (b) => progress.push(b.done));
        expect(verdict).toEqual(checkLesson(lesson, files));
        expect(progress).toEqual([...progress].sort((a, b) => a - b));
      }
    }
  }, 240_000);

  it('gives the same verdict after warming its helpers on other code, and helpers take the sweep baseline from the pool', async () => {
    const lesson = lessonById('outbox');
    const sent: ToHelper['type'][] = [];
    const watched = (port: HelperPort): HelperPort => ({ ...port, post: (m) => (sent.push(m.type), port.post(m)) });
    const pool = new CheckPool([watched(fakeHelper()), watched(fakeHelper())]);
    pool.warm(page('outbox'), lesson.starter);
    await new Promise((r) => setTimeout(r, 50)); // the warm-up runs (and its sweep crash, a macrotask later)
    const wrong = variantFiles(lesson, Object.values(lesson.wrong!)[0]!.files);
    expect(await drive(pool, page('outbox'), wrong)).toEqual(checkLesson(lesson, wrong));
    expect(sent.filter((t) => t === 'warm')).toHaveLength(2);
    // The plan and baseline reach each helper before any sweep crash is handed to it.
    expect(sent.filter((t) => t === 'sweep')).toHaveLength(2);
  }, 120_000);

  it('runs alone when no helper is ready, and takes back the runs of a helper that died', async () => {
    const lesson = lessonById('inbox');
    const alone = await drive(new CheckPool([fakeHelper({ ready: false })]), page('inbox'), lesson.starter);
    expect(alone).toEqual(checkLesson(lesson, lesson.starter));
    const orphaned = await drive(new CheckPool([fakeHelper({ dieAfterRuns: 3 }), fakeHelper()]), page('inbox'), solutionFiles(lesson));
    expect(orphaned).toEqual(checkLesson(lesson, solutionFiles(lesson)));
    expect(orphaned.solved).toBe(true);
  }, 120_000);

  it('cancels: the verdict says so, and the check is closed', async () => {
    const pool = new CheckPool([fakeHelper()]);
    const { checkId } = pool.checkStart(page('inbox'), solutionFiles(lessonById('inbox')));
    await later();
    await pool.checkNext(checkId, 2, 50);
    const verdict = pool.checkCancel(checkId)!;
    expect(verdict.cancelled).toBe(true);
    expect(verdict.solved).toBe(false);
    expect(pool.checkCancel(checkId)).toBeNull();
    await expect(pool.checkNext(checkId, 2, 50)).rejects.toThrow(/no open check/);
  }, 60_000);

  it('gives the same verdict whichever of several checks runs which ordinal, in any order', () => {
    const lesson = lessonById('idempotency');
    for (const files of [solutionFiles(lesson), lesson.starter, variantFiles(lesson, Object.values(lesson.wrong!)[0]!.files)]) {
      const main = new LessonCheck(lesson, files);
      const others = [new LessonCheck(lesson, files), new LessonCheck(lesson, files)];
      main.absorb(main.prepareSweep());
      // One other check runs its own baseline when first handed a crash; the other is given the main check's.
      if (main.sharedSweep) others[1]!.adoptSweep(structuredClone(main.sharedSweep));
      const ordinals = Array.from({ length: main.plannedRuns + main.sweepRuns }, (_, i) => i).filter((i) => i !== main.baselineOrdinal);
      let x = 7;
      const next = () => (x = (x * 48271) % 2147483647);
      for (let i = ordinals.length - 1; i > 0; i--) {
        const j = next() % (i + 1);
        [ordinals[i], ordinals[j]] = [ordinals[j]!, ordinals[i]!];
      }
      for (const o of ordinals) {
        const w = next() % 3;
        main.absorb((w === 0 ? main : others[w - 1]!).runAt(o));
      }
      expect(main.finished).toBe(true);
      expect(main.verdict()).toEqual(checkLesson(lesson, files));
    }
  }, 120_000);
});
