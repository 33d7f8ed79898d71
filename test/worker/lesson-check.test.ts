// "Check my code" through the simulator API: a lesson check runs in batches (checkStart, then
// checkNext until finished), reports progress, can be cancelled, and its inputs and verdict
// survive structured cloning (what crossing to the worker does).

import { describe, expect, it } from 'vitest';
import { simulatorApi } from '../../src/worker/simulator-api';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { solutionFiles } from '../../src/content/resolve';
import { checkLesson } from '../../src/content/check';

const { course } = await loadCourseFromDisk();
const inbox = course.lessons.find((l) => l.id === 'inbox')!;
const page = structuredClone({ id: inbox.id, meta: inbox.meta, scenarios: inbox.scenarios, starter: inbox.starter, solution: inbox.solution });

describe('lesson check in the worker', () => {
  it('runs in batches with progress, and ends with the same verdict as checkLesson', () => {
    const { checkId, done } = simulatorApi.checkStart(page, inbox.starter);
    expect(done).toBe(0);
    let batch = simulatorApi.checkNext(checkId, 3);
    expect(batch.done).toBe(3);
    expect(batch.total).toBeGreaterThan(3);
    expect(batch.finished).toBe(false);
    let calls = 1;
    while (!batch.finished) {
      batch = simulatorApi.checkNext(checkId, 3);
      calls++;
    }
    expect(calls).toBeGreaterThan(3);
    const verdict = structuredClone(batch.verdict!);
    expect(verdict).toEqual(checkLesson(inbox, inbox.starter));
    expect(verdict.solved).toBe(false);
    expect(() => simulatorApi.checkNext(checkId)).toThrow(/no open check/);
  }, 60_000);

  it('passes the solution', () => {
    const { checkId } = simulatorApi.checkStart(page, solutionFiles(inbox));
    let batch = simulatorApi.checkNext(checkId, 100);
    while (!batch.finished) batch = simulatorApi.checkNext(checkId, 100);
    expect(batch.verdict!.solved).toBe(true);
  }, 60_000);

  it('ends a batch once its time budget is spent, after at least one run', () => {
    const { checkId } = simulatorApi.checkStart(page, solutionFiles(inbox));
    const batch = simulatorApi.checkNext(checkId, 100, 0);
    expect(batch.done).toBe(1);
    expect(batch.finished).toBe(false);
    simulatorApi.checkCancel(checkId);
  });

  it('cancels', () => {
    const { checkId } = simulatorApi.checkStart(page, solutionFiles(inbox));
    simulatorApi.checkNext(checkId, 2);
    const verdict = simulatorApi.checkCancel(checkId)!;
    expect(verdict.cancelled).toBe(true);
    expect(verdict.solved).toBe(false);
    expect(verdict.runs).toBe(2);
    expect(simulatorApi.checkCancel(checkId)).toBeNull();
  });
});
