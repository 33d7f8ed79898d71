import { defineHandler } from 'brokerlab';

// Events a full shard refused wait in the Router's memory and go out with the next event, so
// the storefront queue keeps moving.
const waiting: { event: any; shard: number }[] = [];
function hash(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

async function send(ctx: any, event: any, shard: number): Promise<boolean> {
  try {
    await ctx.publish('CatalogEvent', event, { routingKey: `shard.${shard}` });
    return true;
  } catch (e) {
    return false;
  }
}

export default defineHandler('Route', async (msg, ctx) => {
  for (let i = 0; i < waiting.length; ) {
    if (await send(ctx, waiting[i]!.event, waiting[i]!.shard)) waiting.splice(i, 1);
    else i++;
  }
  const event = msg.body;
  const shard = hash(event.kind === 'stock-set' ? event.sku : event.eventId) % 3;
  if (!(await send(ctx, event, shard))) waiting.push({ event, shard });
}, { publisherConfirms: true });
