// Predictions are real guesses: across the course the right choice is neither usually the
// longest nor usually at the same position; every lesson asks 2–3 questions, one numeric; and
// every stated number is what the lesson's first demo actually shows, counted from its trace,
// as is the key moment the demo stops at.

import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { demoRun } from '../../src/content/resolve';
import { coursePredictionIssues, predictionIssues, rightIsLongest, RIGHT_LONGEST_SHARE_MAX } from '../../src/content/predictions';
import { countMatches, findKeyMoment } from '../../src/projections/trace-match';
import type { ChoicePrediction, Course } from '../../src/content/types';

const { course } = await loadCourseFromDisk();
const choices = course.lessons.flatMap((l) => l.meta.predict.filter((p): p is ChoicePrediction => p.kind === 'choice'));

describe('predictions across the course', () => {
  it('every lesson has 2–3 predictions, at least one numeric, and a key moment on its first demo', () => {
    for (const lesson of course.lessons) {
      expect(lesson.meta.predict.length, lesson.id).toBeGreaterThanOrEqual(2);
      expect(lesson.meta.predict.length, lesson.id).toBeLessThanOrEqual(3);
      expect(lesson.meta.predict.some((p) => p.kind === 'number'), lesson.id).toBe(true);
      expect(lesson.meta.demos[0]?.keyMoment, lesson.id).toBeDefined();
      expect(predictionIssues(lesson), lesson.id).toEqual([]);
    }
  });

  it('the right choice is not usually the longest, nor usually at one position', () => {
    const longest = choices.filter(rightIsLongest).length;
    expect(longest).toBeLessThanOrEqual(Math.floor(choices.length * RIGHT_LONGEST_SHARE_MAX));
    const positions = new Map<number, number>();
    for (const p of choices) positions.set(p.answer, (positions.get(p.answer) ?? 0) + 1);
    expect(Math.max(...positions.values())).toBeLessThanOrEqual(choices.length / 2);
    expect(coursePredictionIssues(course)).toEqual([]);
  });

  it('the course rule catches a pattern: the right choice always the longest and always second', () => {
    const rigged: Course = {
      ...course,
      lessons: course.lessons.map((l) => ({ ...l, meta: { ...l.meta, predict: l.meta.predict.map((p) => (p.kind === 'choice' ? { ...p, choices: ['no', `${p.choices[p.answer]} (right)`, 'nope'], answer: 1 } : p)) } })),
    };
    const issues = coursePredictionIssues(rigged).join('\n');
    expect(issues).toMatch(/the right choice is the longest in \d+ of \d+/);
    expect(issues).toMatch(/the right choice is choice 2 in \d+ of \d+/);
  });
});

for (const lesson of course.lessons) {
  it(`${lesson.id}: each numeric answer and the key moment are what the first demo's trace shows`, () => {
    const { scenario, seed, faults } = demoRun(lesson, lesson.meta.demos[0]!);
    const trace = runScenario(scenario, { seed, faults }).trace;
    expect(findKeyMoment(trace, lesson.meta.demos[0]!.keyMoment!), 'key moment').toBeDefined();
    for (const p of lesson.meta.predict) if (p.kind === 'number') expect(countMatches(trace, p.count), p.question).toBe(p.answer);
  });
}
