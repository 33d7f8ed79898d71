// Where a new scenario starts: a blank page, or a small gallery of the classic shapes — a work
// queue, a pub/sub fan-out, topic routing, a partitioned log, a saga — each a complete scenario
// that validates and runs (tested), with handlers from the templates so they read as a start.

import type { HandlerSpec, Scenario } from '../engine/scenario/types';
import { SCENARIO_FORMAT_VERSION } from '../engine/scenario/types';
import { handlerSource, type HandlerTemplate } from './handler-templates';

const handler = (service: string, name: string, template: HandlerTemplate, rest: Partial<HandlerSpec> & { publishes?: string; command?: boolean } = {}): HandlerSpec => {
  const { publishes, command, ...spec } = rest;
  return { name, ...spec, code: { source: handlerSource(template, { handler: name, ...(publishes ? { publishes } : {}), ...(command ? { command } : {}) }), file: `${service}/${name}.ts` } };
};

export function blankScenario(): Scenario {
  return { formatVersion: SCENARIO_FORMAT_VERSION, id: 'my-scenario', title: 'My scenario', broker: 'generic', entities: [], messages: [], services: [], workload: [], checks: [{ name: 'no-loss' }] };
}

const base = (id: string, title: string, summary: string): Pick<Scenario, 'formatVersion' | 'id' | 'title' | 'summary' | 'checks' | 'seeds'> => ({
  formatVersion: SCENARIO_FORMAT_VERSION, id, title, summary, checks: [{ name: 'no-loss' }], seeds: [1],
});

export const STARTERS: { id: string; title: string; make: () => Scenario }[] = [
  {
    id: 'work-queue', title: 'Work queue',
    make: () => ({
      ...base('my-work-queue', 'Work queue', 'Two workers compete for jobs on one queue.'),
      broker: 'generic',
      entities: [{ type: 'queue', name: 'jobs' }],
      messages: [{ type: 'JobSubmitted', kind: 'command', to: 'jobs' }],
      services: [
        { name: 'Producer', handlers: [handler('Producer', 'Submit', 'publish', { publishes: 'JobSubmitted', command: true })] },
        { name: 'Worker-1', handlers: [handler('Worker-1', 'Run', 'consume-and-ack', { consumes: 'jobs' })] },
        { name: 'Worker-2', handlers: [handler('Worker-2', 'Run', 'consume-and-ack', { consumes: 'jobs' })] },
      ],
      workload: [{ kind: 'steady', service: 'Producer', handler: 'Submit', count: 10, intervalTicks: 20, body: { jobId: 'job-{n}' } }],
    }),
  },
  {
    id: 'fan-out', title: 'Pub/sub fan-out',
    make: () => ({
      ...base('my-fan-out', 'Pub/sub fan-out', 'A Service Bus topic gives every subscription its own copy.'),
      broker: 'servicebus',
      entities: [{ type: 'topic', name: 'orders', subscriptions: [{ name: 'billing' }, { name: 'shipping' }] }],
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders' }],
      services: [
        { name: 'Shop', handlers: [handler('Shop', 'PlaceOrder', 'publish', { publishes: 'OrderPlaced' })] },
        { name: 'Billing', handlers: [handler('Billing', 'Bill', 'inbox', { consumes: 'orders/Subscriptions/billing' })] },
        { name: 'Shipping', handlers: [handler('Shipping', 'Ship', 'consume-and-ack', { consumes: 'orders/Subscriptions/shipping' })] },
      ],
      workload: [{ kind: 'steady', service: 'Shop', handler: 'PlaceOrder', count: 6, intervalTicks: 30, body: { orderId: 'order-{n}', total: '{rand:10-90}' } }],
    }),
  },
  {
    id: 'topic-routing', title: 'Topic routing',
    make: () => ({
      ...base('my-topic-routing', 'Topic routing', 'A RabbitMQ topic exchange sends each order to the queues whose binding matches its routing key.'),
      broker: 'rabbitmq',
      entities: [
        { type: 'exchange', name: 'orders', exchangeType: 'topic' },
        { type: 'queue', name: 'eu-orders', bindings: [{ exchange: 'orders', key: 'order.eu' }] },
        { type: 'queue', name: 'all-orders', bindings: [{ exchange: 'orders', key: 'order.#' }] },
      ],
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', routingKey: 'order.eu' }],
      services: [
        { name: 'Shop', handlers: [handler('Shop', 'PlaceOrder', 'publish', { publishes: 'OrderPlaced' })] },
        { name: 'EU', handlers: [handler('EU', 'Fulfil', 'consume-and-ack', { consumes: 'eu-orders' })] },
        { name: 'Audit', handlers: [handler('Audit', 'Record', 'consume-and-ack', { consumes: 'all-orders' })] },
      ],
      workload: [{ kind: 'steady', service: 'Shop', handler: 'PlaceOrder', count: 5, intervalTicks: 30, body: { orderId: 'order-{n}' } }],
    }),
  },
  {
    id: 'partitioned-log', title: 'Partitioned log',
    make: () => ({
      ...base('my-partitioned-log', 'Partitioned log', 'A Kafka topic with three partitions keyed by order; two members of one consumer group share them.'),
      broker: 'kafka',
      entities: [{ type: 'topic', name: 'orders', partitions: 3 }],
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId' }],
      services: [
        { name: 'Shop', handlers: [handler('Shop', 'PlaceOrder', 'publish', { publishes: 'OrderPlaced' })] },
        { name: 'Billing-1', handlers: [handler('Billing-1', 'Bill', 'consume-and-ack', { consumes: 'orders', options: { groupId: 'billing', autoOffsetReset: 'earliest' } })] },
        { name: 'Billing-2', handlers: [handler('Billing-2', 'Bill', 'consume-and-ack', { consumes: 'orders', options: { groupId: 'billing', autoOffsetReset: 'earliest' } })] },
      ],
      workload: [{ kind: 'steady', service: 'Shop', handler: 'PlaceOrder', count: 9, intervalTicks: 20, body: { orderId: 'order-{n%3}' } }],
    }),
  },
  {
    id: 'saga', title: 'Saga (choreography)',
    make: () => ({
      ...base('my-saga', 'Saga (choreography)', 'Each step does its work, records it and announces the next in one transaction (outbox + inbox).'),
      broker: 'generic',
      entities: [{ type: 'queue', name: 'payments' }, { type: 'queue', name: 'shipping' }],
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'payments' }, { type: 'PaymentCaptured', kind: 'event', to: 'shipping' }],
      services: [
        { name: 'Ordering', handlers: [handler('Ordering', 'PlaceOrder', 'publish', { publishes: 'OrderPlaced' })] },
        { name: 'Payments', handlers: [handler('Payments', 'Charge', 'saga-step', { consumes: 'payments', publishes: 'PaymentCaptured' })] },
        { name: 'Shipping', handlers: [handler('Shipping', 'Ship', 'inbox', { consumes: 'shipping' })] },
      ],
      workload: [{ kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: 4, intervalTicks: 40, body: { id: 'order-{n}' } }],
    }),
  },
];
