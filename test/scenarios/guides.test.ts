// Every built-in scenario has a guide for a first visit (scenarios/guides): what happens, what
// to watch, its words, and key moments that its runs really contain — on every seed it lists and
// every broker it switches to — each at an event the diagram draws, in the order the guide
// tells them. A scenario added without a guide fails here: write one (guides/index.ts).

import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { builtinScenarios } from '../../src/scenarios/index';
import { scenarioGuide } from '../../src/scenarios/guides/index';
import { findKeyMoments } from '../../src/projections/key-moments';
import { layoutSequence } from '../../src/projections/sequence-layout';

describe('scenario guides', () => {
  for (const scenario of builtinScenarios) {
    it(`${scenario.id}: a guide whose key moments its runs show`, () => {
      const guide = scenarioGuide(scenario.id);
      expect(guide, `${scenario.id} has no guide in src/scenarios/guides/index.ts`).toBeDefined();
      expect(guide!.story.length).toBeGreaterThan(40);
      expect(guide!.watch.length).toBeGreaterThan(0);
      expect(guide!.moments.length).toBeGreaterThanOrEqual(3);
      for (const m of guide!.moments) expect(m.caption.length, m.label).toBeLessThanOrEqual(200);
      for (const broker of scenario.brokerSwitch?.brokers ?? [scenario.broker]) {
        for (const seed of scenario.seeds ?? [42]) {
          const { trace } = runScenario({ ...scenario, broker }, { seed });
          const drawn = new Set(layoutSequence(trace, { services: scenario.services.map((s) => s.name) }).rows.map((r) => r.seq));
          const named = findKeyMoments(trace, guide!.moments).filter((m) => m.source === 'named');
          const where = `${scenario.id} on ${broker}, seed ${seed}`;
          expect(named.map((m) => m.label), where).toEqual(guide!.moments.map((m) => m.label));
          for (const m of named) expect(drawn.has(m.seq), `${where}: "${m.label}" (event ${m.seq}, ${m.kind}) has no row in the diagram`).toBe(true);
        }
      }
    });
  }
});
