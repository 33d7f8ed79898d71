// Faults strike exactly what they name. For every fault type, scoped to one service X of the
// RabbitMQ routing scenario (a topic exchange fans each order out to billing — two competing
// consumers —, shipping-eu and audit), no fault is injected at, and no injected failure, crash
// or duplicate reaches, any other service Y. And the fault does strike X where X has something
// to strike (a handler-throws scoped to Billing-1 used to strike Shipping too, once a message id
// was struck; one scoped to Shipping missed the copies Billing handled first).
import { describe, expect, it } from 'vitest';
import { runScenario, type FaultSpec, type RunResult, type TraceEvent } from '../../src/engine/index';
import { rabbitMqRouting } from '../../src/scenarios/rabbitmq-routing';
import { kafkaPartitions } from '../../src/scenarios/kafka-partitions';
import { serviceOfConsumer } from '../../src/projections/sequence-layout';

const scenario = { ...rabbitMqRouting, limits: { zeroTimeEventsMax: 2000, eventsMax: 30_000 } };
const services = scenario.services.map((s) => s.name);

/** What X must do for a fault of this kind to have something to strike. */
type Needs = 'handles' | 'consumes' | 'publishes' | 'any';

const FAULTS: [string, Needs, (x: string) => FaultSpec][] = [
  ['handler-throws transient, every message', 'handles', (x) => ({ type: 'handler-throws', service: x, every: true, failAttempts: 2 })],
  ['handler-throws poison, 1st message', 'handles', (x) => ({ type: 'handler-throws', service: x, mode: 'poison', nth: 1 })],
  ['handler-throws, every attempt', 'handles', (x) => ({ type: 'handler-throws', service: x, target: 'attempt', every: true })],
  ['duplicate-delivery, every delivery', 'consumes', (x) => ({ type: 'duplicate-delivery', service: x, every: true })],
  ['delay-delivery, every delivery', 'consumes', (x) => ({ type: 'delay-delivery', service: x, every: true, delayTicks: 50 })],
  ['lock-expiry, 1st delivery', 'consumes', (x) => ({ type: 'lock-expiry', service: x, nth: 1, pauseTicks: 100 })],
  ['crash before-ack, 1st time', 'handles', (x) => ({ type: 'crash', service: x, point: 'before-ack', nth: 1, restartAfterTicks: 100 })],
  ['crash at a tick', 'any', (x) => ({ type: 'crash', service: x, atTick: 12, restartAfterTicks: 100 })],
  ['drop, every message', 'publishes', (x) => ({ type: 'drop', service: x, every: true })],
  ['reorder, every message', 'publishes', (x) => ({ type: 'reorder', service: x, every: true, holdTicksMax: 30 })],
  ['slow-consumer', 'handles', (x) => ({ type: 'slow-consumer', service: x, extraTicks: 20 })],
  ['broker-unreachable', 'any', (x) => ({ type: 'broker-unreachable', service: x, fromTick: 0, durationTicks: 100 })],
  ['db-outage', 'any', (x) => ({ type: 'db-outage', service: x, fromTick: 0, durationTicks: 100 })],
  ['chaos', 'handles', (x) => ({ type: 'chaos', service: x, rates: { duplicate: 0.3, delay: 0.3, drop: 0.3, throw: 0.3, crash: 0.05 } })],
];

function index(trace: readonly TraceEvent[]) {
  const deliveredTo = new Map<string, string>();
  const producer = new Map<string, string>();
  for (const e of trace) {
    if (e.kind === 'message.delivered' && e.deliveryId) deliveredTo.set(e.deliveryId, serviceOfConsumer(e.data.consumer, services) ?? e.data.consumer);
    if (e.kind === 'message.published' && e.messageId && !producer.has(e.messageId)) producer.set(e.messageId, e.actor);
  }
  return { deliveredTo, producer };
}

