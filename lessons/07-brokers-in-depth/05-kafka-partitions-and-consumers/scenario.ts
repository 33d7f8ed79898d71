// Scaling a Kafka consumer: by partitions, not by consumers. Warehouse records three scans per
// parcel (packed, shipped, delivered) and writes each to the `parcel-scans` topic (6 partitions);
// Tracking shows each parcel's latest status and takes 20–40 ms a scan. At peak the scans arrive
// faster than one consumer works, so Tracking must work on several at once — but a consumer
// group gives each partition to one consumer and hands its records over one at a time (ref
// §3.1): the partitions that hold records are the parallelism, whatever the concurrency, and a
// parcel's scans stay in order only if they share a partition. Tracking (another team's
// service) already runs 12 consumers (Spring's listener container concurrency); the learner
// chooses the record key in Warehouse's code.
// `onServiceBus` runs the same code on a Service Bus queue without sessions: 12 competing
// receivers share one queue, so all 12 work — and a parcel's scans race each other.

import { defineLessonScenario } from '../../../src/content/types';

// Tracking belongs to another team: it shows each parcel's latest status on its tracking page.
const showStatus = `import { defineHandler } from 'brokerlab';

// Shows a parcel's latest status on its tracking page; rendering takes 20–40 ms. A scan of an
// earlier step arriving after a later one sends the page backwards ("shipped" after
// "delivered"): that is recorded as a regression. The inbox skips a record Kafka hands over
// again after a crash or a rebalance (its offset was not committed yet). Every scan shown is
// kept in the page's history, the way the customer saw it.
export default defineHandler('ShowStatus', async (msg, ctx) => {
  const { parcelId, step, status, scanId } = msg.body;
  await ctx.work(20 + Math.floor(ctx.random() * 21));
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    tx.inbox.record();
    const page = tx.get('parcels', parcelId) ?? { step: 0, status: 'announced' };
    if (step < page.step) tx.put('regressions', \`\${parcelId}:\${step}\`, { parcelId, step, after: page.step });
    tx.put('parcels', parcelId, { step, status });
    tx.put('history', String(scanId), { parcelId, step, status });
  });
});
`;

/** Tracking's consumers: 12, twice the partitions (Spring's listener container concurrency). */
export const CONSUMERS = 12;

export const PARCELS = 24;
export const PARTITIONS = 6;

const scan = (step: number, status: string, startTick: number) => ({
  kind: 'steady' as const, service: 'Warehouse', handler: 'RecordScan', count: PARCELS, intervalTicks: 25, startTick,
  body: { parcelId: 'PX{n}', warehouse: 'wh-{n%2}', step, status, scanId: `scan-{n}-${step}` },
});

const scenario = defineLessonScenario({
  id: 'lesson-kafka-partitions-and-consumers',
  title: 'Kafka: scale by partitions, not by consumers',
  summary: 'Tracking falls behind at peak; more consumers help only as far as the partitions that hold records.',
  broker: 'kafka',
  entities: [{ type: 'topic', name: 'parcel-scans', partitions: PARTITIONS }],
  messages: [{ type: 'ParcelScanned', kind: 'event', to: 'parcel-scans', description: 'A parcel was scanned at a step of its journey: packed (1), shipped (2), delivered (3).' }],
  services: [
    { name: 'Warehouse', handlers: [{ name: 'RecordScan', code: { file: 'Warehouse/RecordScan.ts' } }] },
    {
      name: 'Tracking',
      handlers: [{ name: 'ShowStatus', consumes: 'parcel-scans', concurrency: CONSUMERS, options: { groupId: 'tracking', autoOffsetReset: 'earliest', commit: 'after-processing', sessionTimeoutMs: 6_000 }, code: { source: showStatus, file: 'Tracking/ShowStatus.ts' } }],
    },
  ],
  workload: [scan(1, 'packed', 0), scan(2, 'shipped', 5), scan(3, 'delivered', 10)],
  checks: [
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Tracking', table: 'parcels', expect: { count: PARCELS, every: { status: 'delivered', step: 3 } }, describe: `all ${PARCELS} parcels end "delivered"` },
          { service: 'Tracking', table: 'regressions', expect: { count: 0 }, describe: 'no parcel page ever went back to an earlier step' },
          // The pages show what Warehouse recorded: a scan rewritten on the way (every one "delivered") is not a scan shown.
          { service: 'Tracking', table: 'history', keys: { requested: 'scanId' }, expect: { count: PARCELS * 3, matchesRequest: { parcelId: 'parcelId', step: 'step', status: 'status' } }, describe: `each of the ${PARCELS * 3} scans was shown as Warehouse recorded it` },
        ],
      },
    },
    { name: 'per-key-order', options: { consumers: ['Tracking/ShowStatus'], keyField: 'parcelId', minPartitions: 4 } },
    { name: 'throughput', options: { consumers: ['Tracking/ShowStatus'], minPerSecond: 75, minMessages: PARCELS * 3, describe: 'the peak must drain at 75 scans a second or faster' } },
    // A scanner gun does not wait: holding a scan back in Warehouse is not a way to order it.
    { name: 'requests-served', options: { service: 'Warehouse', handler: 'RecordScan', p95MaxTicks: 50 } },
  ],
  limits: { ticksMax: 600_000 },
});

export default scenario;

/** The same handlers on a Service Bus queue without sessions: Tracking's concurrency is MaxConcurrentCalls, competing receivers on one queue. */
export const onServiceBus = defineLessonScenario({
  ...scenario,
  broker: 'servicebus',
  entities: [{ type: 'queue', name: 'parcel-scans' }],
  services: [
    scenario.services[0]!,
    { name: 'Tracking', handlers: [{ name: 'ShowStatus', consumes: 'parcel-scans', concurrency: CONSUMERS, code: { source: showStatus, file: 'Tracking/ShowStatus.ts' } }] },
  ],
  // Service Bus queues have no partitions: the order rule alone, and the same goals otherwise.
  checks: scenario.checks!.map((c) => (c.name === 'per-key-order' ? { name: c.name, options: { consumers: ['Tracking/ShowStatus'], keyField: 'parcelId' } } : c)),
});
