import { defineHandler } from 'brokerlab';

// Prints the shipping label of one parcel, settling the job by hand (AutoCompleteMessages =
// false). Each settle call reaches Service Bus at once, so each comes at its moment:
//   - no postcode: no retry will invent one — dead-letter it now, with a reason a person can act on;
//   - the carrier did not answer: abandon — the job is delivered again at once (DeliveryCount + 1)
//     and booked again (no Idempotency-Key: "the redelivery is handled by abandon");
//   - printed and recorded: complete — only now, so a crash before this point brings the job back.
export default defineHandler('Print', async (msg, ctx) => {
  const { jobId, parcelId, address } = msg.body;
  if (!address.postcode) {
    ctx.deadLetter('AddressIncomplete', `${jobId}: the address has no postcode, the carrier cannot book it`);
    return;
  }
  let booking;
  try {
    booking = await ctx.call('Carrier', 'book', { jobId, parcelId, postcode: address.postcode }, { timeoutTicks: 2_000 });
  } catch (error) {
    ctx.abandon();
    return;
  }
  await ctx.call('LabelPrinter', 'print', { jobId, parcelId, tracking: booking.receipt, address });
  await ctx.db.transaction(async (tx) => {
    tx.put('labels', jobId, { parcelId, tracking: booking.receipt, printedAt: ctx.now() });
  });
  ctx.complete();
});
