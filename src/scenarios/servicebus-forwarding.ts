// Sandbox: Azure Service Bus auto-forwarding. The shop sends to one topic; the EU subscription
// chains (ForwardTo) into the EU team's own queue, so a backlog fills their queue, not the topic.
// That queue forwards its dead letters (ForwardDeadLetteredMessagesTo) to a shared `errors`
// queue: a poison order, dead-lettered after MaxDeliveryCount 2, arrives there carrying
// DeadLetterReason and DeadLetterSource — the one place Service Bus sets DeadLetterSource. Try:
// point `forwardTo` at a queue that forwards on again, four times, and watch the fifth hop be
// dead-lettered with MaxTransferHopCountExceeded; or add a receiver on the subscription (refused:
// an entity with auto-forwarding has no receivers).

import { defineScenario } from '../engine/index';

const shop = `import { defineHandler } from 'brokerlab';

// Entry point: the shop publishes every order to one topic.
export default defineHandler('PlaceOrder', async (request, ctx) => {
  ctx.publish('OrderPlaced', request.body, { headers: { region: request.body.region } });
});
`;

const fulfil = `import { defineHandler } from 'brokerlab';

// The EU team reads its own queue; the topic's subscription forwards into it.
export default defineHandler('Fulfil', async (msg, ctx) => {
  if (msg.body.qty <= 0) throw new Error('quantity must be positive: ' + msg.body.orderId);
  await ctx.work(30);
  await ctx.db.put('fulfilled', msg.body.orderId, { from: msg.broker.SequenceNumber });
});
`;

const triage = `import { defineHandler } from 'brokerlab';

// Every team's dead letters end up here, forwarded from their dead-letter queues.
export default defineHandler('Triage', async (msg, ctx) => {
  await ctx.db.put('errors', msg.id, { reason: msg.broker.DeadLetterReason, source: msg.broker.DeadLetterSource });
});
`;

export const serviceBusForwarding = defineScenario({
  id: 'servicebus-forwarding',
  title: 'Service Bus: auto-forwarding',
  summary: 'A subscription forwards (ForwardTo) into a team queue; that queue forwards its dead letters (ForwardDeadLetteredMessagesTo) to a shared errors queue, where they carry DeadLetterSource.',
  broker: 'servicebus',
  entities: [
    { type: 'topic', name: 'orders', subscriptions: [{ name: 'eu', rules: [{ name: 'eu-only', filter: { sql: "region = 'eu'" } }], forwardTo: 'eu-orders' }] },
    { type: 'queue', name: 'eu-orders', maxDeliveryCount: 2, forwardDeadLetteredMessagesTo: 'errors' },
    { type: 'queue', name: 'errors' },
  ],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', description: 'An order, published once to the topic.' }],
  services: [
    { name: 'Shop', handlers: [{ name: 'PlaceOrder', code: { source: shop, file: 'Shop/PlaceOrder.ts' } }] },
    { name: 'EU-Fulfilment', handlers: [{ name: 'Fulfil', consumes: 'eu-orders', code: { source: fulfil, file: 'EU-Fulfilment/Fulfil.ts' } }] },
    { name: 'Operations', handlers: [{ name: 'Triage', consumes: 'errors', code: { source: triage, file: 'Operations/Triage.ts' } }] },
  ],
  workload: [
    { kind: 'steady', service: 'Shop', handler: 'PlaceOrder', count: 4, intervalTicks: 40, body: { orderId: 'order-{n}', region: 'eu', qty: 1 } },
    { kind: 'burst', service: 'Shop', handler: 'PlaceOrder', count: 1, startTick: 60, body: { orderId: 'order-us', region: 'us', qty: 1 } },
    { kind: 'burst', service: 'Shop', handler: 'PlaceOrder', count: 1, startTick: 90, body: { orderId: 'order-bad', region: 'eu', qty: 0 } },
  ],
  checks: [
    { name: 'no-loss' },
    // Success: the four valid EU orders are fulfilled, and only the bad one reaches Operations, with its reason and source.
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'EU-Fulfilment', table: 'fulfilled', keys: ['order-1', 'order-2', 'order-3', 'order-4'], keyField: 'orderId', expect: { count: 4 }, describe: 'the 4 valid EU orders are fulfilled (the US one is not theirs)' },
          { service: 'Operations', table: 'errors', expect: { count: 1, every: { reason: { exists: true }, source: 'eu-orders' } }, describe: 'exactly the bad order needs a human, with its DeadLetterReason and DeadLetterSource' },
        ],
      },
    },
  ],
  seeds: [1, 2, 3],
});
