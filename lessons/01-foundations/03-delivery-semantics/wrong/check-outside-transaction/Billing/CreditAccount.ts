import { defineHandler } from 'brokerlab';

// Look the credit up first; only then open the transaction that applies it.
export default defineHandler('CreditAccount', async (msg, ctx) => {
  const { paymentId, account, amount } = msg.body;
  if (ctx.db.get('credits', paymentId)) return;
  await ctx.work(40);
  await ctx.db.transaction(async (tx) => {
    const acct = tx.get('accounts', account);
    tx.put('accounts', account, { balance: acct.balance + amount });
  });
  await ctx.db.put('credits', paymentId, { account, amount });
});
