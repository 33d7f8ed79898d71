// Every lesson demo can be stepped by key moments: the moment it names is found in its run, and
// no demo is left with only the quiet fallback ('the first message'): each shows a moment of
// its lesson's idea, named in its frontmatter or found in its run (a crash, a dead letter…).

import { beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { demoRun } from '../../src/content/resolve';
import { demoMoments } from '../../src/content/demo-moments';
import { findKeyMoments } from '../../src/projections/key-moments';
import type { Course } from '../../src/content/types';

// Every lesson's demos run here: seconds quiet, over 30 s at load 16 (the timeout is a hang guard).
describe('lesson demos have key moments', { timeout: 120_000 }, () => {
  let course: Course;
  beforeAll(async () => {
    course = (await loadCourseFromDisk()).course;
  });

  it('each demo\'s run shows its named moment, and a moment that is not the fallback', () => {
    expect(course.lessons.length).toBeGreaterThan(10);
    const onFallback: string[] = [];
    for (const lesson of course.lessons) {
      for (const demo of lesson.meta.demos) {
        const { scenario, seed, faults } = demoRun(lesson, demo);
        const { trace } = runScenario(scenario, { seed, faults });
        const spec = demoMoments(demo);
        const found = findKeyMoments(trace, spec.named, spec.options);
        const where = `${lesson.id} / ${demo.label}`;
        expect(found.length, where).toBeGreaterThan(0);
        if (demo.keyMoment) {
          expect(found.find((m) => m.source === 'named')?.label, where).toBe(demo.keyMoment.label);
        }
        if (found.every((m) => m.source === 'auto' && m.label === 'the first message')) onFallback.push(where);
      }
    }
    expect(onFallback, 'demos whose only key moment is the fallback "the first message": name one in their keyMoment').toEqual([]);
  });
});
