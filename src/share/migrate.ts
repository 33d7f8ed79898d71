// Migrating shared states written by older Brokerlab versions to the current one. Each
// migration is a pure step `vN → vN+1` registered under N; reading applies them in order, so a
// link from any released version opens today. A state newer than this build is refused with a
// clear message (we cannot guess what a future field means). Never change a released version's
// meaning in place: add a version and a migration.
//
// v0 is the prototype format, never released: `{ version: 0, scenario | scenarioId | lessonId,
// code, seed, faultPlan, cursor }`. It is kept as the worked example and test bed of the migration hook.

import { SHARE_VERSION } from './state';
import { fail, ok, problem, type ShareResult } from './problems';

type Obj = Record<string, unknown>;
type Migration = (state: Obj) => Obj;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const migrations: Record<number, Migration> = {
  0: (old) => {
    const handlers = isObj(old.code) ? old.code : {};
    const source = isObj(old.scenario)
      ? { kind: 'scenario', scenario: old.scenario }
      : old.lessonId !== undefined
        ? { kind: 'lesson', lesson: old.lessonId, handlers }
        : { kind: 'builtin', id: old.scenarioId, handlers };
    return {
      v: 1,
      source,
      seed: old.seed,
      faults: old.faultPlan ?? [],
      position: old.cursor ?? 0,
      ...(old.broker !== undefined ? { broker: old.broker } : {}),
    };
  },
  // v2 only adds the optional `branches`: a v1 state is a v2 state without branches.
  1: (old) => ({ ...old, v: 2 }),
};

/** The version a raw state declares: `v`, or v0's `version`. */
export function versionOf(raw: Obj): unknown {
  return 'v' in raw ? raw.v : raw.version;
}

export function migrate(raw: unknown, migrationTable: Record<number, Migration> = migrations, current: number = SHARE_VERSION): ShareResult<Obj> {
  if (!isObj(raw)) return fail(problem('invalid', 'This link holds no Brokerlab run.', 'Its content is not an object.'));
  let state = raw;
  const declared = versionOf(state);
  if (typeof declared !== 'number' || !Number.isInteger(declared) || declared < 0) {
    return fail(problem('invalid', 'This link holds no Brokerlab run.', `It has no valid format version (got ${JSON.stringify(declared) ?? 'nothing'}).`));
  }
  let version: number = declared;
  if (version > current) {
    return fail(problem('newer-version', 'This link was made by a newer version of Brokerlab.',
      `It uses share format ${version}; this page understands up to ${current}. Reload the page (or clear its cache) to get the latest Brokerlab, then open the link again.`));
  }
  while (version < current) {
    const step = migrationTable[version];
    if (!step) {
      return fail(problem('unsupported-version', 'This link uses a share format Brokerlab no longer reads.', `Format ${version} has no migration to ${current}.`));
    }
    state = step(state);
    const next = versionOf(state);
    if (next !== version + 1) throw new Error(`migration from v${version} produced v${String(next)}`);
    version += 1;
  }
  return ok(state);
}
