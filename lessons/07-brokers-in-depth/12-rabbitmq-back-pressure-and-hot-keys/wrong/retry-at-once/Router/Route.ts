import { defineHandler } from 'brokerlab';

// A refused event is published again until a shard takes it: nothing is lost, and the loop
// ends as soon as there is room.
function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

export default defineHandler('Route', async (msg, ctx) => {
  const event = msg.body;
  const shard = hash(event.kind === 'stock-set' ? event.sku : event.eventId) % 3;
  for (;;) {
    try {
      await ctx.publish('CatalogEvent', event, { routingKey: `shard.${shard}` });
      return;
    } catch (e) {
      // full: try again
    }
  }
}, { publisherConfirms: true });
