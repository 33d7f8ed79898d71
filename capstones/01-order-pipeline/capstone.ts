// Design an order pipeline at 5,000 orders a second. Checkout accepts orders in small batches
// and writes each to a Kafka topic; Fulfilment ships every order through the warehouse's API.
// The learner decides the record key, how many records Fulfilment works on at once, and how a
// shipment survives a redelivery — the reference keys by order id (32 partitions share the load),
// runs one record per partition at a time on all 32, and ships with the order id as its
// idempotency key. Judged under steady load, a flash-sale spike and a Fulfilment crash.

import { defineCapstone } from '../../src/content/capstone-types';
import { defineLessonScenario } from '../../src/content/types';
import type { CheckSpec } from '../../src/engine/scenario/types';

/** 5,000 orders a second for 100 ms: 100 batches of 5, one batch a millisecond. */
const BATCHES = 100;
const consumers = ['Fulfilment/Fulfil'];

const checks = (p99MaxTicks: number, minPerSecond: number, why: string): CheckSpec[] => [
  { name: 'throughput', options: { consumers, minPerSecond, minMessages: BATCHES * 5, describe: why } },
  { name: 'latency-budget', options: { consumers, p99MaxTicks, describe: why } },
  // Acked is not shipped: every order must reach the warehouse.
  { name: 'no-loss', options: { effects: [{ type: 'OrderPlaced', external: 'Warehouse', field: 'orderId', by: 'Fulfilment/Fulfil' }] } },
  { name: 'no-duplicate-effect', options: { externals: ['Warehouse'] } },
];

const scenario = defineLessonScenario({
  id: 'capstone-order-pipeline',
  title: 'Order pipeline at 5,000 orders/s',
  summary: 'Checkout writes 5,000 orders a second to Kafka; Fulfilment ships each one exactly once.',
  broker: 'kafka',
  entities: [{ type: 'topic', name: 'orders', partitions: 32 }],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', description: 'An order was accepted at checkout.' }],
  externals: [{ name: 'Warehouse', description: "The warehouse's shipping API: it honours an Idempotency-Key.", keyField: 'orderId', honoursIdempotencyKey: true, latencyTicks: 1 }],
  services: [
    { name: 'Checkout', handlers: [{ name: 'AcceptOrders', code: { file: 'Checkout/AcceptOrders.ts' } }] },
    { name: 'Fulfilment', handlers: [{ name: 'Fulfil', consumes: 'orders', options: { groupId: 'fulfilment', autoOffsetReset: 'earliest', commit: 'after-processing', sessionTimeoutMs: 6000 }, code: { file: 'Fulfilment/Fulfil.ts' } }] },
  ],
  workload: [{ kind: 'steady', service: 'Checkout', handler: 'AcceptOrders', count: BATCHES, intervalTicks: 1, body: { batch: '{n}', total: '{rand:5-500}' } }],
  checks: checks(250, 4000, 'the budget under load'),
  limits: { ticksMax: 120_000 },
});

/**
 * The same pipeline, judged for recovery: a crashed consumer's partitions wait until the group
 * notices it is gone (session.timeout.ms, 6 s here), so the budget is the recovery's, not 250 ms.
 */
const crash = { ...scenario, checks: checks(10_000, 50, 'the recovery budget after a crash: session.timeout.ms is 6 s') };

export default defineCapstone({
  title: 'Design an order pipeline at 5,000 orders/s',
  summary: 'Checkout accepts 5,000 orders a second; every order must be shipped once, within 250 ms at p99, through spikes and crashes.',
  prompt: [
    'Checkout accepts **5,000 orders a second** (100 ms of peak traffic here: 500 orders in batches of five) and writes each as an `OrderPlaced` record to the Kafka topic `orders` (32 partitions). Fulfilment reads them and calls the warehouse to ship; a shipment takes about 2 ms of work and a 1 ms call each way.',
    '',
    'Design the pipeline: how Checkout keys its records, how many records Fulfilment works on at once (`concurrency`, declared next to its code), how long a call to the warehouse may wait (`timeoutTicks`: now and then a request never arrives, and only the timeout tells), and how a shipment is not repeated when Kafka hands a record over again after a crash or a timeout. Use the calculator: how many records are in flight at 5,000/s (Little\'s law), and how many partitions does that need?',
  ].join('\n'),
  constraints: [
    { label: 'Offered load', value: '5,000 orders/s (500 orders in 100 ms), plus a flash-sale spike of 250 at once' },
    { label: 'Order size', value: '≈ 1 KiB; replay window 7 days, replication factor 3' },
    { label: 'Processing', value: '≈ 2 ms work + 2 ms warehouse round trip per order' },
    { label: 'Warehouse', value: 'answers in ≈ 2 ms; now and then a request is lost on the way (the call only times out: 30 s by default)' },
    { label: 'Latency budget', value: 'p99 ≤ 250 ms from checkout to shipped' },
    { label: 'Loss budget', value: '0 orders lost, 0 shipped twice — also when Fulfilment crashes (recovery ≤ 10 s at p99)' },
  ],
  sizing: { ratePerSecond: 5000, serviceMs: 4, concurrency: 1, utilisationPct: 70, producePerPartition: 10_000, messageBytes: 1024, retentionHours: 168, replicas: 3, lagMessages: 1000, consumeRatePerSecond: 8000 },
  figures: { consumers, keyField: 'orderId' },
  rubric: [
    { name: 'throughput', goal: 'Keeps up with 5,000 orders/s: at least 4,000/s from the first order to the last shipment' },
    { name: 'latency-budget', goal: 'p99 from checkout to shipped ≤ 250 ms (≤ 10 s when Fulfilment crashes: the group notices after session.timeout.ms, 6 s)' },
    { name: 'no-loss', goal: 'No order is lost: every order reaches the warehouse, also when Fulfilment crashes' },
    { name: 'no-duplicate-effect', goal: 'No order is shipped twice, even when Fulfilment crashes mid-batch' },
  ],
  seeds: [1],
  faultPlans: [
    { name: 'steady 5,000/s', faults: [] },
    { name: 'flash-sale spike', faults: [{ type: 'traffic-spike', service: 'Checkout', handler: 'AcceptOrders', atTick: 50, count: 50, intervalTicks: 0 }] },
    { name: 'Fulfilment crashes', scenario: 'crash', faults: [{ type: 'crash', service: 'Fulfilment', atTick: 50, restartAfterTicks: 20 }] },
    // The warehouse never receives one request: only the caller's timeout tells, and only a retry ships it.
    { name: 'a shipment request is lost', faults: [{ type: 'request-lost', service: 'Fulfilment', external: 'Warehouse', nth: 100 }] },
  ],
  hints: [
    "Little's law: 5,000/s × 4 ms = 20 orders in flight on average. A partition is read one record at a time, so one partition ships at most 250 orders/s.",
    'A record key decides the partition: the same key for every order puts them all on one partition.',
    'Kafka redelivers records whose offsets were not committed when a consumer died: make the shipment idempotent with a key the retry repeats.',
    'A call that gets no answer is not a shipment: give it a timeout that fits the budget, let it throw, and the retry asks again with the same key.',
  ],
  scenarios: { default: scenario, crash },
});
