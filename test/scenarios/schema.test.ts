// The scenario format's JSON Schema (src/engine/scenario/scenario.schema.json) is generated from
// the TypeScript types by scripts/scenario-schema.ts: it must be what the types say today, every
// scenario we ship must satisfy it, and a broken scenario must fail it with the path of what is
// wrong — the path the editor's JSON pane underlines.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { SCENARIO_SCHEMA_PATH, scenarioSchemaText } from '../../scripts/scenario-schema';
import { builtinScenarios } from '../../src/scenarios/index';
import { blankScenario, STARTERS } from '../../src/scenario-kit/starters';
import { validateScenario } from '../../src/engine/index';
import type { Scenario } from '../../src/engine/index';

const checkedIn = readFileSync(SCENARIO_SCHEMA_PATH, 'utf8');
const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(checkedIn) as object);
const clone = (s: Scenario) => JSON.parse(JSON.stringify(s)) as Record<string, any>;

describe('scenario JSON Schema', () => {
  it('is in sync with the TypeScript types (run `npm run schema` after changing types.ts)', () => {
    expect(checkedIn).toBe(scenarioSchemaText());
  }, 60_000);

  const shipped = [...builtinScenarios.map((s) => ['built-in', s] as const), ...STARTERS.map((s) => ['starter', s.make()] as const), ['blank', blankScenario()] as const];
  it.each(shipped.map(([kind, s]) => [`${kind} ${s.id}`, s]))('%s satisfies it', (_name, s) => {
    const ok = validate(JSON.parse(JSON.stringify(s)));
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
    expect(ok).toBe(true);
  });

  // Each breakage, the path ajv reports (JSON Pointer) and a word of its message; the engine's
  // own validation refuses the same scenario too.
  const broken: [string, (s: Record<string, any>) => void, string, RegExp][] = [
    ['an unknown broker', (s) => (s.broker = 'nats'), '/broker', /allowed values|must be equal to one of/],
    ['a handler without code', (s) => delete s.services[0].handlers[0].code, '/services/0/handlers/0', /required property 'code'/],
    ['a workload of an unknown kind', (s) => (s.workload[0].kind = 'often'), '/workload/0/kind', /allowed values|equal to one of/],
    ['a count written as text', (s) => (s.workload[0].count = '10'), '/workload/0/count', /must be number/],
    ['a misspelt top-level field', (s) => ((s.entites = s.entities), delete s.entities), '', /required property 'entities'|additional properties/],
    ['a message kind that is neither event nor command', (s) => (s.messages[0].kind = 'query'), '/messages/0/kind', /equal to one of/],
    ['format version 2', (s) => (s.formatVersion = 2), '/formatVersion', /constant/],
  ];
  it.each(broken)('%s fails with its path', (_name, breakIt, path, message) => {
    const s = clone(builtinScenarios[0]!);
    breakIt(s);
    expect(validate(s)).toBe(false);
    const at = (validate.errors ?? []).filter((e) => e.instancePath === path);
    expect(at.length, JSON.stringify(validate.errors)).toBeGreaterThan(0);
    expect(at.map((e) => e.message).join('; ')).toMatch(message);
    expect(validateScenario(s).length).toBeGreaterThan(0);
  });
});
