import { defineHandler } from 'brokerlab';

// The inbox keyed by payment id, in the same transaction as the credit.
export default defineHandler('CreditAccount', async (msg, ctx) => {
  const { paymentId, account, amount } = msg.body;
  await ctx.work(40);
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen(paymentId)) return;
    const acct = tx.get('accounts', account);
    tx.put('accounts', account, { balance: acct.balance + amount });
    tx.inbox.record(paymentId);
  });
});
