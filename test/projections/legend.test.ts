// The legend lists what the diagram draws: arrow styles and the glyphs that open labels and
// notes, each once, and nothing the rows do not use.

import { describe, expect, it } from 'vitest';
import { legendOf } from '../../src/projections/legend';
import { layoutSequence } from '../../src/projections/sequence-layout';
import { orderFlowTrace } from './trace-fixture';

describe('legend', () => {
  it('lists the arrow styles and glyphs of the rows, once each', () => {
    const layout = layoutSequence(orderFlowTrace, { services: ['Ordering', 'Inventory', 'Payments'] });
    expect(legendOf(layout.rows).map((e) => e.name)).toEqual(['command', 'event', 'retry', 'failure', 'dead letter']);
  });

  it('is empty for a run with no rows yet', () => {
    expect(legendOf([])).toEqual([]);
  });
});
