import { defineHandler } from 'brokerlab';

// Back-pressure: a refused event is published again after a pause. The hot product is spread:
// every event goes to the shard of its own eventId, so the three workers share the sale.
function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

export default defineHandler('Route', async (msg, ctx) => {
  const event = msg.body;
  const shard = hash(event.eventId) % 3;
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.publish('CatalogEvent', event, { routingKey: `shard.${shard}` });
      return;
    } catch (e) {
      if (attempt === 20) throw e;
      await ctx.work(Math.min(20 * attempt, 200));
    }
  }
}, { publisherConfirms: true });
