// Events, commands and queries. Ordering accepts orders. Shipping must ship each one — a
// command to its one owner, on Shipping's queue. Billing invoices every order and Loyalty
// (added last month) awards points: both only need to know that an order was placed — a fact,
// published once to the order-events topic, which copies it to every subscription. The starter
// sends Billing a command of its own and knows nothing of Loyalty.

import { defineLessonScenario } from '../../../src/content/types';
import type { CheckSpec } from '../../../src/engine/scenario/types';
import type { Json } from '../../../src/engine/scenario/json';

const CHECKS: CheckSpec[] = [
  // An order's effect is each service's write while handling a message about it: two
  // commits for one order are an order invoiced, counted or shipped twice.
  {
    name: 'no-duplicate-effect',
    options: {
      writes: [
        { service: 'Billing', table: 'invoices', keyField: 'orderId' },
        { service: 'Loyalty', table: 'points', keyField: 'orderId' },
        { service: 'Shipping', table: 'shipments', keyField: 'orderId' },
      ],
    },
  },
  // A consumer told of one order twice — a command and the event next to it — is a producer
  // that still names who listens; Billing's reader, idempotent by order id, would hide it.
  { name: 'one-message-per-fact', options: { services: ['Billing', 'Loyalty', 'Shipping'], describe: 'a producer that still sends Billing its command next to the event still knows who listens' } },
  {
    name: 'db-predicate',
    options: {
      rules: [
        { service: 'Billing', table: 'invoices', keys: { requested: 'orderId' }, expect: { count: 4, matchesRequest: { total: 'total' } }, describe: 'Billing invoiced all 4 orders, each for its own total' },
        // Which customer placed each order comes from the seed: counts typed in by hand miss.
        { service: 'Loyalty', table: 'points', keyField: 'orderId', expect: { sumOfRequests: { field: 'orders', groupBy: 'customer' } }, describe: 'Loyalty counted each customer\'s orders, each once' },
        { service: 'Shipping', table: 'shipments', expect: { count: 4 }, describe: 'Shipping shipped all 4 orders' },
      ],
    },
  },
];

const lesson = defineLessonScenario({
  id: 'lesson-events-commands-queries',
  title: 'Events, commands and queries',
  summary: 'An event fans out to every subscriber; a command goes to the one service that owns the job.',
  broker: 'generic',
  entities: [
    { type: 'topic', name: 'order-events', subscribers: ['billing', 'loyalty'] },
    { type: 'queue', name: 'billing' },
    { type: 'queue', name: 'loyalty' },
    { type: 'queue', name: 'shipping', lockDurationTicks: 3_000 },
  ],
  messages: [
    { type: 'OrderPlaced', kind: 'event', to: 'order-events', keyField: 'orderId', version: 1, description: 'Integration event: an order was placed (a public, versioned contract).' },
    { type: 'InvoiceOrder', kind: 'command', to: 'billing', keyField: 'orderId', description: 'Billing: invoice this order.' },
    { type: 'ShipOrder', kind: 'command', to: 'shipping', keyField: 'orderId', description: 'Shipping: ship this order.' },
  ],
  services: [
    { name: 'Ordering', handlers: [{ name: 'PlaceOrder', code: { file: 'Ordering/PlaceOrder.ts' } }] },
    { name: 'Billing', handlers: [{ name: 'Invoice', consumes: 'billing', code: { file: 'Billing/Invoice.ts' } }] },
    { name: 'Loyalty', handlers: [{ name: 'AwardPoints', consumes: 'loyalty', code: { file: 'Loyalty/AwardPoints.ts' } }] },
    { name: 'Shipping', handlers: [{ name: 'Ship', consumes: 'shipping', concurrency: 2, code: { file: 'Shipping/Ship.ts' } }] },
  ],
  workload: [{ kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: 4, intervalTicks: 250, body: { orderId: 'order-{n}', customer: 'cust-{rand:0-2}', total: '{rand:20-90}' } }],
  checks: CHECKS,
});

export default lesson;

/**
 * The same handlers a year later: an Analytics team subscribed to order-events. Ordering's code
 * has never heard of it — and must not need to: an event is published once, for whoever listens.
 * (A producer that sends each consumer its own message reaches only the consumers it knew.)
 */
export const newSubscriber = defineLessonScenario({
  ...lesson,
  id: 'lesson-events-commands-queries-new-subscriber',
  entities: [
    { type: 'topic', name: 'order-events', subscribers: ['billing', 'loyalty', 'analytics'] },
    ...lesson.entities.filter((e) => e.name !== 'order-events'),
    { type: 'queue', name: 'analytics' },
  ],
  services: [
    ...lesson.services,
    {
      name: 'Analytics',
      handlers: [{
        name: 'RecordOrder',
        consumes: 'analytics',
        code: {
          source: `export default async (msg, ctx) => {
  await ctx.db.transaction(async (tx) => {
    const seen = tx.get('orders', msg.body.orderId) ?? { messages: [] };
    tx.put('orders', msg.body.orderId, { messages: [...seen.messages, msg.type] });
  });
};`,
        },
      }],
    },
  ],
  checks: CHECKS.map((c): CheckSpec => (c.name === 'one-message-per-fact' ? { ...c, options: { ...(c.options as Record<string, Json>), services: [...(c.options as { services: string[] }).services, 'Analytics'] } } : c.name !== 'db-predicate' ? c : {
    name: 'db-predicate',
    options: {
      rules: [
        ...((c.options as { rules: Json[] }).rules),
        { service: 'Analytics', table: 'orders', keys: { requested: 'orderId' }, expect: { every: { messages: ['OrderPlaced'] } }, describe: 'Analytics, a subscriber Ordering has never heard of, learned of each order exactly once from an OrderPlaced' },
      ],
    },
  })),
});
