// Shared by the capstone tests: a capstone's verdict on a set of files through the lessons' own
// checker (content/check.ts), on all its fault plans or on one.
import { checkLesson, type LessonVerdict } from '../../src/content/check';
import type { Capstone } from '../../src/content/capstone-types';
import { loadCapstonesFromDisk } from '../../src/content/capstones-node';

export async function capstone(id: string): Promise<Capstone> {
  const found = (await loadCapstonesFromDisk()).find((c) => c.id === id);
  if (!found) throw new Error(`no capstone ${id}`);
  return found;
}

/** The verdict on the reference design with `overlay` laid over it, on every plan or only `plan`. */
export function verdictOf(c: Capstone, overlay: Record<string, string> = {}, plan?: string): LessonVerdict {
  const faultPlans = plan ? c.lesson.meta.faultPlans.filter((p) => p.name === plan) : c.lesson.meta.faultPlans;
  if (faultPlans.length === 0) throw new Error(`no plan ${plan}`);
  return checkLesson({ ...c.lesson, meta: { ...c.lesson.meta, faultPlans } }, { ...c.lesson.starter, ...overlay });
}

const wrongVerdicts = new Map<string, LessonVerdict>();

/** A wrong design's verdict on the plan that shows its mistake (computed once per test file). */
export function wrongVerdict(c: Capstone, name: string): LessonVerdict {
  const w = c.lesson.wrong?.[name];
  if (!w) throw new Error(`no wrong design ${name}`);
  const key = `${c.id}/${name}`;
  let v = wrongVerdicts.get(key);
  if (!v) wrongVerdicts.set(key, (v = verdictOf(c, w.files, w.plan)));
  return v;
}

export const figuresOf = (v: LessonVerdict, plan: string) => v.figures?.find((f) => f.run.faultPlan === plan)?.figures;
