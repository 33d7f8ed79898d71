// Back-pressure and a hot key on RabbitMQ (ref §2.7 length limits, §2.8 publisher confirms; the
// RabbitMQ docs "Queue Length Limit" and "Consumer Acknowledgements and Publisher Confirms").
// A shop's storefront writes every product view and stock change to the `storefront` queue. The
// learner's Router reads it one event at a time and hands each to one of three shard queues
// (`catalog.0`–`catalog.2`, behind the direct exchange `catalog`), each read by one Catalog
// worker that updates the search index (an external system). The shard queues are bounded —
// x-max-length 5, x-overflow reject-publish — because a shard that cannot keep up should push
// back on its publisher instead of growing without end:
//   - without publisher confirms a refused message is simply gone, and the publisher never
//     knows; with them (the Router's channel in confirm mode) its awaited publish throws
//     PublishNacked, and the Router can slow down — hold the event, wait, publish again — so the
//     backlog waits in the durable `storefront` queue, not in a process's memory;
//   - a flash sale makes one product, the hot key, carry most of the views: keyed by product, it
//     pins one shard whose worker works through it while the other two idle. A view needs no
//     order and can go to any shard; a stock change must stay on its product's shard, or a later
//     level can be overtaken by an earlier one.

import { defineLessonScenario } from '../../../src/content/types';
import type { WorkloadSpec } from '../../../src/engine/scenario/types';

/** The product of the flash sale: most views, and its stock changes every 25 ms. */
export const HOT = 'sku-42';
/** The hot product's stock changes during the sale, one every 25 ms. */
export const STOCK_CHANGES = 20;
/** Every storefront event of the sale: 120 views of the hot product, 30 of others, the stock changes. */
export const EVENTS = 120 + 30 + STOCK_CHANGES;
/** The shard workers: one queue, one worker each. */
export const SHARDS = 3;

const apply = `import { defineHandler } from 'brokerlab';

// The Catalog team's worker: one shard queue, one event at a time. A view is counted in the
// search index (by its eventId: a repeat is harmless); a stock change sets the product's level
// (the index shows the last one it was given).
export default defineHandler('Apply', async (msg, ctx) => {
  const e = msg.body;
  await ctx.work(10 + Math.floor(ctx.random() * 21)); // 10–30 ms: looking the product up
  if (e.kind === 'stock-set') await ctx.call('Search', 'setStock', { eventId: e.eventId, sku: e.sku, version: e.version, level: e.level });
  else await ctx.call('Search', 'countView', { eventId: e.eventId, sku: e.sku });
});
`;

const shard = (n: number) => ({
  type: 'queue' as const,
  name: `catalog.${n}`,
  arguments: { 'x-max-length': 5, 'x-overflow': 'reject-publish' },
  bindings: [{ exchange: 'catalog', key: `shard.${n}` }],
});
const worker = (n: number) => ({ name: `Catalog-${n}`, handlers: [{ name: 'Apply', consumes: `catalog.${n}`, code: { source: apply, file: `Catalog/Apply.ts` }, options: { prefetch: 1 } }] });

/** The sale: a wall of views of the hot product, views of others, and the hot product's stock going down. */
function sale(hot: string, others: string): WorkloadSpec[] {
  return [
    { kind: 'steady' as const, publish: 'StorefrontEvent', count: 120, intervalTicks: 5, body: { eventId: 'v-{n}', kind: 'view', sku: hot } },
    { kind: 'steady' as const, publish: 'StorefrontEvent', count: 30, startTick: 3, intervalTicks: 20, body: { eventId: 'w-{n}', kind: 'view', sku: others } },
    { kind: 'steady' as const, publish: 'StorefrontEvent', count: STOCK_CHANGES, startTick: 7, intervalTicks: 25, body: { eventId: 's-{n}', kind: 'stock-set', sku: hot, version: '{n}', level: '{rand:0-500}' } },
  ];
}

const scenario = defineLessonScenario({
  id: 'lesson-rabbitmq-back-pressure-and-hot-keys',
  title: 'RabbitMQ: back-pressure and a hot key',
  summary: 'A Router hands storefront events to three bounded shard queues (x-max-length 5, reject-publish); a flash sale floods one product.',
  broker: 'rabbitmq',
  entities: [
    { type: 'queue', name: 'storefront' },
    { type: 'exchange', name: 'catalog', exchangeType: 'direct' },
    shard(0), shard(1), shard(2),
  ],
  messages: [
    { type: 'StorefrontEvent', kind: 'event', to: 'storefront', description: 'A product view or a stock change, as the storefront saw it.' },
    { type: 'CatalogEvent', kind: 'event', to: 'catalog', description: 'The same event, routed to one shard of the catalog (routing key shard.0–shard.2).' },
  ],
  services: [
    { name: 'Router', handlers: [{ name: 'Route', consumes: 'storefront', code: { file: 'Router/Route.ts' }, options: { prefetch: 1 } }] },
    worker(0), worker(1), worker(2),
  ],
  externals: [{ name: 'Search', description: 'The search index: counts each view and shows each product\'s stock level, the last one it was given.', keyField: 'eventId' }],
  workload: sale(HOT, 'sku-{rand:1-30}'),
  checks: [
    { name: 'no-loss', options: { effects: [{ type: 'StorefrontEvent', external: 'Search', field: 'eventId', describe: 'every view and stock change reached the search index' }] } },
    { name: 'effect-order', options: { external: 'Search', keyFields: ['sku'], orderField: 'version', describe: 'the search index gets each product\'s stock levels in the order they were set' } },
    { name: 'throughput', options: { consumers: ['Catalog-0/Apply', 'Catalog-1/Apply', 'Catalog-2/Apply'], minPerSecond: 55, minMessages: EVENTS, describe: 'the three workers share the sale: a hot product pinned to one shard drains at one worker\'s pace' } },
    { name: 'peak-load', options: { service: 'Router', nacked: true, max: 100, windowTicks: 1000, describe: 'a full queue is given room: the Router waits before publishing again' } },
  ],
  limits: { ticksMax: 60_000 },
});

export default scenario;

/** Another sale: another product is hot, and the others are other products. */
export const ANOTHER_HOT = 'sku-7';
export const anotherSale = defineLessonScenario({ ...scenario, workload: sale(ANOTHER_HOT, 'sku-{rand:31-60}') });
