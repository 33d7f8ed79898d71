// Opening a shared run, step by step, before anything of it runs: decode the link or file
// (src/share), find what it refers to (a shipped scenario from the worker, a lesson from the
// course chunk, loaded only for lesson links), let the engine validate the scenario and fault
// plan in the worker (validation reads the data; it never executes handler code), and list the
// handlers whose code is not the site's own so the page can ask before running them. Any
// failure is a ShareProblem and nothing is loaded; saved work is never read or written here.

import type { FaultSpec, Scenario } from '../../engine/scenario/types';
import {
  decodePayload, foreignDeploys, foreignHandlers, problem, branchInputs, scenarioOf, shippedOf, stateFromFile,
  type ForeignHandler, type ShareCatalog, type ShareProblem, type ShareResult, type ShareState,
} from '../../share/index';

/** The part of the simulator API this needs (the comlink remote or the plain object). */
export interface SharedRunHost {
  builtinScenarios(): Promise<Scenario[]> | Scenario[];
  validateFaults(scenario: Scenario, faults: FaultSpec[]): Promise<{ path: string; message: string }[]> | { path: string; message: string }[];
}

export interface SharedRun {
  state: ShareState;
  scenario: Scenario;
  seed: number;
  faults: FaultSpec[];
  position: number;
  /** Handlers running code that is not the site's own: ask before running. */
  foreign: ForeignHandler[];
  /** The site's own scenario (or lesson starter) the link builds on, when it has one. */
  shipped?: Scenario;
  /** The lesson the run belongs to, when it is a lesson's. */
  lessonId?: string;
}

export type Opened = { ok: true; run: SharedRun } | { ok: false; problem: ShareProblem };

/** Lesson id → the lesson's starter scenario, from the course chunk (loaded on demand). */
async function lessonScenarios(): Promise<(id: string) => Scenario | undefined> {
  const [{ findLesson }, { resolveScenario }] = await Promise.all([import('../../content/course'), import('../../content/resolve')]);
  return (id) => {
    const lesson = findLesson(id);
    return lesson ? resolveScenario(lesson, lesson.starter) : undefined;
  };
}

export async function catalogFor(state: ShareState | null, host: SharedRunHost): Promise<ShareCatalog> {
  const builtins = await host.builtinScenarios();
  const lesson = state?.source.kind === 'lesson' ? await lessonScenarios() : () => undefined;
  return { scenario: (id) => builtins.find((s) => s.id === id), lesson };
}

export async function openState(decoded: ShareResult<ShareState>, host: SharedRunHost): Promise<Opened> {
  if (!decoded.ok) return decoded;
  const state = decoded.value;
  const catalog = await catalogFor(state, host);
  const scenario = scenarioOf(state, catalog);
  if (!scenario) {
    const s = state.source;
    return s.kind === 'lesson'
      ? { ok: false, problem: problem('unknown-lesson', `This link opens the lesson "${s.lesson}", which this Brokerlab does not have.`, 'The lesson may have been renamed or removed. Pick a lesson from the course instead.') }
      : { ok: false, problem: problem('invalid', `This link names the scenario "${s.kind === 'builtin' ? s.id : ''}", which this Brokerlab does not ship.`, 'It may have been renamed. Nothing was loaded.') };
  }
  const issues = await host.validateFaults(scenario, state.faults);
  // Each branch is validated as the run it is: the base inputs plus its change.
  for (const [i, branch] of (state.branches ?? []).entries()) {
    const branchIssues = await host.validateFaults(scenario, branchInputs(state, branch).faults);
    issues.push(...branchIssues.map((x) => ({ ...x, path: `branches[${i}] (${branch.name}): ${x.path}` })));
  }
  if (issues.length > 0) {
    return { ok: false, problem: problem('invalid', 'This shared run does not pass validation.', 'Nothing was loaded. What is wrong:', issues) };
  }
  const shipped = shippedOf(state, catalog);
  return {
    ok: true,
    run: {
      state, scenario, seed: state.seed, faults: state.faults, position: state.position,
      foreign: [...foreignHandlers(scenario, shipped), ...foreignDeploys(state, scenario, shipped)],
      ...(shipped ? { shipped } : {}),
      ...(state.source.kind === 'lesson' ? { lessonId: state.source.lesson } : {}),
    },
  };
}

export const openPayload = (payload: string, host: SharedRunHost) => openState(decodePayload(payload), host);
export const openFile = (text: string, host: SharedRunHost) => openState(stateFromFile(text), host);
