import { defineHandler } from 'brokerlab';

// Back-pressure: the Router's channel is in confirm mode, so a shard queue at its x-max-length
// (reject-publish) answers basic.nack and the awaited publish throws. The Router then holds the
// event — its storefront delivery stays unacked, so the backlog waits in the durable queue,
// not in memory — waits, longer each time, and publishes again. Only an event a shard took is
// acked; a crash meanwhile hands it back to the queue.
// The hot key: a view needs no order, so it goes to any shard (spread by its eventId) and the
// three workers share the sale; a stock change keeps its product's shard, so a product's levels
// reach the index in the order they were set.
function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

export default defineHandler('Route', async (msg, ctx) => {
  const event = msg.body; // { eventId, kind: 'view' | 'stock-set', sku, version?, level? }
  const shard = hash(event.kind === 'stock-set' ? event.sku : event.eventId) % 3;
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.publish('CatalogEvent', event, { routingKey: `shard.${shard}` });
      return;
    } catch (e) {
      if (attempt === 20) throw e; // give up on this delivery: it goes back to the storefront queue
      await ctx.work(Math.min(20 * attempt, 200)); // give the shard room before trying again
    }
  }
}, { publisherConfirms: true });
