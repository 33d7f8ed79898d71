// Stepping an embed or presenter mode by key moments: the stops are each moment's row and the
// end; next/prev move between them; the option `steps` is `key` by default, `all` on request,
// and anything else is a problem shown, not a guess.

import { describe, expect, it } from 'vitest';
import { adjacentStop, keyStops, momentAtStep, sideScrollFor } from '../../src/embed/steps';
import { embedQuery, readEmbedOptions } from '../../src/embed/options';
import { findKeyMoments } from '../../src/projections/key-moments';
import { layoutSequence } from '../../src/projections/sequence-layout';
import { orderFlowTrace } from '../projections/trace-fixture';

const layout = layoutSequence(orderFlowTrace, { services: ['Ordering', 'Inventory', 'Payments'] });
const moments = findKeyMoments(orderFlowTrace);

describe('key stops', () => {
  it('stop at each moment\'s row, then at the end', () => {
    const stops = keyStops(layout.rows, moments);
    // The failure note, then the dead-letter arrow — the last row, so also the end.
    expect(stops.map((s) => layout.rows[s - 1]!.seq)).toEqual([4, 14]);
    expect(keyStops(layout.rows, moments.slice(0, 1)).map((s) => layout.rows[s - 1]!.seq)).toEqual([4, 14]);
    expect(stops.at(-1)).toBe(layout.rows.length);
    expect(momentAtStep(layout.rows, moments, stops[0]!)?.label).toBe('the first failure');
    expect(momentAtStep(layout.rows, moments, stops[0]! + 1)).toBeUndefined();
    expect(momentAtStep(layout.rows, moments, 0)).toBeUndefined();
  });

  it('move between stops, to the end and back to the start', () => {
    const stops = keyStops(layout.rows, moments);
    const total = layout.rows.length;
    expect(adjacentStop(stops, 0, 1, total)).toBe(stops[0]);
    expect(adjacentStop(stops, stops[0]!, 1, total)).toBe(stops[1]);
    expect(adjacentStop(stops, total, 1, total)).toBe(total);
    expect(adjacentStop(stops, stops[1]!, -1, total)).toBe(stops[0]);
    expect(adjacentStop(stops, stops[0]!, -1, total)).toBe(0);
  });

  it('the steps option: key by default, all on request, a problem otherwise', () => {
    expect(readEmbedOptions('').steps).toBe('key');
    expect(readEmbedOptions('?steps=all').steps).toBe('all');
    const bad = readEmbedOptions('?steps=some');
    expect(bad.problems.map((p) => p.path)).toEqual(['steps']);
    expect(embedQuery({ steps: 'all' })).toBe('?steps=all');
    expect(embedQuery({ steps: 'key' })).toBe('');
  });
});

describe('a wide diagram follows the current row sideways', () => {
  const arrow = (fromX: number, toX: number) => ({ type: 'arrow', row: 0, seq: 1, tick: 0, kind: 'message.delivered', from: 'a', to: 'b', fromX, toX, y: 0, label: 'M', line: 'dashed', head: 'arrow', tone: 'normal' }) as const;
  it('leaves a row in view alone, brings one off to the right just into view, and centres on the head of an arrow wider than the view', () => {
    // View 1,000 px wide at scale 1, scrolled to 0; the layout is 3,000 units wide.
    expect(sideScrollFor(arrow(100, 400), 3000, 1, 0, 1000)).toBe(0);
    expect(sideScrollFor(arrow(1100, 1300), 3000, 1, 0, 1000)).toBe(1300 + 24 - 1000);
    expect(sideScrollFor(arrow(1300, 1100), 3000, 1, 2000, 1000)).toBe(1100 - 24);
    expect(sideScrollFor(arrow(100, 2500), 3000, 1, 0, 1000)).toBe(2500 - 500);
    expect(sideScrollFor(arrow(2500, 100), 3000, 1, 2000, 1000)).toBe(0);
    // A note sits right of its lifeline: its box is brought into view.
    const note = { type: 'note', row: 0, seq: 1, tick: 0, lifeline: 'b', x: 1800, y: 0, text: '✗ Charge: negative total on order-us-2', tone: 'failure' } as const;
    const left = sideScrollFor(note, 3000, 1, 0, 1000);
    expect(left).toBeGreaterThan(1800 - 1000);
    expect(left).toBeLessThanOrEqual(1800);
  });
});
