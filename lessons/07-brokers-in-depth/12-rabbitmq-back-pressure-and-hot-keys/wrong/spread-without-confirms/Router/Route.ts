import { defineHandler } from 'brokerlab';

// The hot product is spread: views go to the shard of their eventId, stock changes keep their
// product's shard — three workers share the sale, so no shard should fill up.
function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

export default defineHandler('Route', async (msg, ctx) => {
  const event = msg.body;
  const shard = hash(event.kind === 'stock-set' ? event.sku : event.eventId) % 3;
  await ctx.publish('CatalogEvent', event, { routingKey: `shard.${shard}` });
});
