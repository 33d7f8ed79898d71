// Choosing a broker: one flow on Azure Service Bus (the checked challenge), RabbitMQ and Kafka.
// The Shop publishes OrderPlaced for orders from two regions. Billing needs every order; each
// regional warehouse only its region's; Analytics counts everything. On Service Bus the topic
// copies each message to the subscriptions whose rules match — rules read message properties,
// never the body. On RabbitMQ a topic exchange routes by the routing key. Kafka keeps a
// partitioned log: every consumer group reads everything (filtering is the consumer's job),
// and a group that joins late replays the log from the start.

import { defineLessonScenario, type LessonScenario } from '../../../src/content/types';
import type { Json } from '../../../src/engine/scenario/json';
import type { CheckSpec } from '../../../src/engine/scenario/types';

const ORDERS = [
  { kind: 'steady' as const, service: 'Shop', handler: 'PlaceOrder', count: 4, intervalTicks: 200, body: { orderId: 'order-eu-{n}', region: 'eu', total: '{rand:10-300}' } },
  { kind: 'steady' as const, service: 'Shop', handler: 'PlaceOrder', count: 2, startTick: 100, intervalTicks: 300, body: { orderId: 'order-us-{n}', region: 'us', total: '{rand:10-300}' } },
];

const services = (consumes: { billing: string; eu: string; us: string; analytics: string }, options: { billing?: Json; eu?: Json; us?: Json; analytics?: Json } = {}): LessonScenario['services'] => [
  { name: 'Shop', handlers: [{ name: 'PlaceOrder', code: { file: 'Shop/PlaceOrder.ts' } }] },
  { name: 'Billing', handlers: [{ name: 'Invoice', consumes: consumes.billing, code: { file: 'Billing/Invoice.ts' }, ...(options.billing ? { options: options.billing } : {}) }] },
  { name: 'Warehouse-EU', handlers: [{ name: 'Reserve', consumes: consumes.eu, code: { file: 'Warehouse/Reserve.ts' }, ...(options.eu ? { options: options.eu } : {}) }] },
  { name: 'Warehouse-US', handlers: [{ name: 'Reserve', consumes: consumes.us, code: { file: 'Warehouse/Reserve.ts' }, ...(options.us ? { options: options.us } : {}) }] },
  { name: 'Analytics', handlers: [{ name: 'Count', consumes: consumes.analytics, code: { file: 'Analytics/Count.ts' }, ...(options.analytics ? { options: options.analytics } : {}) }] },
];

const checks: CheckSpec[] = [
  // Invoicing and reserving are row creations keyed by order id: a second one for an order
  // (after the row was deleted, say) is the effect applied twice.
  {
    name: 'no-duplicate-effect',
    options: {
      tables: [
        { service: 'Billing', table: 'invoices' },
        { service: 'Warehouse-EU', table: 'reservations' },
        { service: 'Warehouse-US', table: 'reservations' },
      ],
      // Analytics counts every message it gets: two messages about one order count it twice.
      writes: [{ service: 'Analytics', table: 'counts', keyField: 'orderId' }],
    },
  },
  {
    name: 'db-predicate',
    options: {
      rules: [
        { service: 'Shop', table: 'orders', keys: { requested: 'orderId' }, expect: { count: 6, matchesRequest: { region: 'region', total: 'total' } }, describe: 'the shop stored every order it accepted' },
        { service: 'Billing', table: 'invoices', keys: { requested: 'orderId' }, expect: { count: 6, matchesRequest: { total: 'total' } }, describe: 'Billing invoiced all 6 orders, each for its own total' },
        { service: 'Warehouse-EU', table: 'reservations', expect: { count: 4 }, describe: 'the EU warehouse reserved the 4 EU orders' },
        { service: 'Warehouse-EU', table: 'reservations', where: { region: { ne: 'eu' } }, expect: { count: 0 }, describe: 'the EU warehouse saw no US order' },
        { service: 'Warehouse-US', table: 'reservations', expect: { count: 2 }, describe: 'the US warehouse reserved the 2 US orders' },
        // Revenue drawn from the seed: a count written by hand cannot match it.
        { service: 'Analytics', table: 'counts', key: 'all', keyField: 'orderId', expect: { sumOfRequests: { field: 'orders' } }, describe: 'Analytics counted every order once' },
        { service: 'Analytics', table: 'counts', key: 'all', keyField: 'orderId', expect: { sumOfRequests: { field: 'revenue', add: 'total' } }, describe: 'Analytics added up every order\'s total once' },
      ],
    },
  },
];

