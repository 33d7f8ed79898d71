// Proves the engine-purity lint (eslint.config.js) actually fires: ambient time, randomness,
// timers, DOM and UI imports in the pure core are errors, while the same code elsewhere is not
// linted by these rules and clean engine code passes.

import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfigFile: 'eslint.config.js' });

async function ruleIdsFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  // Messages without a rule id are notices (e.g. "no config applies to this file"), not findings.
  return (result?.messages ?? []).flatMap((m) => (m.ruleId ? [m.ruleId] : []));
}

describe('engine purity lint', () => {
  it('rejects Math.random, Date.now and timers in src/engine', async () => {
    const ids = await ruleIdsFor(
      'export const a = Math.random();\nexport const b = Date.now();\nsetTimeout(() => {}, 1);\n',
      'src/engine/kernel/fixture.ts',
    );
    expect(ids).toContain('no-restricted-properties');
    expect(ids).toContain('no-restricted-globals');
    expect(ids.length).toBeGreaterThanOrEqual(3);
  });

  it('rejects DOM globals and fetch in src/projections and src/scenarios', async () => {
    expect(await ruleIdsFor('export const w = window.innerWidth;\n', 'src/projections/fixture.ts')).toContain('no-restricted-globals');
    expect(await ruleIdsFor('export const f = fetch("/x");\n', 'src/scenarios/fixture.ts')).toContain('no-restricted-globals');
  });

  it('rejects imports of UI libraries, src/ui and src/worker', async () => {
    for (const source of ['svelte', 'comlink', 'mermaid', 'monaco-editor', '../../ui/App.svelte', '../worker/client', 'node:fs']) {
      const ids = await ruleIdsFor(`import x from '${source}';\nexport { x };\n`, 'src/engine/brokers/fixture.ts');
      expect(ids, source).toContain('no-restricted-imports');
    }
  });

  it('accepts pure engine code', async () => {
    const code = 'export function backoffTicks(attempt: number, baseTicks: number): number {\n  return baseTicks * 2 ** attempt;\n}\n';
    expect(await ruleIdsFor(code, 'src/engine/patterns/fixture.ts')).toEqual([]);
  });

  it('does not apply to the UI', async () => {
    expect(await ruleIdsFor('export const t = Date.now();\n', 'src/ui/fixture.ts')).toEqual([]);
  });
});
