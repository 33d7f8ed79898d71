import { defineHandler } from 'brokerlab';

// Entry point: customer service fixes a customer's address. The log line is the audit trail;
// the dead letter already carries everything else, so the replay will go through.
export default defineHandler('UpdateAddress', async (request, ctx) => {
  const { customer, city } = request.body;
  ctx.log(`address of ${customer} fixed: ${city}`);
});
