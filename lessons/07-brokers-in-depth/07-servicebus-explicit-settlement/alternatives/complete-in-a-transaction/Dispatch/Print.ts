import { defineHandler } from 'brokerlab';

// Complete inside a Service Bus transaction once the label is recorded.
export default defineHandler('Print', async (msg, ctx) => {
  const { jobId, parcelId, address } = msg.body;
  if (!address.postcode) {
    ctx.deadLetter('AddressIncomplete', `${jobId}: the address has no postcode, the carrier cannot book it`);
    return;
  }
  let booking;
  try {
    booking = await ctx.call('Carrier', 'book', { jobId, parcelId, postcode: address.postcode }, { timeoutTicks: 2_000, idempotencyKey: jobId });
  } catch (error) {
    ctx.abandon();
    return;
  }
  await ctx.call('LabelPrinter', 'print', { jobId, parcelId, tracking: booking.receipt, address });
  await ctx.db.transaction(async (tx) => {
    tx.put('labels', jobId, { parcelId, tracking: booking.receipt, printedAt: ctx.now() });
  });
  await ctx.brokerTransaction(async (tx) => {
    tx.complete();
  });
});
