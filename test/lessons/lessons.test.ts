// Every lesson is a test. The course loads and validates; each lesson's solution passes every
// goal check on every listed seed and fault plan (several, so a lucky interleaving does not
// count); its starter fails at least one named check on some run (so the challenge is real);
// and every demo runs.

import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { formatContentIssues } from '../../src/content/parse';
import { validateCourse } from '../../src/content/validate';
import { demoRun, lessonRuns, resolveScenario, solutionFiles } from '../../src/content/resolve';

const { course, issues } = await loadCourseFromDisk();

describe('the course', () => {
  it('loads and validates without problems', () => {
    expect(formatContentIssues([...issues, ...validateCourse(course)])).toBe('');
  });

  it('has lessons with unique ids', () => {
    expect(course.lessons.length).toBeGreaterThan(0);
    expect(new Set(course.lessons.map((l) => l.id)).size).toBe(course.lessons.length);
  });
});

for (const lesson of course.lessons) {
  // Whole-lesson runs (a starter over every seed and plan) take seconds; 30 s was exceeded at load 16.
  describe(`lesson ${lesson.path}`, { timeout: 120_000 }, () => {
    const runs = lessonRuns(lesson);

    it.each(runs.map((r) => [r.faultPlan, r.seed, r] as const))('solution passes every check: %s, seed %i', (_plan, _seed, run) => {
      const result = runScenario(resolveScenario(lesson, solutionFiles(lesson), run.scenario), { seed: run.seed, faults: run.faults });
      const failed = result.checks.filter((c) => !c.valid).map((c) => `${c.name}: ${c.errors.map((e) => e.explanation).join(' | ')}`);
      expect(failed).toEqual([]);
      expect(result.endReason).not.toBe('eventsMax');
    });

    it('starter fails at least one named check', () => {
      const failures = runs.flatMap((run) => runScenario(resolveScenario(lesson, lesson.starter, run.scenario), { seed: run.seed, faults: run.faults }).checks.filter((c) => !c.valid).map((c) => c.name));
      expect(failures.length).toBeGreaterThan(0);
      for (const name of failures) expect(lesson.meta.checks.map((c) => c.name)).toContain(name);
    });

    it.each(lesson.meta.demos.map((d) => [d.label, d] as const))('demo runs: %s', (_label, demo) => {
      const { scenario, seed, faults } = demoRun(lesson, demo);
      const result = runScenario(scenario, { seed, faults });
      expect(result.trace.length).toBeGreaterThan(0);
    });
  });
}
