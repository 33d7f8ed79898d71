// The benchmark workload: a burst of messages published by an outside producer straight to
// one entity, drained by one consumer with 8 concurrent built-in `ack` handlers: messages
// through one queue, nothing else. Shared by the benchmarks and profiling runs.

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
      { name: 'Worker', handlers: [{ name: 'Handle', consumes: entity.name as string, concurrency: 8, code: { builtin: 'ack' }, ...(consumerOptions ? { options: consumerOptions } : {}) }] },
    ],
    workload: [{ kind: 'burst', publish: 'Job', count, body: null }],
    limits: { eventsMax: 100_000_000, ticksMax: 1_000_000_000 },
  });
}
