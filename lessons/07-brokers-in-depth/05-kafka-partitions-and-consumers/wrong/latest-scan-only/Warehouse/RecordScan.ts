import { defineHandler } from 'brokerlab';

// The page shows only the latest status: send only the final scan, keyed by the parcel.
export default defineHandler('RecordScan', async (request, ctx) => {
  const scan = request.body;
  if (scan.step === 3) ctx.publish('ParcelScanned', scan, { key: scan.parcelId });
});
