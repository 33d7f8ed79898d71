// Sandbox: log compaction. The Catalog publishes every price change of five products to
// `prices`, a compacted topic (cleanup.policy=compact) keyed by product, and finally deletes
// product-0 with a tombstone (a record with a null value). segment.ms is 10 s so segments roll
// within the run; the log cleaner looks every 15 s and keeps the latest record of each key.
// Audit reads from the start while the changes happen and sees every one of them. Storefront
// starts later (its service is down for the first 90 s) and rebuilds its price cache from the
// beginning of the topic: it reads only what compaction left — the latest price per product,
// and product-0's tombstone, which removes it from the cache. A compacted topic is a table of
// latest values, not a history: the check that Storefront saw every change fails by design.

import { defineScenario } from '../engine/index';

const changePrice = `import { defineHandler } from 'brokerlab';

// A price change, keyed by product; a request with delete: true sends a tombstone (null value).
export default defineHandler('ChangePrice', async (request, ctx) => {
  if (request.body.delete) ctx.publish('PriceChanged', null, { key: request.body.productId });
  else ctx.publish('PriceChanged', request.body);
});
`;

const cache = `import { defineHandler } from 'brokerlab';

// Keeps the latest price per product; a tombstone (null value) deletes the product.
export default defineHandler('CachePrice', async (msg, ctx) => {
  await ctx.db.transaction(async (tx) => {
    const seen = tx.get('changes-read', 'all') ?? { count: 0 };
    tx.put('changes-read', 'all', { count: seen.count + 1 });
    if (msg.body === null) tx.delete('prices', msg.key);
    else tx.put('prices', msg.key, { price: msg.body.price });
  });
});
`;

const PRODUCTS = 5;
const CHANGES = 8;
const code = { source: cache, file: 'Cache/CachePrice.ts' };

export const kafkaLogCompaction = defineScenario({
  id: 'kafka-log-compaction',
  title: 'Kafka: log compaction and tombstones',
  summary: 'A compacted topic keeps the latest price per product; a late reader rebuilding its cache sees only those, and a tombstone deletes a product.',
  broker: 'kafka',
  entities: [{ type: 'topic', name: 'prices', partitions: 1, cleanupPolicy: 'compact', segmentMs: 10_000, deleteRetentionMs: 600_000 }],
  messages: [{ type: 'PriceChanged', kind: 'event', to: 'prices', keyField: 'productId', description: 'The new price of a product, keyed by product id; null is a tombstone.' }],
  services: [
    { name: 'Catalog', handlers: [{ name: 'ChangePrice', code: { source: changePrice, file: 'Catalog/ChangePrice.ts' } }] },
    { name: 'Audit', handlers: [{ name: 'CachePrice', consumes: 'prices', code, options: { autoOffsetReset: 'earliest' } }] },
    { name: 'Storefront', handlers: [{ name: 'CachePrice', consumes: 'prices', code, options: { autoOffsetReset: 'earliest' } }] },
  ],
  workload: [
    // Eight rounds of changes, one product every second: product-1 … product-4, product-0, product-1 … (prices only go up).
    { kind: 'steady', service: 'Catalog', handler: 'ChangePrice', count: PRODUCTS * CHANGES, intervalTicks: 1_000, body: { productId: 'product-{n%5}', price: '{n}' } },
    { kind: 'burst', service: 'Catalog', handler: 'ChangePrice', count: 1, startTick: 45_000, body: { productId: 'product-0', delete: true } },
  ],
  faults: [{ type: 'crash', service: 'Storefront', atTick: 0, restartAfterTicks: 90_000 }],
  checks: [
    { name: 'no-loss' },
    {
      name: 'db-predicate',
      options: {
        rules: [
          { service: 'Storefront', table: 'prices', keys: ['product-1', 'product-2', 'product-3', 'product-4'], expect: { count: PRODUCTS - 1 }, describe: 'the rebuilt cache holds products 1–4 and not the deleted product-0' },
          { service: 'Audit', table: 'changes-read', key: 'all', expect: { equals: { count: PRODUCTS * CHANGES + 1 } }, describe: 'Audit, reading while the changes happened, saw all 41 records' },
          { service: 'Storefront', table: 'changes-read', key: 'all', expect: { equals: { count: PRODUCTS * CHANGES + 1 } }, describe: 'Storefront, reading the compacted topic later, saw every price change too' },
        ],
      },
    },
  ],
  seeds: [1, 2, 3],
});
