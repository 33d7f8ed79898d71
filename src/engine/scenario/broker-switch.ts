// The broker switch: one flow, written once for the generic broker's queues, run on Azure
// Service Bus, RabbitMQ or Kafka. A scenario declares it (`brokerSwitch: { from, brokers,
// partitions? }`); choosing another broker only changes `scenario.broker`, and this module
// derives that broker's native entities and consumer options from the generic ones:
//
//   generic queue Q (maxDeliveryCount N)  — competing consumers, one copy per message
//   ├─ Service Bus   queue Q, MaxDeliveryCount N, then Q/$deadletterqueue
//   ├─ RabbitMQ      the default exchange → quorum queue Q, x-delivery-limit N−1 (dead-lettered
//   │                on the N-th failed delivery), dead-lettered via the default exchange to Q.dlq
//   └─ Kafka         topic Q (partitions: the consumers' highest concurrency, or declared), read
//                    by one consumer group (the consuming service's name; the queue's name when
//                    several services compete), Spring DefaultErrorHandler with N deliveries,
//                    then DeadLetterPublishingRecoverer → Q.DLT
//
// Entity names stay the same, so handlers, the message catalog, faults and checks read alike on
// every broker. The mapped scenario keeps its switch with `from` set to the broker it now uses,
// so mapping twice changes nothing.

import type { BrokerKind, BrokerSwitch, EntitySpec, HandlerSpec, Scenario } from './types';
import type { Json } from './json';
import type { ValidationIssue } from './validate-types';

export type { BrokerSwitch };

/** Generic maxDeliveryCount default (brokers/generic.ts), repeated to keep this layer free of broker imports. */
const GENERIC_MAX_DELIVERY_COUNT = 10;
const MAPPABLE_FROM: BrokerKind[] = ['generic'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems with a scenario's `brokerSwitch`, or with running it on `scenario.broker`. */
export function validateBrokerSwitch(scenario: Scenario): ValidationIssue[] {
  const sw = (scenario as { brokerSwitch?: unknown }).brokerSwitch;
  if (sw === undefined) return [];
  const issues: ValidationIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path: `brokerSwitch${path}`, message });
  if (!isObj(sw)) return [{ path: 'brokerSwitch', message: 'must be { from, brokers, partitions? }' }];
  if (!MAPPABLE_FROM.includes(sw.from as BrokerKind)) add('.from', `the switch maps entities written for ${MAPPABLE_FROM.join(', ')}; got ${JSON.stringify(sw.from)}`);
  if (!Array.isArray(sw.brokers) || !sw.brokers.every((b) => ['generic', 'servicebus', 'rabbitmq', 'kafka'].includes(b as string))) add('.brokers', 'must list brokers: generic, servicebus, rabbitmq, kafka');
  else if (!sw.brokers.includes(scenario.broker) && scenario.broker !== sw.from) add('.brokers', `this scenario does not offer the ${scenario.broker} broker (it offers ${sw.brokers.join(', ')})`);
  if (sw.partitions !== undefined) {
    if (!isObj(sw.partitions)) add('.partitions', 'must map queue names to partition counts');
    else for (const [q, n] of Object.entries(sw.partitions)) if (!(typeof n === 'number' && Number.isInteger(n) && n >= 1)) add(`.partitions.${q}`, 'a partition count is an integer ≥ 1');
  }
  if (issues.length > 0 || scenario.broker === sw.from) return issues;
  (Array.isArray(scenario.entities) ? scenario.entities : []).forEach((e, i) => {
    if (isObj(e) && (e.broker === undefined || e.broker === sw.from) && e.type !== 'queue') issues.push({ path: `entities[${i}].type`, message: `the broker switch maps ${sw.from} queues; a "${String(e.type)}" has no mapping to ${scenario.broker}` });
  });
  return issues;
}

