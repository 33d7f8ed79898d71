import { defineHandler } from 'brokerlab';

// A payment seen before is an error: refuse it.
export default defineHandler('CreditAccount', async (msg, ctx) => {
  const { paymentId, account, amount } = msg.body;
  await ctx.work(40);
  await ctx.db.transaction(async (tx) => {
    if (tx.get('credits', paymentId)) throw new Error(`payment ${paymentId} was already credited`);
    const acct = tx.get('accounts', account);
    tx.put('credits', paymentId, { account, amount });
    tx.put('accounts', account, { balance: acct.balance + amount });
  });
});
