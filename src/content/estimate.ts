// What a lesson asks of the learner, for the course overview: an estimated time and a level.
// Both are read from the lesson's own content, so they stay true as lessons change: time is
// reading (prose and interview answers at READING_WORDS_PER_MINUTE) plus a minute per
// prediction and per demo plus the challenge (CHALLENGE_MINUTES_BASE, and a minute per two
// lines the reference solution changes), rounded up to 5 minutes. The level is where the lesson
// sits in the course: the foundations are introductory, the reliability patterns, ordering
// and brokers intermediate, workflows, operations and the interview part advanced.

import type { Lesson } from './types';

export const READING_WORDS_PER_MINUTE = 200;
export const CHALLENGE_MINUTES_BASE = 5;

export type LessonLevel = 'introductory' | 'intermediate' | 'advanced';

export interface LessonEstimate {
  minutes: number;
  level: LessonLevel;
  /** Lines the reference solution adds or removes, over `files` handler files. */
  changedLines: number;
  files: number;
}

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Lines in one text but not the other, counted with their multiplicity, both ways. */
function changedLines(before: string, after: string): number {
  const count = (text: string) => {
    const m = new Map<string, number>();
    for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) m.set(line, (m.get(line) ?? 0) + 1);
    return m;
  };
  const a = count(before);
  const b = count(after);
  let n = 0;
  for (const [line, k] of b) n += Math.max(0, k - (a.get(line) ?? 0));
  for (const [line, k] of a) n += Math.max(0, k - (b.get(line) ?? 0));
  return n;
}

export function levelOfPart(partOrder: number): LessonLevel {
  return partOrder <= 1 ? 'introductory' : partOrder <= 3 ? 'intermediate' : 'advanced';
}

export function estimateLesson(lesson: Lesson): LessonEstimate {
  const reading = words(lesson.body) + lesson.meta.interview.reduce((n, q) => n + words(q.q) + words(q.a), 0);
  const files = Object.keys(lesson.solution);
  const changed = files.reduce((n, f) => n + changedLines(lesson.starter[f] ?? '', lesson.solution[f]!), 0);
  const raw = reading / READING_WORDS_PER_MINUTE + lesson.meta.predict.length + lesson.meta.demos.length + CHALLENGE_MINUTES_BASE + changed / 2;
  return { minutes: Math.max(5, Math.ceil(raw / 5) * 5), level: levelOfPart(lesson.part.order), changedLines: changed, files: files.length };
}
