// The course overview's estimates come from each lesson's content: more to read or to change
// takes longer, times are whole 5-minute steps, and the level follows the part.

import { describe, expect, it } from 'vitest';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { estimateLesson, levelOfPart, READING_WORDS_PER_MINUTE } from '../../src/content/estimate';
import type { Lesson } from '../../src/content/types';

// Loaded at the top level like the other lesson tests: no hook timeout to trip on a loaded machine.
const { course } = await loadCourseFromDisk();

describe('lesson estimates', () => {
  it('every lesson: 5-minute steps, a level, and what its solution changes', () => {
    for (const lesson of course.lessons) {
      const e = estimateLesson(lesson);
      expect(e.minutes % 5, lesson.id).toBe(0);
      expect(e.minutes, lesson.id).toBeGreaterThanOrEqual(10);
      expect(e.minutes, lesson.id).toBeLessThanOrEqual(60);
      expect(e.files, lesson.id).toBe(Object.keys(lesson.solution).length);
      expect(e.changedLines, lesson.id).toBeGreaterThan(0);
      expect(e.level).toBe(levelOfPart(lesson.part.order));
    }
  });

  it('more prose to read or more lines to change take longer', () => {
    const lesson = course.lessons[0]!;
    const base = estimateLesson(lesson).minutes;
    const longer: Lesson = { ...lesson, body: `${lesson.body} ${'word '.repeat(READING_WORDS_PER_MINUTE * 10)}` };
    expect(estimateLesson(longer).minutes).toBeGreaterThanOrEqual(base + 10);
    const file = Object.keys(lesson.solution)[0]!;
    const bigger: Lesson = { ...lesson, solution: { ...lesson.solution, [file]: `${lesson.solution[file]}\n${Array.from({ length: 40 }, (_, i) => `const x${i} = ${i};`).join('\n')}` } };
    expect(estimateLesson(bigger).changedLines).toBe(estimateLesson(lesson).changedLines + 40);
    expect(estimateLesson(bigger).minutes).toBeGreaterThan(base);
  });

  it('levels follow the parts', () => {
    expect([1, 2, 3, 4, 6].map(levelOfPart)).toEqual(['introductory', 'intermediate', 'intermediate', 'advanced', 'advanced']);
  });
});
