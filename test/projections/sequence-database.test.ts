// A service's own database in the diagram: not a lifeline, but a mark on the service that wrote
// to it — set from the run's commits, so a service that never committed carries no database.

import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { findScenario } from '../../src/scenarios/index';
import { layoutSequence } from '../../src/projections/sequence-layout';

describe('a service and its database', () => {
  it('marks exactly the services whose commits the diagram draws, grouped or not', () => {
    const scenario = findScenario('order-flow')!;
    const { trace } = runScenario(scenario, { seed: 6 });
    const committed = new Set(trace.flatMap((e) => (e.kind === 'db.committed' && e.data.writes.length > 0 ? [e.data.service] : [])));
    expect(committed.size).toBeGreaterThan(0);
    for (const groupEntities of [false, true]) {
      const layout = layoutSequence(trace, { services: scenario.services.map((s) => s.name), groupEntities });
      const marked = layout.lifelines.filter((l) => l.database).map((l) => l.name);
      expect(new Set(marked)).toEqual(committed);
      expect(layout.lifelines.filter((l) => l.database).every((l) => l.kind === 'service')).toBe(true);
      // Its commits are notes on its own lifeline.
      for (const note of layout.notes.filter((n) => n.tone === 'commit')) expect(committed.has(note.lifeline)).toBe(true);
    }
  });

  it('marks nothing before the first commit', () => {
    const scenario = findScenario('order-flow')!;
    const { trace } = runScenario(scenario, { seed: 6 });
    const first = trace.findIndex((e) => e.kind === 'db.committed' && e.data.writes.length > 0);
    const layout = layoutSequence(trace.slice(0, first), { services: scenario.services.map((s) => s.name) });
    expect(layout.lifelines.some((l) => l.database)).toBe(false);
  });
});
