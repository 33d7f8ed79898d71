// Row reuse in the live diagram: a row keeps its key while it stays in the window, a row that
// comes in takes the key a row of its own type gave back, no two rows of a window share a key,
// and closed-up copies stay the same objects while the fit and the run stay.

import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { builtinScenarios } from '../../src/scenarios/index';
import { SequenceLayoutBuilder, type Row } from '../../src/projections/sequence-layout';
import { fitDiagram } from '../../src/ui/sequence/fit';
import { RowReuse } from '../../src/ui/sequence/row-reuse';

const orderFlow = builtinScenarios.find((s) => s.id === 'order-flow')!;
const { trace } = runScenario(orderFlow, { seed: 3 });
const builder = new SequenceLayoutBuilder({ services: orderFlow.services.map((s) => s.name) });
builder.add(trace);
const rows = builder.rows;
const open = fitDiagram({ viewWidth: 4000, naturalWidth: builder.width, lifelineCount: builder.lifelines.length, columnWidth: 160, marginX: 110 });
const SIZE = 20;

describe('RowReuse', () => {
  it('keeps a key while its row stays, and never gives two rows of a window one key', () => {
    const reuse = new RowReuse();
    let before = new Map<number, number>();
    for (let first = 0; first + SIZE <= rows.length; first += 3) {
      const shown = reuse.window(rows.slice(first, first + SIZE), open, 1);
      const keys = shown.map((r) => reuse.key(r));
      expect(new Set(keys).size).toBe(shown.length);
      for (const r of shown) if (before.has(r.seq)) expect(reuse.key(r)).toBe(before.get(r.seq));
      before = new Map(shown.map((r) => [r.seq, reuse.key(r)]));
    }
  });

  it('gives a row coming in a key that a row of the same type gave back, so elements are reused', () => {
    const reuse = new RowReuse();
    const typeOfKey = new Map<number, Row['type']>();
    const seen = new Set<number>();
    // Jumps of a whole window, as playing at "max" does: after the first window no key is new.
    for (let first = 0; first + SIZE <= rows.length; first += SIZE) {
      const shown = reuse.window(rows.slice(first, first + SIZE), open, 1);
      for (const r of shown) {
        const key = reuse.key(r);
        expect(typeOfKey.get(key) ?? r.type).toBe(r.type);
        typeOfKey.set(key, r.type);
        seen.add(key);
      }
    }
    const arrows = rows.slice(0, SIZE).filter((r) => r.type === 'arrow').length;
    // Every window needs as many keys of a type as it shows rows of that type: the most of any window.
    const most = (type: Row['type']) => {
      let max = 0;
      for (let first = 0; first + SIZE <= rows.length; first += SIZE) max = Math.max(max, rows.slice(first, first + SIZE).filter((r) => r.type === type).length);
      return max;
    };
    expect(seen.size).toBe(most('arrow') + most('note'));
    expect(arrows).toBeGreaterThan(0);
  });

  it('does not hand the kept row’s key (the focused element) to another row', () => {
    const reuse = new RowReuse();
    const first = reuse.window(rows.slice(0, SIZE), open, 1);
    const focused = first[0]!;
    const focusedKey = reuse.key(focused);
    for (let at = SIZE; at + SIZE <= Math.min(rows.length, SIZE * 6); at += SIZE) {
      const shown = reuse.window(rows.slice(at, at + SIZE), open, 1, focused.seq);
      expect(shown.map((r) => reuse.key(r))).not.toContain(focusedKey);
    }
  });

  it('closes rows up through a narrow fit, the same objects until the fit or the run changes', () => {
    const narrow = fitDiagram({ viewWidth: 500, naturalWidth: builder.width, lifelineCount: builder.lifelines.length, columnWidth: 160, marginX: 110 });
    expect(narrow.closed).toBe(true);
    const reuse = new RowReuse();
    const a = reuse.window(rows.slice(0, SIZE), narrow, 1);
    const b = reuse.window(rows.slice(2, SIZE + 2), narrow, 1);
    expect(b[0]).toBe(a[2]);
    const arrow = a.find((r) => r.type === 'arrow')!;
    const source = rows.find((r) => r.seq === arrow.seq)!;
    expect(arrow.type === 'arrow' && source.type === 'arrow' && arrow.fromX).toBe(source.type === 'arrow' && narrow.X(source.fromX));
    const c = reuse.window(rows.slice(2, SIZE + 2), narrow, 2);
    expect(c[0]).not.toBe(b[0]);
    expect(c[0]).toEqual(b[0]);
    // An open fit draws the layout's rows themselves.
    expect(reuse.window(rows.slice(0, SIZE), open, 2)[0]).toBe(rows[0]);
  });
});
