// The rules a lesson's predictions follow, so that a prediction is a real guess and not a
// puzzle about the page: 2–3 per lesson, at least one numeric; the right choice is not given
// away by its length (per question, and across the course it is not usually the longest); the
// right answers are not usually at the same position as written (the page shuffles them per
// learner, but a file read or a screen reader's order should not teach "pick B" either). And
// the answers are the run's: the first demo names its key moment, and each numeric answer
// equals what the demo's trace counts. Pure: the run is passed in.

import type { TraceEvent } from '../engine/trace/types';
import { countMatches, findKeyMoment } from '../projections/trace-match';
import type { ChoicePrediction, Course, Lesson } from './types';

export const PREDICTIONS_MIN = 2;
export const PREDICTIONS_MAX = 3;
/** The right choice may be at most this much longer than the longest wrong one. */
export const RIGHT_LENGTH_RATIO_MAX = 1.4;
/** Across the course, the right choice may be the longest in at most this share of questions. */
export const RIGHT_LONGEST_SHARE_MAX = 1 / 3;
/** Across the course, no position may hold more than this share of the right answers. */
export const ANSWER_POSITION_SHARE_MAX = 0.5;

const choices = (lesson: Lesson) => lesson.meta.predict.filter((p): p is ChoicePrediction => p.kind === 'choice');

/** The right choice is strictly longer than every wrong one. */
export function rightIsLongest(p: ChoicePrediction): boolean {
  const right = p.choices[p.answer]!.length;
  return p.choices.every((c, i) => i === p.answer || c.length < right);
}

/** Problems with one lesson's predictions that need no run. */
export function predictionIssues(lesson: Lesson): string[] {
  const issues: string[] = [];
  const list = lesson.meta.predict;
  if (list.length < PREDICTIONS_MIN || list.length > PREDICTIONS_MAX) issues.push(`predict: a lesson needs ${PREDICTIONS_MIN}–${PREDICTIONS_MAX} predictions, found ${list.length}`);
  if (!list.some((p) => p.kind === 'number')) issues.push('predict: at least one prediction must be numeric (an answer: number and a count over the demo\'s trace)');
  for (const [i, p] of list.entries()) {
    if (p.kind !== 'choice') continue;
    const right = p.choices[p.answer]!.length;
    const longestWrong = Math.max(...p.choices.filter((_, j) => j !== p.answer).map((c) => c.length));
    if (right > longestWrong * RIGHT_LENGTH_RATIO_MAX) issues.push(`predict[${i}]: the right choice (${right} characters) is much longer than every wrong one (at most ${longestWrong}): its length gives it away`);
  }
  if (list.length > 0 && !lesson.meta.demos[0]?.keyMoment) issues.push('demos[0] needs a keyMoment: the predictions are about the first demo, which plays up to that event');
  return issues;
}

/** Problems across the course: the right answer's length and position are not a pattern. */
export function coursePredictionIssues(course: Course): string[] {
  const all = course.lessons.flatMap(choices);
  if (all.length < 6) return [];
  const issues: string[] = [];
  const longest = all.filter(rightIsLongest).length;
  if (longest > all.length * RIGHT_LONGEST_SHARE_MAX) issues.push(`the right choice is the longest in ${longest} of ${all.length} choice predictions (at most ${Math.floor(all.length * RIGHT_LONGEST_SHARE_MAX)} allowed): learners learn to pick the longest`);
  const byPosition = new Map<number, number>();
  for (const p of all) byPosition.set(p.answer, (byPosition.get(p.answer) ?? 0) + 1);
  for (const [position, n] of byPosition) {
    if (n > all.length * ANSWER_POSITION_SHARE_MAX) issues.push(`the right choice is choice ${position + 1} in ${n} of ${all.length} choice predictions (at most ${Math.floor(all.length * ANSWER_POSITION_SHARE_MAX)} allowed)`);
  }
  return issues;
}

/** Problems between the predictions and the first demo's run: its key moment exists, each number is what the trace shows. */
export function predictionRunIssues(lesson: Lesson, trace: readonly TraceEvent[]): string[] {
  const issues: string[] = [];
  const moment = lesson.meta.demos[0]?.keyMoment;
  if (moment && !findKeyMoment(trace, moment)) issues.push(`demos[0].keyMoment "${moment.label}": no such event in the demo's run (${JSON.stringify(moment.match)}, nth ${moment.nth ?? 1})`);
  for (const [i, p] of lesson.meta.predict.entries()) {
    if (p.kind !== 'number') continue;
    const seen = countMatches(trace, p.count);
    if (seen !== p.answer) issues.push(`predict[${i}]: the answer is ${p.answer} but the first demo's trace counts ${seen} (${JSON.stringify(p.count)})`);
  }
  return issues;
}
