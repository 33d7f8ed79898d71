import { defineHandler } from 'brokerlab';

// Confirm mode tells the Router when a shard refused an event; views are spread, stock changes
// keep their product's shard. A refused event is logged, and the Router moves on.
function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

export default defineHandler('Route', async (msg, ctx) => {
  const event = msg.body;
  const shard = hash(event.kind === 'stock-set' ? event.sku : event.eventId) % 3;
  try {
    await ctx.publish('CatalogEvent', event, { routingKey: `shard.${shard}` });
  } catch (e) {
    ctx.log(`shard.${shard} is full, skipping ${event.eventId}: ${String(e)}`);
  }
}, { publisherConfirms: true });
