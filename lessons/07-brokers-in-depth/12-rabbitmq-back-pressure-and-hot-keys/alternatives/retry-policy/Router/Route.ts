import { defineHandler } from 'brokerlab';

// A refused event fails the delivery, and the handler's retry policy runs it again after an
// exponential back-off (20 ms, 40 ms… at most 320 ms), holding the storefront delivery
// meanwhile — like MassTransit's UseMessageRetry. Views go to any shard (by eventId); a stock
// change keeps its product's shard.
function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

export default defineHandler('Route', async (msg, ctx) => {
  const event = msg.body;
  const key = event.kind === 'stock-set' ? event.sku : event.eventId;
  await ctx.publish('CatalogEvent', event, { routingKey: `shard.${hash(key) % 3}` });
}, { publisherConfirms: true, retry: { kind: 'exponential', limit: 30, baseTicks: 20, capTicks: 320 } });
