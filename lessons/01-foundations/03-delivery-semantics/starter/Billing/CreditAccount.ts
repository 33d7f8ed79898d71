import { defineHandler } from 'brokerlab';

// Credits the account for each payment.
export default defineHandler('CreditAccount', async (msg, ctx) => {
  const { paymentId, account, amount } = msg.body;
  await ctx.work(40);
  await ctx.db.transaction(async (tx) => {
    const acct = tx.get('accounts', account);
    tx.put('accounts', account, { balance: acct.balance + amount });
  });
});
