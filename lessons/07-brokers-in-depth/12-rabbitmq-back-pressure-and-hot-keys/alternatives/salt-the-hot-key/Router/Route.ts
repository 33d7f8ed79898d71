import { defineHandler } from 'brokerlab';

// A view carries no order, so its key gets a salt: the product plus one of three suffixes
// taken from the view's own id ("sku-42#2"). The same product's views then spread over the
// shards; a stock change keeps the bare product key, and so its order. A nacked publish is
// tried again after a pause of 50 ms, the storefront delivery unacked meanwhile.
function hash(text: string): number {
  let h = 7;
  for (const c of text) h = (h * 33 + c.charCodeAt(0)) >>> 0;
  return h;
}

export default defineHandler('Route', async (msg, ctx) => {
  const event = msg.body;
  const key = event.kind === 'stock-set' ? event.sku : `${event.sku}#${hash(event.eventId) % 3}`;
  const routingKey = `shard.${hash(key) % 3}`;
  for (let attempt = 1; attempt <= 50; attempt++) {
    try {
      await ctx.publish('CatalogEvent', event, { routingKey });
      return;
    } catch (e) {
      ctx.log(`attempt ${attempt}: ${(e as Error).message}`);
      await ctx.work(50);
    }
  }
  throw new Error(`${routingKey} refused ${event.eventId} 50 times`);
}, { publisherConfirms: true });
