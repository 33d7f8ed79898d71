// Small builders for broker behaviour tests: a scenario with one producer entry handler that
// publishes what the workload sends, consumers with source or built-in handlers, and trace
// queries.

import { defineScenario, runScenario, Simulation, type EntitySpec, type HandlerSpec, type MessageSpec, type Scenario, type TraceEvent, type WorkloadSpec, type BrokerKind } from '../../src/engine/index';

export const publishSource = (type: string, kind: 'event' | 'command' = 'event') => `import { defineHandler } from 'brokerlab';
export default defineHandler('Publish', async (req, ctx) => { ctx.${kind === 'event' ? 'publish' : 'send'}('${type}', req.body.payload ?? req.body, req.body.options); });`;

export interface Build {
  broker: BrokerKind;
  entities: EntitySpec[];
  messages: MessageSpec[];
  consumers?: { service: string; handlers: HandlerSpec[] }[];
  workload?: WorkloadSpec[];
  ticksMax?: number;
}

export function scenario(b: Build): Scenario {
  const { type, kind } = b.messages[0];
  return defineScenario({
    id: 'test', title: 'test', broker: b.broker, entities: b.entities, messages: b.messages,
    services: [
      { name: 'Producer', handlers: [{ name: 'Publish', code: { source: publishSource(type, kind) } }] },
      ...(b.consumers ?? []).map((c) => ({ name: c.service, handlers: c.handlers })),
    ],
    workload: b.workload ?? [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, body: { orderId: 'order-1' } }],
    limits: { ticksMax: b.ticksMax ?? 3_600_000 },
  });
}

export function run(b: Build, seed = 1) {
  return runScenario(scenario(b), { seed });
}

export function sim(b: Build, seed = 1) {
  return new Simulation(scenario(b), { seed });
}

export function ofKind<K extends TraceEvent['kind']>(trace: readonly TraceEvent[], kind: K) {
  return trace.filter((e) => e.kind === kind) as Extract<TraceEvent, { kind: K }>[];
}

export const throwing = `import { defineHandler } from 'brokerlab';
export default defineHandler('Fail', async (msg, ctx) => { throw new Error('always fails'); });`;

export const working = (ms: number) => `import { defineHandler } from 'brokerlab';
export default defineHandler('Work', async (msg, ctx) => { await ctx.work(${ms}); });`;
