// Design notification fan-out with per-user ordering. Every user event (an order shipped, a
// message received) becomes a push and an e-mail notification; a user must see their
// notifications in the order of their events, per channel, whatever the consumers' speed, their
// failures or a crash. The learner decides the fan-out's record key and how a failed send is
// retried; the reference keys by user id (one user's notifications share a partition, read in
// order) and retries in place with backoff (the partition waits behind a failing record), with
// the notification id as the phone gateway's idempotency key.

import { defineCapstone } from '../../src/content/capstone-types';
import { defineLessonScenario } from '../../src/content/types';
import type { CheckSpec } from '../../src/engine/scenario/types';

/** What Templates.Render answers for a notification: this template, filled in from the request. */
const RENDER_TEMPLATE = '{channel} #{seq} for {userId}';

const EVENTS = 60;
const USERS = 12;
const consumers = ['Delivery/Send'];
const checks = (p99MaxTicks: number, why: string): CheckSpec[] => [
  { name: 'effect-order', options: { external: 'Phone', keyFields: ['userId', 'channel'], orderField: 'seq', describe: "each user's phone shows their notifications in the order of their events" } },
  // Processed is not shown: every event must reach the user's phone, as a push and as an e-mail.
  { name: 'no-loss', options: { effects: [{ type: 'UserEvent', external: 'Phone', match: { userId: 'userId', seq: 'seq' }, each: { field: 'channel', values: ['push', 'email'] }, by: 'Delivery/Send', after: 'Templates.Render', rendered: { field: 'text', template: RENDER_TEMPLATE }, describe: 'every event is a push and an e-mail, with the text Templates rendered for it' }] } },
  { name: 'no-duplicate-effect', options: { externals: ['Phone'] } },
  { name: 'latency-budget', options: { consumers, p99MaxTicks, describe: why } },
];

/** The template service renders a notification's text; in one plan it fails now and then. */
const templatesSource = `import { defineHandler } from 'brokerlab';
export default defineHandler('Render', async (request, ctx) => {
  await ctx.work(2);
  return { text: ${JSON.stringify(RENDER_TEMPLATE)}.replace(/\\{(\\w+)\\}/g, (_, name) => String(request.body[name])) };
});`;

const scenario = defineLessonScenario({
  id: 'capstone-notification-fan-out',
  title: 'Notification fan-out with per-user ordering',
  summary: 'Each user event becomes a push and an e-mail; each user sees them in order.',
  broker: 'kafka',
  entities: [
    { type: 'topic', name: 'user-events', partitions: 12 },
    { type: 'topic', name: 'notifications', partitions: 12 },
  ],
  messages: [
    { type: 'UserEvent', kind: 'event', to: 'user-events', keyField: 'userId', description: 'Something happened to a user (an order shipped, a message arrived).' },
    { type: 'Notification', kind: 'command', to: 'notifications', description: 'Tell one user about one event on one channel.' },
  ],
  externals: [{ name: 'Phone', description: "The push and e-mail gateway: what the user's phone shows. It honours an Idempotency-Key.", keyField: 'notificationId', honoursIdempotencyKey: true, latencyTicks: 1 }],
  services: [
    { name: 'Notifier', handlers: [{ name: 'FanOut', consumes: 'user-events', options: { groupId: 'notifier', autoOffsetReset: 'earliest', commit: 'after-processing', sessionTimeoutMs: 6000 }, code: { file: 'Notifier/FanOut.ts' } }] },
    { name: 'Templates', calls: { latencyTicks: 1 }, handlers: [{ name: 'Render', code: { source: templatesSource } }] },
    { name: 'Delivery', handlers: [{ name: 'Send', consumes: 'notifications', options: { groupId: 'delivery', autoOffsetReset: 'earliest', commit: 'after-processing', sessionTimeoutMs: 6000 }, code: { file: 'Delivery/Send.ts' } }] },
  ],
  workload: [{ kind: 'steady', publish: 'UserEvent', count: EVENTS, intervalTicks: 10, body: { eventId: 'evt-{n}', userId: `user-{n%${USERS}}`, seq: '{n}' } }],
  checks: checks(1000, 'p99 from fan-out to the phone within 1 s'),
  limits: { ticksMax: 120_000 },
});

/** After a crash the group waits for session.timeout.ms (6 s) before it hands the partitions on. */
const crash = { ...scenario, checks: checks(10_000, 'the recovery budget after a crash: session.timeout.ms is 6 s') };

export default defineCapstone({
  title: 'Design notification fan-out with per-user ordering',
  summary: "Fan every user event out to push and e-mail, and keep each user's notifications in order — through slow sends, failures and a crash.",
  prompt: [
    'Every **user event** (60 events for 12 users here, 100 a second) must reach the user as a **push and an e-mail**. Notifier reads `user-events` (keyed by user) and fans each event out to `notifications`; Delivery renders each notification (the Templates service, which sometimes fails) and sends it through the phone gateway: about 10–40 ms in all.',
    '',
    "A user must never see \"your parcel was delivered\" before \"your parcel was shipped\": **per user and channel, notifications arrive in the order of the events**. Design the fan-out's record key, how Delivery retries a failed send without letting a later notification overtake it, and how a send repeated after a crash does not buzz the phone twice.",
  ].join('\n'),
  constraints: [
    { label: 'Load', value: '100 user events/s → 200 notifications/s; ≈ 512 B each, replay window 24 h' },
    { label: 'Send time', value: '≈ 10–40 ms per notification (≈ 25 ms on average); 20 % of renders fail in one plan' },
    { label: 'Ordering', value: 'per user and channel, in event order — 0 violations' },
    { label: 'Latency budget', value: 'p99 ≤ 1 s from fan-out to the phone (≤ 10 s after a crash)' },
    { label: 'Loss budget', value: '0 notifications lost, 0 shown twice' },
  ],
  sizing: { ratePerSecond: 200, serviceMs: 25, concurrency: 1, utilisationPct: 70, producePerPartition: 10_000, messageBytes: 512, retentionHours: 24, replicas: 3, lagMessages: 200, consumeRatePerSecond: 480 },
  figures: { consumers, keyField: 'userId', effectOrder: { external: 'Phone', keyFields: ['userId', 'channel'], orderField: 'seq' } },
  rubric: [
    { name: 'effect-order', goal: "Each user sees their notifications in event order, per channel" },
    { name: 'no-loss', goal: 'No notification is lost: every event reaches the phone as a push and an e-mail' },
    { name: 'no-duplicate-effect', goal: 'No notification is shown twice, even after a crash' },
    { name: 'latency-budget', goal: 'p99 from fan-out to the phone ≤ 1 s (≤ 10 s when Delivery crashes)' },
  ],
  seeds: [1],
  faultPlans: [
    { name: 'Delivery is slow for a while', faults: [{ type: 'slow-consumer', service: 'Delivery', extraTicks: 60, fromTick: 100, durationTicks: 150 }] },
    { name: '20 % of renders fail', faults: [{ type: 'handler-throws', service: 'Templates', handler: 'Render', mode: 'transient', target: 'attempt', probability: 0.2 }] },
    { name: 'Delivery crashes', scenario: 'crash', faults: [{ type: 'crash', service: 'Delivery', atTick: 300, restartAfterTicks: 20 }] },
  ],
  hints: [
    'Kafka keeps order within a partition only: all of one user\'s notifications must share a key — the user id.',
    'A failed send retried in place (the partition waits) keeps the order; a failed send put back at the end of the topic lets the next one overtake it.',
    'The notification id is the idempotency key: the same on every redelivery of one notification.',
  ],
  scenarios: { default: scenario, crash },
});
