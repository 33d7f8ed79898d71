// Every lesson demo can be stepped by key moments: the moment it names is found in its run, and
// every demo's run has at least one moment (a quiet one: its first message).

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

  it('each demo\'s run shows its named moment, and at least one moment', () => {
    expect(course.lessons.length).toBeGreaterThan(10);
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
      }
    }
  });
});
