// Resolves the CLI's scenario argument: nothing (the default scenario), a built-in scenario id,
// or a file — JSON, or a TypeScript/JavaScript module whose default export is a scenario.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Scenario } from '../engine/index';
import { builtinScenarios, defaultScenario, findScenario } from '../scenarios/index';
import { lessonScenarioArg } from '../content/cli';

export class UsageError extends Error {}

export async function loadScenarioArg(arg: string | undefined): Promise<Scenario> {
  if (arg === undefined) return defaultScenario;
  const builtin = findScenario(arg);
  if (builtin) return builtin;
  const path = resolve(arg);
  const lesson = existsSync(path) ? undefined : await lessonScenarioArg(arg);
  if (lesson) return lesson;
  if (!existsSync(path)) {
    const known = builtinScenarios.map((s) => s.id).join(', ');
    throw new UsageError(`no scenario file or built-in scenario named "${arg}" (built-in: ${known})`);
  }
  if (/\.json$/i.test(path)) {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as Scenario;
    } catch (error) {
      throw new UsageError(`${arg} is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (/\.(ts|js|mjs)$/i.test(path)) {
    let mod: { default?: unknown; scenario?: unknown };
    try {
      mod = (await import(pathToFileURL(path).href)) as typeof mod;
    } catch (error) {
      throw new UsageError(`${arg} could not be loaded: ${(error as Error).message.split('\n')[0]}`);
    }
    const scenario = mod.default ?? mod.scenario;
    if (!scenario || typeof scenario !== 'object') throw new UsageError(`${arg} has no default export that is a scenario`);
    return scenario as Scenario;
  }
  throw new UsageError(`${arg}: a scenario file must be .json, .ts or .js`);
}