/** The scenario as it runs on `scenario.broker`: native entities when the switch maps them. */
export function onBroker(scenario: Scenario): Scenario {
  const sw = scenario.brokerSwitch;
  if (!sw || scenario.broker === sw.from || validateBrokerSwitch(scenario).length > 0) return scenario;
  const target = scenario.broker;
  const mapped = new Set(scenario.entities.filter((e) => (e.broker ?? sw.from) === sw.from && e.type === 'queue').map((e) => e.name));
  const consumers = consumersOf(scenario, mapped);
  const entities: EntitySpec[] = [];
  const extra: EntitySpec[] = [];
  for (const e of scenario.entities) {
    if (!mapped.has(e.name)) {
      entities.push(e.broker === undefined && sw.from !== target ? { ...e, broker: sw.from } : e);
      continue;
    }
    const maxDeliveryCount = typeof e.maxDeliveryCount === 'number' ? e.maxDeliveryCount : GENERIC_MAX_DELIVERY_COUNT;
    if (target === 'servicebus') {
      entities.push({ type: 'queue', name: e.name, maxDeliveryCount, ...(typeof e.lockDurationTicks === 'number' ? { lockDurationTicks: e.lockDurationTicks } : {}) });
    } else if (target === 'rabbitmq') {
      entities.push({
        type: 'queue', name: e.name,
        arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': Math.max(0, maxDeliveryCount - 1), 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': deadLetterQueue(e.name) },
      });
      extra.push({ type: 'queue', name: deadLetterQueue(e.name) });
    } else if (target === 'kafka') {
      const concurrency = Math.max(1, ...consumers.filter((c) => c.handler.consumes === e.name).map((c) => c.handler.concurrency ?? 1));
      entities.push({ type: 'topic', name: e.name, partitions: sw.partitions?.[e.name] ?? concurrency });
    } else {
      entities.push(e);
    }
  }
  const services = target !== 'kafka' ? scenario.services : scenario.services.map((svc) => ({
    ...svc,
    handlers: svc.handlers.map((h) => (h.consumes && mapped.has(h.consumes) ? kafkaConsumer(h, groupId(h.consumes, svc.name, consumers), scenario) : h)),
  }));
  return { ...scenario, entities: [...entities, ...extra], services, brokerSwitch: { ...sw, from: target } };
}

/** One line per mapped entity, for the run's first trace event. */
export function mappingText(original: Scenario, mapped: Scenario): string | undefined {
  const sw = original.brokerSwitch;
  if (!sw || original.broker === sw.from || mapped === original) return undefined;
  const parts: string[] = [];
  for (const e of original.entities) {
    if (e.type !== 'queue' || (e.broker ?? sw.from) !== sw.from) continue;
    const native = mapped.entities.find((x) => x.name === e.name)!;
    if (mapped.broker === 'servicebus') parts.push(`queue ${e.name} → Service Bus queue ${e.name} (MaxDeliveryCount ${native.maxDeliveryCount})`);
    else if (mapped.broker === 'rabbitmq') parts.push(`queue ${e.name} → default exchange + quorum queue ${e.name} (x-delivery-limit ${(native.arguments as Obj)['x-delivery-limit']}, dead letters to ${deadLetterQueue(e.name)})`);
    else if (mapped.broker === 'kafka') {
      const groups = [...new Set(mapped.services.flatMap((s) => s.handlers.filter((h) => h.consumes === e.name).map((h) => (h.options as Obj).groupId as string)))];
      parts.push(`queue ${e.name} → topic ${e.name} (${native.partitions} partition${native.partitions === 1 ? '' : 's'}) read by consumer group ${groups.join(', ') || '(none)'}`);
    }
  }
  return parts.length ? `on ${mapped.broker}: ${parts.join('; ')}` : undefined;
}

function deadLetterQueue(queue: string): string {
  return `${queue}.dlq`;
}

interface Consumer { service: string; handler: HandlerSpec }

function consumersOf(scenario: Scenario, queues: Set<string>): Consumer[] {
  return scenario.services.flatMap((svc) => svc.handlers.filter((h) => h.consumes && queues.has(h.consumes)).map((handler) => ({ service: svc.name, handler })));
}

/** Competing consumers share one group: the service's name, or the queue's when several services read it. */
function groupId(queue: string, service: string, consumers: Consumer[]): string {
  const services = new Set(consumers.filter((c) => c.handler.consumes === queue).map((c) => c.service));
  return services.size > 1 ? queue : service;
}

function kafkaConsumer(h: HandlerSpec, group: string, scenario: Scenario): HandlerSpec {
  const queue = scenario.entities.find((e) => e.name === h.consumes)!;
  const attempts = typeof queue.maxDeliveryCount === 'number' ? queue.maxDeliveryCount : GENERIC_MAX_DELIVERY_COUNT;
  const own = isObj(h.options) ? (h.options as Record<string, Json>) : {};
  // The queue's delivery limit becomes Spring's blocking retries, then the dead-letter topic;
  // reading from the earliest offset keeps a record written before the group joined.
  return { ...h, options: { groupId: group, deliveryAttempts: attempts, deadLetterTopic: true, autoOffsetReset: 'earliest', ...own } };
}
