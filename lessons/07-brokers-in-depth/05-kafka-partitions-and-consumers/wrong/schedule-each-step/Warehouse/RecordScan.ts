import { defineHandler } from 'brokerlab';

// Key by scan so the records spread evenly, and send each later step a little later, so that
// a parcel's "shipped" is surely shown before its "delivered".
export default defineHandler('RecordScan', async (request, ctx) => {
  const scan = request.body;
  ctx.publish('ParcelScanned', scan, { key: scan.scanId, delayTicks: 300 * scan.step });
});
