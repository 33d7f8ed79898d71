// Builds capstones from their raw files (the same for the site's glob and the Node loader):
// each becomes a Lesson whose starter is the reference design, so the editor, the playground
// and "Check my design" are the lesson page's own. Broken content throws with the folder's name:
// a capstone without a rubric, a rubric line the scenario does not configure, a reference file
// the scenario does not name, or a wrong design naming a line the rubric does not have.

import type { Capstone, CapstoneSpec, RawCapstones } from './capstone-types';
import type { Lesson, WrongAnswer } from './types';
import { referencedFiles } from './resolve';

const FOLDER = /^(\d+)-([a-z0-9-]+)$/;

export function capstoneLessonId(id: string): string {
  return `capstone-${id}`;
}

function lessonOf(id: string, order: number, folder: string, spec: CapstoneSpec, starter: Record<string, string>, wrong: Record<string, WrongAnswer>): Lesson {
  const first = spec.faultPlans[0];
  return {
    id: capstoneLessonId(id),
    path: folder,
    part: { id: 'capstones', title: 'Design capstones', order: 100 },
    order,
    meta: {
      title: spec.title, summary: spec.summary, tags: ['capstone'], goal: spec.summary, checks: spec.rubric, seeds: spec.seeds, faultPlans: spec.faultPlans,
      predict: [], demos: first ? [{ label: 'Reference design', faultPlan: first.name, ...(first.scenario ? { scenario: first.scenario } : {}) }] : [],
      hints: spec.hints, interview: [], crashSweep: false,
    },
    body: spec.prompt,
    scenarios: spec.scenarios,
    starter,
    solution: {},
    ...(Object.keys(wrong).length > 0 ? { wrong } : {}),
    figures: spec.figures,
  };
}

export function buildCapstones(raw: RawCapstones): Capstone[] {
  const out: Capstone[] = [];
  for (const folder of Object.keys(raw.modules).sort()) {
    const m = FOLDER.exec(folder);
    if (!m) throw new Error(`capstones/${folder}: the folder must be NN-name`);
    const spec = raw.modules[folder]!.default as CapstoneSpec | undefined;
    if (!spec || !Array.isArray(spec.rubric) || spec.rubric.length === 0) throw new Error(`capstones/${folder}/capstone.ts: the default export must be defineCapstone({ … }) with a rubric`);
    const starter: Record<string, string> = {};
    const wrongFiles: Record<string, Record<string, string>> = {};
    const expects: Record<string, string> = {};
    for (const [path, text] of Object.entries(raw.texts)) {
      if (!path.startsWith(`${folder}/`)) continue;
      const rest = path.slice(folder.length + 1);
      const ref = /^reference\/(.+\.ts)$/.exec(rest);
      const wrong = /^wrong\/([^/]+)\/(.+)$/.exec(rest);
      if (ref) starter[ref[1]!] = text;
      else if (wrong && wrong[2] === 'expect.json') expects[wrong[1]!] = text;
      else if (wrong) (wrongFiles[wrong[1]!] ??= {})[wrong[2]!] = text;
    }
    for (const [name, s] of Object.entries(spec.scenarios)) {
      for (const file of referencedFiles(s)) if (starter[file] === undefined) throw new Error(`capstones/${folder}: scenario ${name} names ${file}, which reference/ does not have`);
      for (const line of spec.rubric) if (!line.options && !(s.checks ?? []).some((c) => c.name === line.name)) throw new Error(`capstones/${folder}: rubric line ${line.name} has no options in scenario ${name}`);
    }
    const wrong: Record<string, WrongAnswer> = {};
    for (const [name, files] of Object.entries(wrongFiles)) {
      const expect = expects[name] ? (JSON.parse(expects[name]!) as { fails?: unknown; why?: unknown; plan?: unknown }) : {};
      if (typeof expect.fails !== 'string' || typeof expect.why !== 'string') throw new Error(`capstones/${folder}/wrong/${name}/expect.json must say { fails, why }`);
      if (!spec.rubric.some((r) => r.name === expect.fails)) throw new Error(`capstones/${folder}/wrong/${name}: fails names ${expect.fails}, which the rubric does not have`);
      if (expect.plan !== undefined && !spec.faultPlans.some((p) => p.name === expect.plan)) throw new Error(`capstones/${folder}/wrong/${name}: plan ${String(expect.plan)} is not one of the fault plans`);
      wrong[name] = { files, fails: expect.fails, why: expect.why, ...(typeof expect.plan === 'string' ? { plan: expect.plan } : {}) };
    }
    out.push({ id: m[2]!, order: Number(m[1]), spec, lesson: lessonOf(m[2]!, Number(m[1]), folder, spec, starter, wrong) });
  }
  return out;
}
