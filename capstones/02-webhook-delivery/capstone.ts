// Design webhook delivery to receivers you do not control. Events emits one webhook per event
// for one of four receivers; Dispatcher delivers each with an HTTP-like call. One receiver
// (receiver-0) is unreliable: down for good, slow for a while, or failing now and then. The
// learner decides the session (isolation) key, the retry policy and what a failure does; the
// reference uses one Service Bus session per receiver (a stuck receiver holds only its own
// session), exponential backoff, dead-lettering with the attempt history once retries are used
// up, and the event id as the webhook's idempotency key.

import { defineCapstone } from '../../src/content/capstone-types';
import { defineLessonScenario } from '../../src/content/types';
import type { CheckSpec } from '../../src/engine/scenario/types';

const RECEIVERS = ['receiver-0', 'receiver-1', 'receiver-2', 'receiver-3'];
const EVENTS = 80;
const perReceiver = EVENTS / RECEIVERS.length;

/** A receiver's endpoint: applies each webhook once per idempotency key (`webhookId`) it has seen; without one it cannot tell a retry from a new event. */
const receiverSource = `import { defineHandler } from 'brokerlab';
export default defineHandler('Receive', async (request, ctx) => {
  await ctx.work(5);
  const { eventId, webhookId } = request.body;
  await ctx.db.transaction(async (tx) => {
    if (webhookId !== undefined && (await tx.get('seen', String(webhookId)))) return;
    const row = await tx.get('applied', eventId);
    tx.put('applied', eventId, { times: (row ? row.times : 0) + 1 });
    if (webhookId !== undefined) tx.put('seen', String(webhookId), true);
  });
  return { status: 200 };
});`;

const applied = (receivers: string[]): CheckSpec => ({
  name: 'db-predicate',
  options: { rules: receivers.map((service) => ({ service, table: 'applied', expect: { count: perReceiver, every: { times: 1 } }, describe: `${service} applies each of its ${perReceiver} webhooks exactly once` })) },
});
const consumers = ['Dispatcher/Deliver'];
const common: CheckSpec[] = [
  { name: 'no-loss' },
  { name: 'peak-load', options: { service: 'Dispatcher', calls: 'receiver-0', failedOnly: true, max: 10, windowTicks: 1000, describe: 'back off: at most 10 failing calls a second to a receiver that does not answer' } },
  { name: 'latency-budget', options: { consumers, keyField: 'receiver', exceptKeys: ['receiver-0'], p99MaxTicks: 200, describe: 'the healthy receivers are not held up by receiver-0' } },
];

const scenario = defineLessonScenario({
  id: 'capstone-webhook-delivery',
  title: 'Webhook delivery to unreliable receivers',
  summary: 'Every webhook reaches its receiver once, or the dead-letter queue with a reason; one bad receiver delays nobody else.',
  broker: 'servicebus',
  entities: [{ type: 'queue', name: 'webhooks', requiresSession: true, lockDurationTicks: 30_000, maxDeliveryCount: 10 }],
  messages: [{ type: 'WebhookDue', kind: 'event', to: 'webhooks', description: 'An event one receiver subscribed to: deliver it to their endpoint.' }],
  services: [
    { name: 'Events', handlers: [{ name: 'Emit', code: { file: 'Events/Emit.ts' } }] },
    { name: 'Dispatcher', handlers: [{ name: 'Deliver', consumes: 'webhooks', options: { maxConcurrentSessions: 4 }, code: { file: 'Dispatcher/Deliver.ts' } }] },
    ...RECEIVERS.map((name) => ({ name, calls: { latencyTicks: 5 }, handlers: [{ name: 'Receive', code: { source: receiverSource } }] })),
  ],
  workload: [{ kind: 'steady', service: 'Events', handler: 'Emit', count: EVENTS, intervalTicks: 10, body: { eventId: 'evt-{n}', receiver: 'receiver-{n%4}' } }],
  checks: [...common, { name: 'dlq-accounted' }, applied(RECEIVERS)],
  limits: { ticksMax: 600_000 },
});

