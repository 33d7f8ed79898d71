import { defineHandler } from 'brokerlab';

// Any key that names the parcel and only the parcel: its scans share a partition, and 24
// parcels spread over the 6 partitions (not evenly — a hash spreads keys, it does not balance
// them — but enough).
export default defineHandler('RecordScan', async (request, ctx) => {
  const scan = request.body;
  ctx.publish('ParcelScanned', scan, { key: `parcel:${scan.parcelId}` });
});
