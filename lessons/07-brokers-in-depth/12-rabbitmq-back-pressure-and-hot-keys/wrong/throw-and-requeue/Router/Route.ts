import { defineHandler } from 'brokerlab';

// A refused event is not acked: the nack fails the handler, RabbitMQ requeues the storefront
// delivery, and the Router gets it again.
function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

export default defineHandler('Route', async (msg, ctx) => {
  const event = msg.body;
  const shard = hash(event.kind === 'stock-set' ? event.sku : event.eventId) % 3;
  await ctx.publish('CatalogEvent', event, { routingKey: `shard.${shard}` });
}, { publisherConfirms: true });