/** The service each injected fault acted on, and every service an injected effect reached. */
function struck(r: RunResult): { at: string[]; effects: string[] } {
  const { deliveredTo, producer } = index(r.trace);
  const at: string[] = [];
  const effects: string[] = [];
  for (const e of r.trace) {
    if (e.kind === 'fault.injected') {
      const transit = e.data.fault === 'drop' || e.data.fault === 'reorder' || (e.data.fault === 'chaos' && (e.data.details as { kind?: string } | undefined)?.kind === 'drop');
      if (e.deliveryId && deliveredTo.has(e.deliveryId)) at.push(deliveredTo.get(e.deliveryId)!);
      else if (transit && e.messageId) at.push(producer.get(e.messageId) ?? `?${e.messageId}`);
      else at.push(e.data.target);
    }
    if (e.kind === 'handler.failed' && /^(TransientFailure|PoisonMessage)\b/.test(e.data.error)) effects.push(e.actor);
    if (e.kind === 'service.crashed') effects.push(e.actor);
    if (e.kind === 'handler.started' && e.text?.startsWith('a duplicate')) effects.push(e.actor);
  }
  return { at, effects };
}

const baseline = runScenario(scenario, { seed: 1 });
const can = (x: string, needs: Needs) => {
  if (needs === 'any') return true;
  if (needs === 'publishes') return baseline.trace.some((e) => e.kind === 'message.published' && e.actor === x);
  if (needs === 'consumes') return baseline.trace.some((e) => e.kind === 'message.delivered' && serviceOfConsumer(e.data.consumer, services) === x);
  return baseline.trace.some((e) => e.kind === 'handler.started' && e.actor === x);
};

describe('a fault scoped to X never touches Y', () => {
  const cases = FAULTS.flatMap(([label, needs, make]) => services.map((x) => [label, x, needs, make(x)] as const));
  it.each(cases)('%s scoped to %s', (_label, x, needs, fault) => {
    const r = runScenario(scenario, { seed: 1, faults: [fault] });
    const { at, effects } = struck(r);
    expect(at.filter((s) => s !== x), `injected elsewhere: ${JSON.stringify(fault)}`).toEqual([]);
    expect(effects.filter((s) => s !== x), `effects elsewhere: ${JSON.stringify(fault)}`).toEqual([]);
    if (can(x, needs)) expect(at.length, `never struck ${x}: ${JSON.stringify(fault)}`).toBeGreaterThan(0);
  });

  it('a poison message for Billing-1 leaves the other copies of the same order alone (Shipping, Audit process it)', () => {
    const r = runScenario(scenario, { seed: 1, faults: [{ type: 'handler-throws', service: 'Billing-1', mode: 'poison', nth: 1 }] });
    const poisoned = r.trace.find((e) => e.kind === 'fault.injected')!.messageId!;
    const done = r.trace.filter((e) => e.kind === 'handler.completed' && e.messageId === poisoned).map((e) => e.actor);
    expect(done).toEqual(expect.arrayContaining(['Shipping', 'Audit']));
  });

  it('a rebalance naming one topic rebalances only that topic’s groups', () => {
    const twoTopics = {
      ...kafkaPartitions,
      entities: [...kafkaPartitions.entities, { type: 'topic', name: 'audit', partitions: 2 }],
      messages: [...kafkaPartitions.messages, { type: 'AuditRecorded', kind: 'event' as const, to: 'audit' }],
      services: [...kafkaPartitions.services, { name: 'Auditor', handlers: [{ name: 'Keep', consumes: 'audit', code: { builtin: 'ack' } }] }],
      workload: [...kafkaPartitions.workload, { kind: 'burst' as const, publish: 'AuditRecorded', count: 3, body: {} }],
    };
    // Assignments at the fault's tick, by topic (the scenario's own joins happen at other ticks).
    const at50 = (faults: FaultSpec[]) => new Set(runScenario(twoTopics, { seed: 1, faults }).trace.flatMap((e) => (e.kind === 'partition.assigned' && e.tick === 50 ? [e.data.topic] : [])));
    expect(at50([])).toEqual(new Set());
    expect(at50([{ type: 'rebalance', atTick: 50 }])).toEqual(new Set(['orders', 'audit']));
    expect(at50([{ type: 'rebalance', atTick: 50, entity: 'orders' }])).toEqual(new Set(['orders']));
    expect(at50([{ type: 'rebalance', atTick: 50, entity: 'audit' }])).toEqual(new Set(['audit']));
  });

  it('a drop or reorder cannot name a handler it could never match', () => {
    expect(() => runScenario(scenario, { seed: 1, faults: [{ type: 'drop', service: 'Shop', handler: 'PlaceOrder' }] })).toThrow(/faultPlan\[0\]\.handler: a message in transit is matched by its producer service and message type/);
  });
});
