// What a pack page asks of the worker: validating the pack's lessons (after consent: it runs
// their code), checking a lesson's code on its full matrix and crash sweep (the same
// `checkLesson` as "Check my code"), and the trace hash of each run of its matrix. The
// completion file is made from these, and the verify page re-does them and compares: the
// teacher trusts the simulator's determinism, never the learner's browser.

import type { Simulator } from '../../worker/client';
import type { Pack } from '../../content/pack';
import { lessonIdInPack } from '../../content/pack';
import { completionClaimIssues, lessonCode, makeCompletion, runKey, type Completion, type CompletionLesson, type CompletionRun } from '../../content/completion';
import { lessonRuns, resolveScenario, type CodeFiles } from '../../content/resolve';
import type { LessonVerdict } from '../../content/check';
import type { Lesson } from '../../content/types';

/** Engine-level problems with the pack's lessons (empty: every lesson is sound). */
export async function validatePackLessons(sim: Simulator, pack: Pack): Promise<string[]> {
  const out: string[] = [];
  for (const lesson of pack.course.lessons) {
    try {
      for (const issue of await sim.validateLesson(lesson)) out.push(`${issue.where.replace(/^[^/]+\/[^/]+/, lessonIdInPack(lesson.id))}: ${issue.message}`);
    } catch (error) {
      out.push(`${lesson.meta.title}: could not be validated: ${(error as Error).message}`);
    }
  }
  return out;
}

/** "Check my code" on the worker, to the end: every seed × fault plan and the crash sweep. */
export async function checkInWorker(sim: Simulator, lesson: Lesson, files: CodeFiles): Promise<LessonVerdict> {
  const { checkId } = await sim.checkStart(lesson, files);
  for (;;) {
    const batch = await sim.checkNext(checkId, 50, 150);
    if (batch.finished && batch.verdict) return batch.verdict;
  }
}

/** The trace hash of each run of the lesson's matrix with this code. */
export async function matrixHashes(sim: Simulator, lesson: Lesson, files: CodeFiles): Promise<CompletionRun[]> {
  const out: CompletionRun[] = [];
  for (const run of lessonRuns(lesson)) {
    const result = await sim.run({ scenario: resolveScenario(lesson, lessonCode(lesson, files), run.scenario), seed: run.seed, faults: run.faults });
    out.push({ seed: run.seed, faultPlan: run.faultPlan, hash: result.hash });
  }
  return out;
}

/** The completion file for a learner whose code (per pack lesson id) solves every lesson. */
export async function buildCompletion(sim: Simulator, pack: Pack, name: string, code: (lesson: Lesson) => CodeFiles): Promise<Completion> {
  const lessons: CompletionLesson[] = [];
  for (const lesson of pack.course.lessons) {
    const files = code(lesson);
    lessons.push({ id: lessonIdInPack(lesson.id), files, runs: await matrixHashes(sim, lesson, files) });
  }
  return makeCompletion(name, pack, lessons);
}

export interface Verification {
  ok: boolean;
  /** One line per lesson, or the reasons it was refused. */
  lines: string[];
}

/** Re-runs everything a completion file claims; refuses it at the first thing that does not hold. */
export async function verifyCompletion(sim: Simulator, pack: Pack, c: Completion): Promise<Verification> {
  const claims = completionClaimIssues(c, pack);
  if (claims.length > 0) return { ok: false, lines: claims };
  const lines: string[] = [];
  for (const lesson of pack.course.lessons) {
    const entry = c.lessons.find((l) => l.id === lessonIdInPack(lesson.id))!;
    const verdict = await checkInWorker(sim, lesson, lessonCode(lesson, entry.files));
    if (!verdict.solved) {
      const failed = verdict.checks.find((x) => x.failure);
      return { ok: false, lines: [`${lesson.meta.title}: the code does not pass — ${verdict.error ?? (failed ? `${failed.name} fails on ${failed.failure!.run.faultPlan}, seed ${failed.failure!.run.seed}` : 'not every run passed')}.`] };
    }
    const hashes = await matrixHashes(sim, lesson, entry.files);
    for (const h of hashes) {
      const claimed = entry.runs.find((r) => runKey(r.seed, r.faultPlan) === runKey(h.seed, h.faultPlan));
      if (claimed?.hash !== h.hash) return { ok: false, lines: [`${lesson.meta.title}: the run "${runKey(h.seed, h.faultPlan)}" has trace hash ${h.hash}, the file says ${claimed?.hash ?? 'nothing'} — the file was changed or made with other code.`] };
    }
    lines.push(`${lesson.meta.title}: every check passes on ${verdict.runs} runs, and all ${hashes.length} trace hashes match.`);
  }
  return { ok: true, lines };
}
