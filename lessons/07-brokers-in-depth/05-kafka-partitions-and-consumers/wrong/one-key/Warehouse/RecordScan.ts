import { defineHandler } from 'brokerlab';

// One key for every scan: all of them stay in order.
export default defineHandler('RecordScan', async (request, ctx) => {
  const scan = request.body;
  ctx.publish('ParcelScanned', scan, { key: 'parcel-scans' });
});
