// The RabbitMQ routing scenario's diagram, from a real run: every copy an exchange routed is an
// exchange → queue arrow that names the routing key and the binding that matched — so the
// layout keeps reading the routing explanation the broker actually writes.

import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { findScenario } from '../../src/scenarios/index';
import { layoutSequence } from '../../src/projections/sequence-layout';

describe('RabbitMQ routing is drawn', () => {
  it('draws an exchange → queue hop, with its binding, for every copy routed', () => {
    const scenario = findScenario('rabbitmq-routing')!;
    const { trace } = runScenario(scenario, { seed: scenario.seeds?.[0] ?? 1 });
    const routed = trace.filter((e) => e.kind === 'message.routed');
    const copies = routed.reduce((n, e) => n + (e.kind === 'message.routed' ? e.data.copies ?? 0 : 0), 0);
    expect(copies).toBeGreaterThan(0);
    const layout = layoutSequence(trace, { services: scenario.services.map((s) => s.name) });
    const hops = layout.arrows.filter((a) => a.kind === 'message.routed');
    expect(hops).toHaveLength(copies);
    const exchanges = new Set(routed.map((e) => e.actor));
    for (const hop of hops) {
      expect(exchanges.has(hop.from), hop.from).toBe(true);
      expect(hop.detail).toMatch(/^binding \S/);
    }
  });
});
