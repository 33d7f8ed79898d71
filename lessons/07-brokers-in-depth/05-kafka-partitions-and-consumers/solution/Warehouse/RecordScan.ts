import { defineHandler } from 'brokerlab';

// Entry point: a parcel was scanned (step 1 packed, 2 shipped, 3 delivered). Keyed by the
// parcel: murmur2(parcelId) % 6 spreads the 24 parcels over the 6 partitions, and one parcel's
// three scans share one partition, which Tracking reads in order.
export default defineHandler('RecordScan', async (request, ctx) => {
  const scan = request.body;
  ctx.publish('ParcelScanned', scan, { key: scan.parcelId });
});
