// The benchmark workload: a burst of messages published by an outside producer straight to
// one entity, drained by one consumer with 8 concurrent built-in `ack` handlers: messages
// through one queue, nothing else. Shared by the benchmarks and profiling runs.
// The benchmark obeys the same bounds as any scenario (src/engine/scenario/bounds.ts): the
// burst is cut into workload entries of at most `workloadCountMax` requests one tick apart, and
// the run's limits are the ceilings, so a count past 2,000,000 events fails with the bound's message.

import { defineScenario, type Json, type Scenario } from '../src/engine/index';
import { LIMITS_CEILING, SCENARIO_BOUNDS } from '../src/engine/scenario/bounds';

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
    workload: bursts(count),
    limits: { eventsMax: LIMITS_CEILING.eventsMax, ticksMax: LIMITS_CEILING.ticksMax },
  });
}

/** `count` requests as bursts of at most `workloadCountMax`, one tick apart. */
function bursts(count: number): Scenario['workload'] {
  const size = SCENARIO_BOUNDS.workloadCountMax;
  const out: Scenario['workload'] = [];
  for (let sent = 0, i = 0; sent < count; sent += size, i++) {
    out.push({ kind: 'burst', publish: 'Job', count: Math.min(size, count - sent), startTick: i, body: null });
  }
  return out;
}
