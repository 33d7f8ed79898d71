import { defineHandler } from 'brokerlab';

// The Router reads the storefront's events one at a time and hands each to one shard of the
// catalog: the shard of its product, so that every event of a product goes to the same worker.
function shardOf(sku: string): number {
  let h = 0;
  for (const c of sku) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 3;
}

export default defineHandler('Route', async (msg, ctx) => {
  const event = msg.body; // { eventId, kind: 'view' | 'stock-set', sku, version?, level? }
  await ctx.publish('CatalogEvent', event, { routingKey: `shard.${shardOf(event.sku)}` });
});
