// Small scenario builders for engine tests: one queue, one producer entry handler that
// publishes each request's body, one consumer whose source code the test chooses.

import { defineScenario, toPlainState, type Scenario, type EntitySpec, type RunState } from '../../src/engine/index';

export function oneQueueScenario(consumerSource: string, opts: { count?: number; queue?: Partial<EntitySpec>; concurrency?: number; consumers?: number; intervalTicks?: number } = {}): Scenario {
  const consumers = Array.from({ length: opts.consumers ?? 1 }, (_, i) => ({
    name: `Worker${i + 1}`,
    handlers: [{ name: 'Handle', consumes: 'jobs', concurrency: opts.concurrency ?? 1, code: { source: consumerSource } }],
  }));
  return defineScenario({
    id: 'test-one-queue',
    title: 'one queue',
    broker: 'generic',
    entities: [{ type: 'queue', name: 'jobs', ...(opts.queue ?? {}) } as EntitySpec],
    messages: [{ type: 'JobSubmitted', kind: 'event', to: 'jobs' }],
    services: [
      { name: 'Producer', handlers: [{ name: 'Submit', code: { builtin: 'forward', options: { type: 'JobSubmitted' } } }] },
      ...consumers,
    ],
    workload: [{ kind: 'steady', service: 'Producer', handler: 'Submit', count: opts.count ?? 1, intervalTicks: opts.intervalTicks ?? 10, body: { job: '{n}' } }],
  });
}

export const kinds = (trace: readonly { kind: string }[]) => trace.map((e) => e.kind);

/** A state as comparable data: tables as plain rows, and the fold's per-message bookkeeping as sorted entries. */
export function comparableState(s: RunState) {
  return { ...toPlainState(s), copies: s.copies.toArray() };
}
