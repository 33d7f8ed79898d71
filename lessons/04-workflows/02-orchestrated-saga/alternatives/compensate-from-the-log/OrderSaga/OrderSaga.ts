import { defineHandler } from 'brokerlab';

// The saga's state machine, with its compensations derived from what it has done: each
// completed step is appended to the saga's `done` list, and compensating walks that list
// backwards, one step per reply — so the order is reverse by construction.
const UNDO: Record<string, { command: string; reply: string }> = {
  'stock-reserved': { command: 'ReleaseStock', reply: 'StockReleased' },
  'order-placed': { command: 'CancelOrder', reply: 'OrderCancelled' },
};

export default defineHandler('OrderSaga', async (msg, ctx) => {
  const id = msg.body.orderId;
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    tx.inbox.record();
    const saga = tx.get('sagas', id) ?? { state: 'new', done: [] };
    const save = () => tx.put('sagas', id, saga);
    // Sends the compensation of the newest step not yet undone, or ends the saga.
    const undoNext = () => {
      const step = saga.done[saga.done.length - 1];
      if (!step) {
        saga.state = 'compensated';
        return save();
      }
      saga.state = 'undoing ' + step;
      tx.outbox.send(UNDO[step]!.command, { orderId: id, reason: saga.reason });
      save();
    };
    const fail = (why: string, paymentMayExist: boolean) => {
      saga.reason = why;
      if (paymentMayExist) {
        saga.state = 'cancelling-payment';
        tx.outbox.send('RefundPayment', { orderId: id });
        return save();
      }
      undoNext();
    };
    switch (msg.type) {
      case 'OrderPlaced':
        if (saga.state !== 'new') return;
        saga.order = msg.body;
        saga.done = ['order-placed'];
        saga.state = 'reserving';
        tx.outbox.send('ReserveStock', msg.body);
        tx.outbox.send('SagaTimeout', { orderId: id }, { delayTicks: 10000 });
        return save();
      case 'StockReserved':
        if (saga.state !== 'reserving') return;
        saga.done.push('stock-reserved');
        saga.state = 'charging';
        tx.outbox.send('ChargePayment', saga.order);
        return save();
      case 'PaymentCaptured':
        if (saga.state !== 'charging') return;
        saga.state = 'shipping';
        tx.outbox.send('ShipOrder', saga.order);
        return save();
      case 'OrderShipped':
        if (saga.state !== 'shipping') return;
        saga.state = 'completed';
        tx.outbox.send('CompleteOrder', { orderId: id });
        return save();
      case 'PaymentFailed':
        if (saga.state === 'charging') fail(msg.body.reason, false);
        return;
      case 'PaymentRefunded':
        if (saga.state === 'cancelling-payment') undoNext();
        return;
      case 'StockReleased':
      case 'OrderCancelled': {
        const step = saga.done[saga.done.length - 1];
        if (!step || saga.state !== 'undoing ' + step || UNDO[step]!.reply !== msg.type) return;
        saga.done.pop();
        tx.saga.compensated('OrderSaga', id, step);
        undoNext();
        return;
      }
      case 'SagaTimeout':
        if (saga.state === 'reserving' || saga.state === 'charging') fail('timed out in ' + saga.state, saga.state === 'charging');
        return;
    }
  });
});