/** Azure Service Bus: a topic with a subscription per consumer; SQL rules on message properties. */
export default defineLessonScenario({
  id: 'lesson-choosing-a-broker',
  title: 'Choosing a broker: Service Bus',
  summary: 'A topic copies each order to the subscriptions whose rules match its properties.',
  broker: 'servicebus',
  entities: [{
    type: 'topic', name: 'orders',
    subscriptions: [
      { name: 'billing' },
      { name: 'warehouse-eu', rules: [{ name: 'eu-only', filter: { sql: "region = 'eu'" } }] },
      { name: 'warehouse-us', rules: [{ name: 'us-only', filter: { sql: "region = 'us'" } }] },
      { name: 'analytics' },
    ],
  }],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId', routingKey: 'order.placed', description: 'An order was placed in a region.' }],
  services: services({ billing: 'orders/Subscriptions/billing', eu: 'orders/Subscriptions/warehouse-eu', us: 'orders/Subscriptions/warehouse-us', analytics: 'orders/Subscriptions/analytics' }),
  workload: ORDERS,
  checks,
});

/** RabbitMQ: a topic exchange and a queue per consumer, bound by routing-key patterns. */
export const rabbitmq = defineLessonScenario({
  id: 'lesson-choosing-a-broker-rabbitmq',
  title: 'Choosing a broker: RabbitMQ',
  summary: 'A topic exchange routes each order by its routing key to the queues whose bindings match.',
  broker: 'rabbitmq',
  entities: [
    { type: 'exchange', name: 'orders', exchangeType: 'topic' },
    { type: 'queue', name: 'billing', bindings: [{ exchange: 'orders', key: 'order.placed.*' }] },
    { type: 'queue', name: 'warehouse-eu', bindings: [{ exchange: 'orders', key: 'order.*.eu' }] },
    { type: 'queue', name: 'warehouse-us', bindings: [{ exchange: 'orders', key: 'order.*.us' }] },
    { type: 'queue', name: 'analytics', bindings: [{ exchange: 'orders', key: '#' }] },
  ],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId', routingKey: 'order.placed', description: 'An order was placed in a region.' }],
  services: services({ billing: 'billing', eu: 'warehouse-eu', us: 'warehouse-us', analytics: 'analytics' }),
  workload: ORDERS,
  checks,
});

/**
 * Kafka: one partitioned log; each consumer group reads all of it at its own offsets. Analytics
 * is down until 3 s — when it joins, `auto.offset.reset = earliest` replays the log from the start.
 */
export const kafka = defineLessonScenario({
  id: 'lesson-choosing-a-broker-kafka',
  title: 'Choosing a broker: Kafka',
  summary: 'One partitioned log; every group reads everything, and a late group replays it from the start.',
  broker: 'kafka',
  entities: [{ type: 'topic', name: 'orders', partitions: 3 }],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId', routingKey: 'order.placed', description: 'An order was placed in a region (key: order id).' }],
  services: services({ billing: 'orders', eu: 'orders', us: 'orders', analytics: 'orders' }, {
    billing: { groupId: 'billing' }, eu: { groupId: 'warehouse-eu' }, us: { groupId: 'warehouse-us' }, analytics: { groupId: 'analytics', autoOffsetReset: 'earliest' },
  }),
  workload: ORDERS,
  faults: [{ type: 'crash', service: 'Analytics', atTick: 1, restartAfterTicks: 3_000 }],
  checks,
});
