// The broker switch (scenario/broker-switch.ts): every built-in scenario that declares one runs
// the same flow on each broker it offers, with that broker's native entities — a queue on
// Service Bus (ref §1.1, §1.4), the default exchange and a quorum queue with a delivery limit
// and a dead-letter exchange on RabbitMQ (ref §2.1, §2.5, §2.6), a topic read by a consumer
// group with blocking retries and a `.DLT` on Kafka (ref §3.4, §3.8) — and its checks judge it
// on each: green as shipped, red when a fault breaks the flow.

import { describe, expect, it } from 'vitest';
import { onBroker, runScenario, validateScenario, type BrokerKind, type Scenario } from '../../src/engine/index';
import { builtinScenarios, findScenario } from '../../src/scenarios/index';
import { ofKind } from './helpers';

const switchable = builtinScenarios.filter((s) => s.brokerSwitch);
const on = (s: Scenario, broker: BrokerKind): Scenario => ({ ...s, broker });

/** Where each broker puts the poison order: its dead-letter destination for queue "orders". */
const deadLetterOf: Record<BrokerKind, string> = { generic: 'orders.dlq', servicebus: 'orders/$deadletterqueue', rabbitmq: 'amq.default', kafka: 'orders.DLT' };

describe('the broker switch', () => {
  it('is offered by the generic scenarios that make sense on every broker', () => {
    expect(switchable.map((s) => s.id).sort()).toEqual(['order-flow', 'saga-choreographed', 'saga-orchestrated']);
    for (const s of switchable) expect(s.brokerSwitch!.brokers).toEqual(['generic', 'servicebus', 'rabbitmq', 'kafka']);
  });

  for (const s of switchable) {
    for (const broker of s.brokerSwitch!.brokers) {
      it(`${s.id} runs on ${broker} with native entities and passes its checks on every seed`, () => {
        expect(validateScenario(on(s, broker))).toEqual([]);
        const mapped = onBroker(on(s, broker));
        for (const seed of s.seeds ?? [1]) {
          const r = runScenario(on(s, broker), { seed });
          expect(r.checks.filter((c) => !c.valid).map((c) => c.name)).toEqual([]);
          expect(ofKind(r.trace, 'message.acked').length).toBeGreaterThan(0);
          if (broker === 'generic') continue;
          expect(r.trace[0].text).toMatch(new RegExp(`on ${broker}: queue `));
          if (broker === 'kafka') {
            expect(ofKind(r.trace, 'message.partitioned').length).toBeGreaterThan(0);
            expect(mapped.entities.every((e) => e.type === 'topic')).toBe(true);
          }
          if (broker === 'rabbitmq') expect(mapped.entities.every((e) => e.type === 'queue' && (e.name.endsWith('.dlq') || (e.arguments as Record<string, unknown>)['x-queue-type'] === 'quorum'))).toBe(true);
        }
      });
    }
  }

  for (const broker of ['generic', 'servicebus', 'rabbitmq', 'kafka'] as BrokerKind[]) {
    it(`order-flow on ${broker}: the malformed order ends in the broker's dead-letter place after maxDeliveryCount deliveries; a dropped order fails no-loss`, () => {
      const s = on(findScenario('order-flow')!, broker);
      const maxDeliveryCount = s.entities.find((e) => e.name === 'orders')!.maxDeliveryCount as number;
      const r = runScenario(s, { seed: 6 });
      const bad = r.trace.find((e) => e.kind === 'handler.failed' && /order-bad/.test(e.data.error))!.messageId!;
      const dl = ofKind(r.trace, 'message.dead-lettered').filter((e) => e.messageId === bad);
      expect(dl).toHaveLength(1);
      expect(dl[0].data.dlq).toBe(deadLetterOf[broker]);
      expect(ofKind(r.trace, 'handler.started').filter((e) => e.messageId === bad)).toHaveLength(maxDeliveryCount);
      const dropped = runScenario(s, { seed: 6, faults: [{ type: 'drop', service: 'Ordering', messageType: 'OrderPlaced', nth: 2 }] });
      const noLoss = dropped.checks.find((c) => c.name === 'no-loss')!;
      expect(noLoss.valid).toBe(false);
    });
  }

  for (const broker of ['servicebus', 'rabbitmq', 'kafka'] as BrokerKind[]) {
    it(`sagas on ${broker}: a lost PaymentCaptured leaves the choreography stuck; the orchestrator's timeout compensates, and no-loss still names the loss`, () => {
      const drop = [{ type: 'drop', service: 'Payments', messageType: 'PaymentCaptured', nth: 1 }];
      const chor = runScenario(on(findScenario('saga-choreographed')!, broker), { seed: 1, faults: drop });
      expect(chor.checks.filter((c) => !c.valid).map((c) => c.name)).toEqual(expect.arrayContaining(['no-loss', 'db-predicate']));
      const orch = runScenario(on(findScenario('saga-orchestrated')!, broker), { seed: 1, faults: drop });
      expect(orch.checks.filter((c) => !c.valid).map((c) => c.name)).toEqual(['no-loss']);
    });
  }

  it('a broker the scenario does not offer, or an entity the switch cannot map, is a validation issue', () => {
    const s = findScenario('order-flow')!;
    const narrow = { ...s, broker: 'kafka' as const, brokerSwitch: { from: 'generic' as const, brokers: ['generic', 'servicebus'] as BrokerKind[] } };
    expect(validateScenario(narrow).map((i) => i.path)).toEqual(['brokerSwitch.brokers']);
    const withTopic = { ...s, broker: 'kafka' as const, entities: [...s.entities, { type: 'topic', name: 'news', subscribers: [] }] };
    expect(validateScenario(withTopic).some((i) => i.path === 'entities[2].type' && /no mapping to kafka/.test(i.message))).toBe(true);
    expect(validateScenario({ ...s, brokerSwitch: { from: 'generic', brokers: ['generic'], partitions: { orders: 0 } } }).map((i) => i.path)).toEqual(['brokerSwitch.partitions.orders']);
  });

  it('maps once: the mapped scenario maps to itself, and declared partitions win', () => {
    const s = { ...findScenario('order-flow')!, broker: 'kafka' as const };
    const mapped = onBroker(s);
    expect(onBroker(mapped)).toBe(mapped);
    expect(mapped.entities.find((e) => e.name === 'orders')!.partitions).toBe(2); // Inventory's concurrency
    const six = onBroker({ ...s, brokerSwitch: { ...s.brokerSwitch!, partitions: { orders: 6 } } });
    expect(six.entities.find((e) => e.name === 'orders')!.partitions).toBe(6);
    expect(six.services.find((x) => x.name === 'Inventory')!.handlers[0].options).toMatchObject({ groupId: 'Inventory', deliveryAttempts: s.entities.find((e) => e.name === 'orders')!.maxDeliveryCount, deadLetterTopic: true });
  });
});
