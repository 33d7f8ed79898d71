import { defineHandler } from 'brokerlab';

// Poison is a kind of error: the check throws a PoisonMessage, and only that error is dead-lettered
// with its reason. Everything else (a database that is briefly down) is thrown on, so the broker
// retries it.
class PoisonMessage extends Error {
  constructor(readonly reason: string, description: string) {
    super(description);
  }
}

export default defineHandler('CreateShipment', async (msg, ctx) => {
  const { orderId, customer } = msg.body;
  try {
    await ctx.work(30);
    const address = ctx.db.get('addresses', customer);
    if (!address) throw new PoisonMessage('address-missing', `customer ${customer} has no address; fix it, then redrive ${orderId}`);
    await ctx.db.transaction(async (tx) => {
      tx.put('shipments', orderId, { customer, city: address.city });
    });
  } catch (error) {
    if (!(error instanceof PoisonMessage)) throw error;
    ctx.deadLetter(error.reason, error.message);
  }
});
