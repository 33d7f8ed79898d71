import { defineHandler } from 'brokerlab';

// The three workers drain about 100 events a second, so the Router publishes one every 13 ms
// and the shards never fill: no confirms needed. Views are spread, stock changes keep their
// product's shard.
function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

export default defineHandler('Route', async (msg, ctx) => {
  const event = msg.body;
  await ctx.work(13);
  const key = event.kind === 'stock-set' ? event.sku : event.eventId;
  await ctx.publish('CatalogEvent', event, { routingKey: `shard.${hash(key) % 3}` });
});
