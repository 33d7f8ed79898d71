import { defineHandler } from 'brokerlab';

// Remember the payments already credited — in memory.
const credited = new Set<string>();

export default defineHandler('CreditAccount', async (msg, ctx) => {
  const { paymentId, account, amount } = msg.body;
  if (credited.has(paymentId)) return;
  await ctx.work(40);
  await ctx.db.transaction(async (tx) => {
    const acct = tx.get('accounts', account);
    tx.put('accounts', account, { balance: acct.balance + amount });
  });
  credited.add(paymentId);
});
