import { defineHandler } from 'brokerlab';

// Guards each payment by its id, then writes the balance the goal asked for the first time
// the lesson was read ("30") instead of adding the payment's amount.
export default defineHandler('CreditAccount', async (msg, ctx) => {
  const { paymentId, account, amount } = msg.body;
  await ctx.work(40);
  await ctx.db.transaction(async (tx) => {
    if (tx.get('credits', paymentId)) return;
    tx.put('credits', paymentId, { account, amount });
    tx.put('accounts', account, { balance: 30 });
  });
});
