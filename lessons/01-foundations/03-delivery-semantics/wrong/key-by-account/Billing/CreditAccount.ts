import { defineHandler } from 'brokerlab';

// One credit record per account: if the account has one, this was already applied.
export default defineHandler('CreditAccount', async (msg, ctx) => {
  const { paymentId, account, amount } = msg.body;
  await ctx.work(40);
  await ctx.db.transaction(async (tx) => {
    if (tx.get('credits', account)) return;
    const acct = tx.get('accounts', account);
    tx.put('credits', account, { paymentId, amount });
    tx.put('accounts', account, { balance: acct.balance + amount });
  });
});
