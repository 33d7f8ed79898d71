import { defineHandler } from 'brokerlab';

// Entry point: a parcel was scanned (step 1 packed, 2 shipped, 3 delivered). Each scan goes to
// the `parcel-scans` topic (6 partitions). The key decides the partition: murmur2(key) % 6.
// Records are keyed by the warehouse that scanned the parcel.
export default defineHandler('RecordScan', async (request, ctx) => {
  const scan = request.body;
  ctx.publish('ParcelScanned', scan, { key: scan.warehouse });
});
