import { defineHandler } from 'brokerlab';

// Key by scan so the records spread evenly, and hold each later step back a little, so that a
// parcel's "shipped" is surely shown before its "delivered".
export default defineHandler('RecordScan', async (request, ctx) => {
  const scan = request.body;
  await ctx.work(300 * scan.step);
  ctx.publish('ParcelScanned', scan, { key: scan.scanId });
});
