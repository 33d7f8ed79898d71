import { defineHandler } from 'brokerlab';

// No key at all: let Kafka spread the records over the partitions.
export default defineHandler('RecordScan', async (request, ctx) => {
  const scan = request.body;
  ctx.publish('ParcelScanned', scan);
});
