import { defineHandler } from 'brokerlab';

// Keyed by the step (packed, shipped, delivered): the scans of one step stay together.
export default defineHandler('RecordScan', async (request, ctx) => {
  const scan = request.body;
  ctx.publish('ParcelScanned', scan, { key: String(scan.step) });
});
