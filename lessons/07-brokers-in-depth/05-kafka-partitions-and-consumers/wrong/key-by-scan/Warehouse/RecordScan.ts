import { defineHandler } from 'brokerlab';

// Each scan is unique: its own key spreads the records evenly over all 6 partitions.
export default defineHandler('RecordScan', async (request, ctx) => {
  const scan = request.body;
  ctx.publish('ParcelScanned', scan, { key: scan.scanId });
});