/** receiver-0 is down for good: its webhooks must end dead-lettered with a reason, and only its. */
const down = {
  ...scenario,
  checks: [...common, { name: 'dlq-accounted', options: { expected: [{ where: { receiver: 'receiver-0' } }], poison: [{ where: { receiver: 'receiver-0' } }] } }, applied(RECEIVERS.slice(1))],
};

export default defineCapstone({
  title: 'Design webhook delivery to unreliable receivers',
  summary: 'Deliver every webhook once, back off from a failing receiver, dead-letter what cannot be delivered with a reason, and never let one receiver hold up the others.',
  prompt: [
    'Your platform sends **webhooks**: for every event a customer subscribed to, an HTTP call to their endpoint. Four receivers here, 80 events in 0.8 s; one receiver (`receiver-0`) is unreliable — down for good, slow to answer for a while, or failing now and then.',
    '',
    'Design the delivery: which **session key** isolates receivers from one another (the queue is a Service Bus queue with sessions, and Dispatcher holds at most 4 sessions at once), the **retry policy** (declared next to the handler), what happens when retries are used up, and the **idempotency key** a receiver can use to apply a retried webhook once. A call to a receiver gives up after `timeoutTicks`; the receiver may still have done the work.',
  ].join('\n'),
  constraints: [
    { label: 'Load', value: '80 webhooks over 0.8 s (100/s) for 4 receivers; ≈ 1 KiB each' },
    { label: 'Receivers', value: 'answer in ≈ 15 ms; receiver-0 is down, slow (800 ms for 0.6 s) or fails 30 % of calls' },
    { label: 'Latency budget', value: 'p99 ≤ 200 ms for the healthy receivers, whatever receiver-0 does' },
    { label: 'Politeness', value: 'at most 10 failed calls per second to a receiver that is failing' },
    { label: 'Loss budget', value: '0 lost; a webhook that cannot be delivered is dead-lettered with its reason; 0 applied twice' },
  ],
  sizing: { ratePerSecond: 100, serviceMs: 15, concurrency: 1, utilisationPct: 70, producePerPartition: 1000, messageBytes: 1024, retentionHours: 72, replicas: 3, lagMessages: 20, consumeRatePerSecond: 266 },
  figures: { consumers, keyField: 'receiver', exceptKeys: ['receiver-0'] },
  rubric: [
    { name: 'no-loss', goal: 'Every webhook ends delivered or dead-lettered — none left retrying forever' },
    { name: 'dlq-accounted', goal: 'A webhook that cannot be delivered is dead-lettered with a reason — and only those' },
    { name: 'peak-load', goal: 'Retries back off: at most 10 failed calls a second to a receiver that is failing' },
    { name: 'latency-budget', goal: 'Isolation: p99 ≤ 200 ms for the healthy receivers, whatever receiver-0 does' },
    { name: 'db-predicate', goal: 'Each receiver applies each webhook exactly once (the idempotency key)' },
  ],
  seeds: [1],
  faultPlans: [
    { name: 'receiver-0 is down', scenario: 'down', faults: [{ type: 'crash', service: 'receiver-0', atTick: 0, restartAfterTicks: null }] },
    { name: 'receiver-0 is slow', faults: [{ type: 'slow-consumer', service: 'receiver-0', extraTicks: 800, fromTick: 0, durationTicks: 600 }] },
    { name: 'receiver-0 fails 30 % of calls', faults: [{ type: 'handler-throws', service: 'receiver-0', handler: 'Receive', mode: 'transient', target: 'attempt', probability: 0.3 }] },
  ],
  hints: [
    'A session is a FIFO that one receiver holds at a time: key the sessions by receiver, and a stuck receiver holds only its own session.',
    'Back off exponentially: 200 ms, 400 ms, 800 ms, 1.6 s… and give up after a few tries — the dead-letter queue keeps the webhook and the reason for a human or a later redrive.',
    'A timeout does not mean the receiver did nothing. Send an idempotency key that is the same on every retry of one webhook: the event id.',
  ],
  scenarios: { default: scenario, down },
});
