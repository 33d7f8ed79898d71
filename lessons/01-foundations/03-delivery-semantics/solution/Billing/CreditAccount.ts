import { defineHandler } from 'brokerlab';

// Credits the account once per payment: the payment id is the business key. A redelivered
// message finds its credit already recorded and changes nothing.
export default defineHandler('CreditAccount', async (msg, ctx) => {
  const { paymentId, account, amount } = msg.body;
  await ctx.work(40);
  await ctx.db.transaction(async (tx) => {
    if (tx.get('credits', paymentId)) return; // already applied: same end state
    const acct = tx.get('accounts', account);
    tx.put('credits', paymentId, { account, amount });
    tx.put('accounts', account, { balance: acct.balance + amount });
  });
});
