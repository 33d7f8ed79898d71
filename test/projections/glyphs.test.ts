// Glyphs the diagrams draw must exist in the fonts a plain Chromium has (Debian's DejaVu Sans,
// which mermaid's "trebuchet ms, verdana, arial, sans-serif" falls back to): an emoji such as
// 💥 has no glyph there and renders as an empty box. Every non-ASCII character in the code of
// the text projections, the live diagram and the embed is checked against the characters
// DejaVu Sans covers (listed from `fc-list ':charset=XXXX'`); a golden file shows a crash in
// mermaid text.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { traceToMermaid } from '../../src/projections/mermaid';
import { defaultScenario } from '../../src/scenarios/index';

/** Non-ASCII characters used by the files below, each checked present in DejaVu Sans. */
const IN_DEJAVU_SANS = new Set([...'⋔‹›↻↺↩↗⇢✗✓☠◷✸⇉⚡⊘▶◀▾⇤⇥❚▏·—–…→←↓↑×≥≤⚠●○◆▸▴▪«»±÷°◌★─┄✕']);

const FILES = [
  'src/projections/mermaid.ts',
  'src/projections/sequence-layout.ts',
  'src/projections/sequence-broker-notes.ts',
  'src/projections/sequence-routing.ts',
  'src/projections/sequence-svg.ts',
  'src/ui/sequence/LiveSequence.svelte',
  'src/embed/EmbedApp.svelte',
  'src/embed/EmbedTopology.svelte',
  'src/embed/EmbedDiagram.svelte',
  'src/projections/legend.ts',
  'src/projections/key-moments.ts',
  'src/ui/tour/IntroCard.svelte',
  'src/ui/tour/MomentCaption.svelte',
  'src/ui/transport/TransportBar.svelte',
  'src/ui/transport/Timeline.svelte',
];

/** Non-ASCII characters outside comments. */
function glyphsIn(path: string): Set<string> {
  const code = readFileSync(path, 'utf8')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .map((line) => line.replace(/(^|\s)\/\/.*$/, ''))
    .join('\n');
  return new Set([...code].filter((c) => c.codePointAt(0)! > 0x7f));
}

describe('diagram glyphs', () => {
  it.each(FILES)('%s draws only glyphs the default fonts have', (path) => {
    const missing = [...glyphsIn(path)].filter((c) => !IN_DEJAVU_SANS.has(c));
    expect(missing.map((c) => `${c} U+${c.codePointAt(0)!.toString(16).toUpperCase()}`)).toEqual([]);
  });

  it('writes a crash in mermaid text with a glyph the default fonts have', async () => {
    const one = { ...defaultScenario, workload: defaultScenario.workload.map((w) => (w.kind === 'steady' ? { ...w, count: 2 } : w)) };
    const r = runScenario(one, { seed: 6, faults: [{ type: 'crash', service: 'Inventory', atTick: 0 }] });
    const text = traceToMermaid(r.trace);
    expect(text).toContain('✸ crashed');
    expect(text).not.toMatch(/\p{Extended_Pictographic}(?<![✓✗✸☠⚡▶◀])/u);
    await expect(text).toMatchFileSnapshot('./__golden__/order-flow.crash.mmd');
  });
});
