// The lesson verdict ("Check my code", content/check.ts) against the files in each lesson
// folder: the solution and every alternative pass every check on every run, the crash sweep
// included; every wrong answer fails the check its expect.json names; and every check a lesson
// lists is named by at least one wrong answer, so no check is one that can never fail. Every
// lesson must have at least three wrong answers and one alternative.

import { describe, expect, it } from 'vitest';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { solutionFiles, variantFiles } from '../../src/content/resolve';
import { checkLesson, CRASH_SWEEP, type LessonVerdict } from '../../src/content/check';

const { course } = await loadCourseFromDisk();

const TIMEOUT_MS = 120_000;
const failures = (v: LessonVerdict) => v.checks.filter((c) => c.failure).map((c) => `${c.name} (${c.passed}/${c.total}) on ${c.failure!.run.faultPlan}, seed ${c.failure!.run.seed}: ${c.failure!.explanation}`);

for (const lesson of course.lessons) {
  describe(`lesson ${lesson.path}`, () => {
    it('the solution passes every check on every run, crash sweep included', () => {
      const v = checkLesson(lesson, solutionFiles(lesson));
      expect(failures(v)).toEqual([]);
      expect(v.solved).toBe(true);
    }, TIMEOUT_MS);

    it.each(Object.keys(lesson.alternatives ?? {}))('alternative %s passes every check', (name) => {
      const v = checkLesson(lesson, variantFiles(lesson, lesson.alternatives![name]!));
      expect(failures(v)).toEqual([]);
      expect(v.solved).toBe(true);
    }, TIMEOUT_MS);

    it.each(Object.keys(lesson.wrong ?? {}))('wrong answer %s fails its declared check', (name) => {
      const w = lesson.wrong![name]!;
      const v = checkLesson(lesson, variantFiles(lesson, w.files), { stopOnFailure: w.fails });
      expect(v.solved).toBe(false);
      const named = v.checks.find((c) => c.name === w.fails);
      expect(named?.failure, `${name} should fail ${w.fails} (${w.why}); it failed: ${failures(v).join(' | ') || 'nothing'}`).toBeDefined();
    }, TIMEOUT_MS);

    it('has at least three wrong answers and one alternative, and each listed check is some wrong answer\'s failure', () => {
      expect(Object.keys(lesson.wrong ?? {}).length, `${lesson.path} needs wrong/<name>/ answers`).toBeGreaterThanOrEqual(3);
      expect(Object.keys(lesson.alternatives ?? {}).length, `${lesson.path} needs an alternatives/<name>/ solution`).toBeGreaterThanOrEqual(1);
      const declared = new Set(Object.values(lesson.wrong ?? {}).map((w) => w.fails));
      for (const c of lesson.meta.checks) expect(declared, `no wrong answer fails ${c.name}`).toContain(c.name);
    });
  });
}

describe('the verdict', () => {
  const outbox = course.lessons.find((l) => l.id === 'outbox')!;

  it('counts the lesson runs and the crash sweep, and names the first failure with its run', () => {
    const v = checkLesson(outbox, outbox.starter);
    expect(v.solved).toBe(false);
    const predicate = v.checks.find((c) => c.name === 'db-predicate')!;
    expect(predicate.passed).toBeLessThan(predicate.total);
    expect(predicate.failure!.run.faultPlan).toBe('crash after commit, before publish');
    expect(predicate.failure!.eventRefs.length).toBeGreaterThan(0);
    const sweep = v.checks.find((c) => c.name === CRASH_SWEEP)!;
    expect(sweep.total).toBeGreaterThan(6);
    expect(sweep.failure!.run.sweep!.point).toBe('after-commit-before-publish');
    expect(v.failedRuns.some((r) => r.run.sweep)).toBe(true);
  }, TIMEOUT_MS);

  it('stops when asked, and says it was cancelled', () => {
    let asked = 0;
    const v = checkLesson(outbox, solutionFiles(outbox), { shouldStop: () => ++asked > 3 });
    expect(v.cancelled).toBe(true);
    expect(v.solved).toBe(false);
    expect(v.runs).toBe(3);
  });

  it('reports code that cannot run on every check', () => {
    const v = checkLesson(outbox, { ...solutionFiles(outbox), 'Ordering/PlaceOrder.ts': 'export default defineHandler(' });
    expect(v.solved).toBe(false);
    expect(v.error).toMatch(/PlaceOrder/);
    for (const c of v.checks) expect(c.failure?.explanation).toMatch(/cannot run/);
  });
});
