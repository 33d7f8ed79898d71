import { defineHandler } from 'brokerlab';

// A parcel is scanned by one warehouse, so warehouse + parcel is still one key per parcel.
export default defineHandler('RecordScan', async (request, ctx) => {
  const scan = request.body;
  ctx.publish('ParcelScanned', scan, { key: `${scan.warehouse}/${scan.parcelId}` });
});
