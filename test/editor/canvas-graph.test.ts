// The editor's canvas is a view of the scenario: the graph of every starter and built-in names
// each service, entity and subscription once and draws every consumption; drawing on it (add,
// connect, remove) edits the scenario into one that validates and runs; validation issues land on
// the node their path names.
import { describe, expect, it } from 'vitest';
import { runScenario, validateScenario } from '../../src/engine/index';
import type { Scenario } from '../../src/engine/scenario/types';
import { builtinScenarios } from '../../src/scenarios/index';
import { blankScenario, STARTERS } from '../../src/scenario-kit/starters';
import { scenarioGraph, type GraphNode } from '../../src/ui/scenario-editor/graph';
import { addEntity, addService, connect, remove } from '../../src/ui/scenario-editor/canvas-edits';

const node = (s: Scenario, id: string): GraphNode => {
  const n = scenarioGraph(s).nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id} in ${scenarioGraph(s).nodes.map((x) => x.id).join(', ')}`);
  return n;
};
const link = (s: Scenario, from: string, to: string) => {
  const r = connect(s, node(s, from), node(s, to));
  if (!r.ok) throw new Error(r.reason);
  return r.note;
};

describe('scenario graph', () => {
  for (const s of [...STARTERS.map((x) => x.make()), ...builtinScenarios]) {
    it(`${s.id}: one node per service and entity, an edge per consuming handler`, () => {
      const g = scenarioGraph(s);
      expect(new Set(g.nodes.map((n) => n.id)).size).toBe(g.nodes.length);
      expect(g.nodes.filter((n) => n.type === 'service').map((n) => n.label)).toEqual(s.services.map((x) => x.name));
      expect(g.nodes.filter((n) => n.ref.kind === 'entity').map((n) => n.label)).toEqual(s.entities.map((e) => e.name));
      const consumers = s.services.flatMap((x) => x.handlers.filter((h) => h.consumes !== undefined));
      expect(g.edges.filter((e) => e.kind === 'consumes')).toHaveLength(consumers.length);
      for (const e of g.edges) {
        expect(g.nodes.some((n) => n.id === e.source), e.id).toBe(true);
        expect(g.nodes.some((n) => n.id === e.target), e.id).toBe(true);
      }
      expect(g.loose).toEqual([]);
    });
  }

  it('the fan-out starter: topic → subscription → service, the shop publishes to the topic', () => {
    const g = scenarioGraph(STARTERS.find((x) => x.id === 'fan-out')!.make());
    const pairs = g.edges.map((e) => `${e.kind} ${e.source} → ${e.target} ${e.label}`);
    expect(pairs).toContain('subscription ent:orders → sub:orders/Subscriptions/billing ');
    expect(pairs).toContain('consumes sub:orders/Subscriptions/billing → svc:Billing Bill');
    expect(pairs).toContain('publishes svc:Shop → ent:orders OrderPlaced');
    expect(pairs).toContain('calls workload → svc:Shop PlaceOrder');
  });

  it('issues land on the node their path names; the rest stay on the scenario', () => {
    const s = STARTERS.find((x) => x.id === 'work-queue')!.make();
    s.entities[0]!.name = 'renamed';
    s.checks = [{ name: 'no-such-check' }];
    const g = scenarioGraph(s, validateScenario(s));
    expect(g.nodes.find((n) => n.label === 'Worker-1')!.issues.join(' ')).toMatch(/no entity named "jobs"/);
    expect(g.nodes.find((n) => n.label === 'renamed')!.issues).toEqual([]);
    // A message sent to an entity that does not exist has no node to sit on.
    expect(g.loose.map((l) => l.split(':')[0])).toEqual(['messages[0].to', 'checks[0].name']);
  });

  it('a scenario whose fields are the wrong shape still draws (what it can)', () => {
    const s = { ...blankScenario(), entities: [null, { type: 'queue', name: 'q' }], services: 'nope', messages: [{ to: 'q' }] } as unknown as Scenario;
    const g = scenarioGraph(s, validateScenario(s));
    expect(g.nodes.map((n) => n.label)).toContain('q');
  });
});

describe('drawing on the canvas', () => {
  it('from a blank page: a queue, two services, connect producer → queue → consumer; it validates and runs every message', () => {
    const s = blankScenario();
    const q = addEntity(s, 'queue');
    const producer = addService(s);
    const worker = addService(s);
    expect(link(s, `svc:${producer}`, `ent:${q}`)).toMatch(/publishes Queue1Requested/);
    expect(link(s, `ent:${q}`, `svc:${worker}`)).toBe(`${worker} consumes ${q}`);
    expect(validateScenario(s)).toEqual([]);
    expect(s.workload).toHaveLength(1);
    const r = runScenario(s, { seed: 1 });
    expect(r.metrics.counts.acked).toBe(5);
    // Connecting the consumer onward turns its template into consume-and-publish.
    const next = addEntity(s, 'queue');
    expect(link(s, `svc:${worker}`, `ent:${next}`)).toMatch(/Handle publishes Queue2Requested after each message/);
    expect(validateScenario(s)).toEqual([]);
  });

  it('per broker: an exchange gets a bound queue, a Service Bus topic a subscription, a Kafka topic a consumer group; all run', () => {
    for (const [broker, type] of [['rabbitmq', 'exchange'], ['servicebus', 'topic'], ['kafka', 'topic'], ['generic', 'topic']] as const) {
      const s = { ...blankScenario(), broker };
      const t = addEntity(s, type);
      const a = addService(s);
      const b = addService(s);
      link(s, `svc:${a}`, `ent:${t}`);
      link(s, `ent:${t}`, `svc:${b}`);
      expect(validateScenario(s), broker).toEqual([]);
      const r = runScenario(s, { seed: 1 });
      expect(r.checks.every((c) => c.valid), `${broker}: ${JSON.stringify(r.checks)}`).toBe(true);
      expect(scenarioGraph(s).edges.filter((e) => e.kind === 'consumes')).toHaveLength(1);
    }
  });

  it('refuses what has no meaning, with a reason, and leaves the scenario as it was', () => {
    const s = { ...blankScenario(), broker: 'kafka' as const };
    const t = addEntity(s, 'topic');
    const a = addService(s);
    const b = addService(s);
    const before = JSON.stringify(s);
    const r = connect(s, node(s, `svc:${a}`), node(s, `svc:${b}`));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/through the broker/);
    expect(connect(s, node(s, `ent:${t}`), node(s, `ent:${t}`)).ok).toBe(false);
    expect(JSON.stringify(s)).toBe(before);
  });

  it('removing a node or a binding edge takes it out of the scenario', () => {
    const s = STARTERS.find((x) => x.id === 'topic-routing')!.make();
    const g = scenarioGraph(s);
    const binding = g.edges.find((e) => e.kind === 'binding' && e.target === 'ent:eu-orders')!;
    remove(s, [], [binding], g.nodes);
    expect(s.entities.find((e) => e.name === 'eu-orders')!.bindings).toEqual([]);
    remove(s, [g.nodes.find((n) => n.id === 'svc:Audit')!], [], g.nodes);
    expect(s.services.map((x) => x.name)).toEqual(['Shop', 'EU']);
  });
});
