import { defineHandler } from 'brokerlab';

// Applies one operation to the account's balance, once (the inbox skips a redelivered or
// re-sent message). A withdrawal larger than the balance bounces. Processing time varies; the
// session processor works on up to 4 sessions at once, one message per session at a time.
export default defineHandler('Apply', async (msg, ctx) => {
  const { accountId, op, amount, opId } = msg.body;
  await ctx.work(10 + Math.floor(ctx.random() * 80));
  await ctx.db.transaction(async (tx) => {
    if (tx.inbox.seen()) return;
    tx.inbox.record();
    const account = tx.get('balances', accountId) ?? { balance: 0 };
    if (op === 'withdraw' && amount > account.balance) {
      tx.put('bounced', opId, { accountId, amount, balance: account.balance });
      return;
    }
    tx.put('balances', accountId, { balance: account.balance + (op === 'deposit' ? amount : -amount) });
  });
});
