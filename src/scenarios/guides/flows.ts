// Guides of the generic flows: the order flow and the two order sagas (scenarios/order-flow.ts,
// saga-choreographed.ts, saga-orchestrated.ts). Moments are found in each scenario's default run.

import type { ScenarioGuide } from './types';

const outbox = { term: 'outbox', meaning: 'the message is stored in the same database transaction as the change; a relay publishes it afterwards (⇢)' };
const inbox = { term: 'inbox', meaning: 'the consumer records each message id it handled, in the same transaction, and skips one it has seen' };
const compensation = { term: 'compensation', meaning: 'a step that semantically undoes an earlier one (release the stock, cancel the order)' };
const idempotencyKey = { term: 'Idempotency-Key', meaning: 'a key sent with a call to an outside system, so a repeated call is not done twice (◆ once)' };

export const orderFlowGuide: ScenarioGuide = {
  story: 'A shop places nine orders. Ordering stores each one and publishes OrderPlaced; Inventory reserves stock and answers StockReserved; Ordering marks the order reserved. One order is malformed (quantity −1).',
  watch: [
    'Dashed arrows are events: Ordering does not wait for Inventory.',
    'The malformed order fails on every delivery (✗) and comes back (↻ #2, #3) until the broker gives up.',
    'It ends in the dead-letter queue (☠) with its reason; every other order ends reserved.',
  ],
  terms: [
    { term: 'delivery', meaning: 'one hand-over of a message to a consumer; a failed one is retried by delivering again' },
    { term: 'dead-letter queue (DLQ)', meaning: 'where the broker parks a message it gave up on, with the reason, for a human' },
    { term: 'max delivery count', meaning: 'how many deliveries the queue tries before dead-lettering (3 here)' },
  ],
  moments: [
    { label: 'the first order', match: { kind: 'message.published', messageType: 'OrderPlaced' }, caption: 'Ordering stores the first order and publishes OrderPlaced: an event (dashed arrow) into the orders queue.' },
    { label: 'stock reserved', match: { kind: 'message.published', messageType: 'StockReserved' }, caption: 'Inventory reserved stock in its own database and tells Ordering: StockReserved.' },
    { label: 'the malformed order fails', match: { kind: 'handler.failed', text: 'invalid quantity' }, caption: 'ReserveStock throws on order-bad (quantity −1): the delivery fails and the message goes back to the queue.' },
    { label: 'the same failure again', match: { kind: 'handler.failed', text: 'invalid quantity' }, nth: 2, caption: 'Delivered again (↻ #2), it fails again: retrying cannot fix bad data.' },
    { label: 'the dead letter', match: { kind: 'message.dead-lettered' }, caption: '☠ After 3 deliveries the broker gives up: order-bad moves to the dead-letter queue with its reason.' },
    { label: 'the last reservation', match: { kind: 'message.published', messageType: 'StockReserved' }, nth: -1, caption: 'The last valid order is reserved: eight orders, eight reservations — the checks on the right agree.' },
  ],
};

export const sagaChoreographedGuide: ScenarioGuide = {
  story: 'Three orders go through Ordering → Inventory → Payments → Shipping with no coordinator: each service reacts to the previous one\'s event. Order-2\'s payment is declined, and the failure event undoes the earlier steps in reverse.',
  watch: [
    'Every event leaves through an outbox (⇢ relayed) and is recorded in the consumer\'s inbox.',
    '◆ marks what an outside system did (the payment gateway, the courier).',
    'PaymentFailed drives the compensations: Inventory releases the stock, then Ordering cancels.',
  ],
  terms: [outbox, inbox, compensation, idempotencyKey, { term: 'choreography', meaning: 'no service owns the flow; follow one order by its correlation id' }],
  moments: [
    { label: 'the first OrderPlaced', match: { kind: 'message.published', messageType: 'OrderPlaced' }, caption: 'Ordering committed the order and its OrderPlaced together (outbox); the relay now publishes it.' },
    { label: 'stock reserved', match: { kind: 'message.published', messageType: 'StockReserved' }, caption: 'Inventory reacts to OrderPlaced: it reserves stock and publishes StockReserved, which Payments listens to.' },
    { label: 'the payment gateway', match: { kind: 'external.called' }, caption: '◆ Payments calls the payment gateway with an Idempotency-Key: the outside world takes the money once.' },
    { label: 'the declined payment', match: { kind: 'message.published', messageType: 'PaymentFailed' }, caption: 'Order-2\'s card is declined: Payments publishes PaymentFailed, and the saga turns back.' },
    { label: 'stock released', match: { kind: 'message.published', messageType: 'StockReleased' }, caption: 'Inventory heard PaymentFailed and released order-2\'s stock (the first compensation); it announces StockReleased.' },
    { label: 'order cancelled', match: { kind: 'message.delivered', messageType: 'StockReleased' }, caption: 'Ordering hears StockReleased and cancels order-2: every step of its saga is undone, in reverse order.' },
    { label: 'the last shipment', match: { kind: 'message.published', messageType: 'OrderShipped' }, nth: -1, caption: 'Order-3 ships. Orders 1 and 3 are complete, order-2 is cancelled: consistent, with nobody in charge.' },
  ],
};

export const sagaOrchestratedGuide: ScenarioGuide = {
  story: 'The same three orders, but an OrderSaga orchestrator owns the flow: it keeps each order\'s state in its database and sends commands — ReserveStock, ChargePayment, ShipOrder — reacting to the replies. When order-2\'s payment fails it sends the compensations itself.',
  watch: [
    'Solid arrows are commands the orchestrator sends; dashed arrows are the replies it waits for.',
    'It also sends itself a delayed SagaTimeout, so a saga that never hears back is not stuck forever.',
    'After PaymentFailed: ReleaseStock, then CancelOrder — compensations in reverse order.',
  ],
  terms: [outbox, inbox, compensation, { term: 'orchestrator', meaning: 'one service that owns the flow: it holds the state and decides the next command' }],
  moments: [
    { label: 'the first OrderPlaced', match: { kind: 'message.published', messageType: 'OrderPlaced' }, caption: 'Ordering publishes OrderPlaced to the saga queue: the orchestrator starts a saga for the order.' },
    { label: 'the first command', match: { kind: 'message.published', messageType: 'ReserveStock' }, caption: 'OrderSaga sends its first command, ReserveStock (solid arrow: one receiver, expected to act).' },
    { label: 'the timeout is set', match: { kind: 'message.published', messageType: 'SagaTimeout' }, caption: 'With it, a delayed SagaTimeout to itself: if no reply comes in time, the saga compensates.' },
    { label: 'the declined payment', match: { kind: 'message.published', messageType: 'PaymentFailed' }, caption: 'Payments replies PaymentFailed for order-2.' },
    { label: 'release the stock', match: { kind: 'message.published', messageType: 'ReleaseStock' }, caption: 'The orchestrator compensates in reverse: ReleaseStock first…' },
    { label: 'cancel the order', match: { kind: 'message.published', messageType: 'CancelOrder' }, caption: '…then CancelOrder, once the stock is released.' },
    { label: 'order cancelled', match: { kind: 'message.published', messageType: 'OrderCancelled' }, caption: 'Ordering confirms OrderCancelled: order-2\'s saga is fully compensated; orders 1 and 3 complete.' },
  ],
};
