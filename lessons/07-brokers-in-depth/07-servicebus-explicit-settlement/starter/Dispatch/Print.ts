import { defineHandler } from 'brokerlab';

// Prints the shipping label of one parcel: books it with the carrier (which gives the tracking
// number), prints the label and records it. Dispatch's processor runs with
// AutoCompleteMessages = false: nothing settles a message unless this handler does.
export default defineHandler('Print', async (msg, ctx) => {
  const { jobId, parcelId, address } = msg.body;
  if (!address.postcode) throw new Error(`${jobId}: the address has no postcode, the carrier cannot book it`);
  const booking = await ctx.call('Carrier', 'book', { jobId, parcelId, postcode: address.postcode }, { timeoutTicks: 2_000, idempotencyKey: jobId });
  await ctx.call('LabelPrinter', 'print', { jobId, parcelId, tracking: booking.receipt, address });
  await ctx.db.transaction(async (tx) => {
    tx.put('labels', jobId, { parcelId, tracking: booking.receipt, printedAt: ctx.now() });
  });
});
