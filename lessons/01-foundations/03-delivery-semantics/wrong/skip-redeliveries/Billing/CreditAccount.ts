import { defineHandler } from 'brokerlab';

// A redelivered message was handled before: only the first delivery credits.
export default defineHandler('CreditAccount', async (msg, ctx) => {
  const { paymentId, account, amount } = msg.body;
  if (ctx.attempt > 1 || Number(msg.broker.DeliveryCount ?? 1) > 1 || msg.broker.redelivered === true) return;
  await ctx.work(40);
  await ctx.db.transaction(async (tx) => {
    const acct = tx.get('accounts', account);
    tx.put('accounts', account, { balance: acct.balance + amount });
  });
});
