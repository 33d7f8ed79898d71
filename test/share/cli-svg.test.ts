// `npm run sim -- <scenario> --format svg`: the diagram as a standalone SVG document, drawn by
// the same pure renderer (layoutToSvg) as the page's SVG export, for every built-in scenario.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { builtinScenarios } from '../../src/scenarios/index';
import { layoutSequence } from '../../src/projections/sequence-layout';
import { layoutToSvg } from '../../src/projections/sequence-svg';

const sim = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', ...args], { encoding: 'utf8' });

describe('sim --format svg', () => {
  it('prints the layoutToSvg document of the run', { timeout: 60_000 }, () => {
    const s = builtinScenarios[0]!;
    const r = sim(s.id, '--format', 'svg', '--seed', '5');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const trace = runScenario(s, { seed: 5 }).trace;
    expect(r.stdout).toBe(layoutToSvg(layoutSequence(trace, { services: s.services.map((x) => x.name) })) + '\n');
  });

  it('is a well-formed SVG document for every built-in scenario', () => {
    for (const s of builtinScenarios) {
      const svg = layoutToSvg(layoutSequence(runScenario(s, { seed: s.seeds?.[0] ?? 1 }).trace, { services: s.services.map((x) => x.name) }));
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      const opened = (svg.match(/<g\b/g) ?? []).length;
      expect((svg.match(/<\/g>/g) ?? []).length).toBe(opened);
      expect(svg).not.toMatch(/[<>]\s*undefined|NaN/);
    }
  });
});
