// The share state: everything needed to reproduce one run bit for bit, as plain JSON. A link,
// a `.brokerlab.json` file and an embed all carry this one shape. It names *what* runs (a whole
// scenario, or a lesson by id plus the handler code the learner edited), the seed, the fault
// plan injected from the UI, the broker chosen, and the cursor (a position in the trace).
// `v` is the format version: readers migrate older versions (migrate.ts) and refuse newer ones
// with a clear message, so links shared today still open after the format evolves.

import type { BrokerKind, FaultSpec, Scenario } from '../engine/scenario/types';
import type { Branch } from './branches';

/**
 * The version this build writes. Bump it with a migration in migrate.ts, never in place.
 * v2 added `branches` (what-if branches beside the run).
 */
export const SHARE_VERSION = 2 as const;

/** A scenario carried whole: for scenarios the site does not ship (imported or hand-made). */
export interface ScenarioSource {
  kind: 'scenario';
  scenario: Scenario;
}

/**
 * A scenario the site ships, by id, plus the handler code the user edited: `handlers` maps
 * "Service/Handler" to source code replacing the shipped code. Links stay short (a few hundred
 * characters instead of several thousand); the state's `hash` tells if the shipped scenario
 * changed since the link was made. Files carry the whole scenario instead (fileState).
 */
export interface BuiltinSource {
  kind: 'builtin';
  id: string;
  handlers: Record<string, string>;
}

/** A lesson by id plus the learner's edits, as for built-ins; the lesson comes from the site. */
export interface LessonSource {
  kind: 'lesson';
  lesson: string;
  handlers: Record<string, string>;
}

export type ShareSource = ScenarioSource | BuiltinSource | LessonSource;

/** How the page finds what a state refers to: shipped scenarios and lessons' scenarios. */
export interface ShareCatalog {
  scenario(id: string): Scenario | undefined;
  lesson(id: string): Scenario | undefined;
}

export interface ShareState {
  v: typeof SHARE_VERSION;
  source: ShareSource;
  seed: number;
  /** Faults added to the scenario's own for this run (the UI's fault plan). */
  faults: FaultSpec[];
  /** The broker model the run uses, when the scenario offers a choice. */
  broker?: BrokerKind;
  /** Cursor: number of trace events that have happened (0 … trace length). */
  position: number;
  /**
   * The trace hash when the state was shared. Opening compares it with the replay's hash:
   * equal proves the run was reproduced; different means Brokerlab's engine changed since.
   */
  hash?: string;
  /** What-if branches of this run (branches.ts): each the same inputs plus one change. */
  branches?: Branch[];
}

export const BROKER_KINDS: readonly BrokerKind[] = ['generic', 'servicebus', 'rabbitmq', 'kafka'];

/** Handler key used in `LessonSource.handlers` and in consent lists. */
export function handlerKey(service: string, handler: string): string {
  return `${service}/${handler}`;
}

/** The scenario a state runs, or undefined when it names a scenario or lesson not found. */
export function scenarioOf(state: ShareState, catalog: ShareCatalog): Scenario | undefined {
  const source = state.source;
  let base: Scenario | undefined;
  if (source.kind === 'scenario') base = source.scenario;
  else {
    const shipped = source.kind === 'builtin' ? catalog.scenario(source.id) : catalog.lesson(source.lesson);
    if (!shipped) return undefined;
    base = withHandlerSources(shipped, source.handlers);
  }
  return state.broker && state.broker !== base.broker ? { ...base, broker: state.broker } : base;
}

/** The shipped scenario a state builds on (for consent: what counts as "changed"). */
export function shippedOf(state: ShareState, catalog: ShareCatalog): Scenario | undefined {
  const source = state.source;
  if (source.kind === 'builtin') return catalog.scenario(source.id);
  if (source.kind === 'lesson') return catalog.lesson(source.lesson);
  return catalog.scenario(source.scenario.id);
}

/**
 * The shortest source for `scenario`: a reference to `shipped` plus edited handler code when
 * that is all that differs (the broker choice travels separately), else the whole scenario.
 */
export function sourceFor(scenario: Scenario, shipped: Scenario | undefined, lessonId?: string): ShareSource {
  if (shipped && shipped.id === scenario.id) {
    const handlers = editedHandlers(scenario, shipped);
    if (handlers) return lessonId ? { kind: 'lesson', lesson: lessonId, handlers } : { kind: 'builtin', id: shipped.id, handlers };
  }
  return { kind: 'scenario', scenario };
}

/** Handler sources that differ from `shipped`, or null when anything else differs. */
function editedHandlers(scenario: Scenario, shipped: Scenario): Record<string, string> | null {
  const handlers: Record<string, string> = {};
  const rebuilt = { ...scenario, broker: shipped.broker, services: scenario.services.map((svc, i) => ({
    ...svc,
    handlers: svc.handlers.map((h, j) => {
      const original = shipped.services[i]?.handlers[j];
      if (original && original.name === h.name && 'source' in h.code && JSON.stringify(h.code) !== JSON.stringify(original.code)) {
        handlers[handlerKey(svc.name, h.name)] = h.code.source;
        return { ...h, code: original.code };
      }
      return h;
    }),
  })) };
  return JSON.stringify(rebuilt) === JSON.stringify(shipped) ? handlers : null;
}

/** A copy of `scenario` whose named handlers run the given source code instead. */
export function withHandlerSources(scenario: Scenario, sources: Record<string, string>): Scenario {
  if (Object.keys(sources).length === 0) return scenario;
  return {
    ...scenario,
    services: scenario.services.map((svc) => ({
      ...svc,
      handlers: svc.handlers.map((h) => {
        const source = sources[handlerKey(svc.name, h.name)];
        return source === undefined ? h : { ...h, code: 'source' in h.code ? { ...h.code, source } : { source } };
      }),
    })),
  };
}

/** What the page knows about the run being shared. */
export interface RunInputs {
  scenario: Scenario;
  seed: number;
  faults: FaultSpec[];
  position: number;
  hash?: string;
  /** Set when the run is a lesson's: the link then names the lesson. */
  lessonId?: string;
}

/** The share state of a run; `shipped` is the site's scenario (or lesson's) of the same id. */
export function shareStateOf(run: RunInputs, shipped: Scenario | undefined): ShareState {
  const source = sourceFor(run.scenario, shipped, run.lessonId);
  const baseBroker = source.kind === 'scenario' ? source.scenario.broker : shipped?.broker;
  return {
    v: SHARE_VERSION,
    source,
    seed: run.seed,
    faults: run.faults,
    ...(run.scenario.broker !== baseBroker ? { broker: run.scenario.broker } : {}),
    position: run.position,
    ...(run.hash ? { hash: run.hash } : {}),
  };
}
