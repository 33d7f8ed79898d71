import { defineHandler } from 'brokerlab';

// The saga's state machine: state per order id in the 'sagas' table.
export default defineHandler('OrderSaga', async (msg, ctx) => {
  const id = msg.body.orderId;
  await ctx.db.transaction(async (tx) => {
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
    // Each reply moves the saga on; the participants deduplicate what they receive.
    switch (msg.type) {
      case 'OrderPlaced':
        saga.order = msg.body;
        go('reserving');
        tx.outbox.send('ReserveStock', msg.body);
        tx.outbox.send('SagaTimeout', { orderId: id }, { delayTicks: 10000 });
        return;
      case 'StockReserved':
        go('charging');
        tx.outbox.send('ChargePayment', saga.order);
        return;
      case 'PaymentCaptured':
        // In 'cancelling-payment' a late capture is ignored: the RefundPayment we sent undoes it.
        go('shipping');
        tx.outbox.send('ShipOrder', saga.order);
        return;
      case 'PaymentRefunded':
        go('compensating');
        tx.outbox.send('ReleaseStock', { orderId: id });
        return;
      case 'OrderShipped':
        go('completed');
        tx.outbox.send('CompleteOrder', { orderId: id });
        return;
      case 'PaymentFailed':
        compensate(msg.body.reason, false);
        return;
      case 'StockReleased':
        go('cancelling');
        tx.saga.compensated('OrderSaga', id, 'stock-reserved');
        tx.outbox.send('CancelOrder', { orderId: id, reason: saga.reason });
        return;
      case 'OrderCancelled':
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
