// The benchmark workload: a burst of requests to a producer whose built-in `forward` handler
// publishes each to one entity, drained by one consumer with 8 concurrent built-in `ack`
// handlers. Shared by the benchmarks and profiling runs.

import { defineScenario, type Json, type Scenario } from '../src/engine/index';

export function queueScenario(
  count: number,
  entity: { type: string; [k: string]: Json } = { type: 'queue', name: 'work' },
  broker: Scenario['broker'] = 'generic',
  consumerOptions?: Json,
): Scenario {
  return defineScenario({
    id: `bench-${broker}`,
    title: `benchmark: one ${broker} ${entity.type}`,
    broker,
    entities: [entity as never],
    messages: [{ type: 'Job', kind: 'event', to: entity.name as string }],
    services: [
      { name: 'Producer', handlers: [{ name: 'Submit', code: { builtin: 'forward', options: { type: 'Job' } } }] },
      { name: 'Worker', handlers: [{ name: 'Handle', consumes: entity.name as string, concurrency: 8, code: { builtin: 'ack' }, ...(consumerOptions ? { options: consumerOptions } : {}) }] },
    ],
    workload: [{ kind: 'burst', service: 'Producer', handler: 'Submit', count, body: null }],
    limits: { eventsMax: 100_000_000, ticksMax: 1_000_000_000 },
  });
}
