// Guides of the Azure Service Bus sandboxes (scenarios/servicebus-*.ts).

import type { ScenarioGuide } from './types';

const dlq = { term: '$deadletterqueue', meaning: 'the dead-letter sub-queue every Service Bus queue and subscription has, read like a queue' };
const peekLock = { term: 'peek-lock', meaning: 'a delivered message stays locked for its receiver until completed, abandoned or the lock expires (◷)' };

export const serviceBusSessionsGuide: ScenarioGuide = {
  story: 'Ten steps of three orders go into a session-enabled queue, each order\'s id as its SessionId. Two packing services share the sessions; one step carries a malformed payment.',
  watch: [
    'A session is locked to one receiver: all of one order\'s steps go to the same packer, one at a time, in order.',
    'The bad payment fails on every delivery (✗, ↻) and is dead-lettered (☠) after MaxDeliveryCount 3.',
    'Operations reads it from the dead-letter sub-queue; the rest of that order waits behind it, the other orders do not.',
  ],
  terms: [peekLock, dlq, { term: 'session', meaning: 'messages with the same SessionId, handed to one receiver at a time, in order' }, { term: 'MaxDeliveryCount', meaning: 'deliveries tried before the message is dead-lettered with MaxDeliveryCountExceeded' }],
  moments: [
    { label: 'the first step', match: { kind: 'message.delivered', messageType: 'OrderStep' }, caption: 'A packer accepted a session: that order\'s steps come to it only, in order.' },
    { label: 'the bad payment fails', match: { kind: 'handler.failed' }, caption: 'ApplyStep throws on the malformed payment: the message is abandoned and delivered again.' },
    { label: 'the dead letter', match: { kind: 'message.dead-lettered' }, caption: '☠ After MaxDeliveryCount 3 it moves to orders/$deadletterqueue with MaxDeliveryCountExceeded.' },
    { label: 'parked for a human', match: { kind: 'message.delivered', messageType: 'OrderStep', entity: 'orders/$deadletterqueue' }, caption: 'Operations reads the dead-letter sub-queue and parks the bad payment for a person to look at.' },
    { label: 'the last step', match: { kind: 'message.delivered', entity: 'orders' }, nth: -1, caption: 'The last step is handled: every order\'s steps in their order; only the bad payment was set aside.' },
  ],
};

export const serviceBusForwardingGuide: ScenarioGuide = {
  story: 'The shop sends orders to one topic. The EU subscription forwards (ForwardTo) into the EU team\'s own queue; that queue forwards its dead letters to a shared errors queue. One EU order is malformed.',
  watch: [
    'A subscription with a rule (region = \'eu\') takes only EU orders; the others are not copied to it.',
    'The EU team reads its own queue: the topic never fills up with their backlog.',
    'The malformed order is dead-lettered after MaxDeliveryCount 2 and arrives in errors with DeadLetterSource.',
  ],
  terms: [dlq, { term: 'subscription', meaning: 'a topic\'s copy of the messages its rules accept, read like a queue' }, { term: 'ForwardTo', meaning: 'the broker moves each message on to another entity, inside one internal transaction' }],
  moments: [
    { label: 'the first EU order', match: { kind: 'message.delivered', entity: 'eu-orders' }, caption: 'The EU subscription forwarded the order into eu-orders; EU-Fulfilment reads its own queue.' },
    { label: 'the malformed order fails', match: { kind: 'handler.failed' }, caption: 'Fulfil throws on the malformed order: abandoned, and delivered again.' },
    { label: 'the dead letter', match: { kind: 'message.dead-lettered' }, caption: '☠ After MaxDeliveryCount 2 it is dead-lettered — and eu-orders forwards its dead letters to errors.' },
    { label: 'triage', match: { kind: 'message.delivered', entity: 'errors' }, caption: 'Operations reads errors: the message carries DeadLetterReason and DeadLetterSource (eu-orders).' },
  ],
};

export const serviceBusTransactionsGuide: ScenarioGuide = {
  story: 'The shop sends ship orders. Shipping completes each message and sends OrderShipped in one broker transaction, so both happen or neither. A fault crashes Shipping in the middle of one; a support tool browses the queues without taking anything.',
  watch: [
    'One order has no address: Shipping dead-letters it on purpose (☠ NoAddress).',
    'After the crash (✸) nothing completes the locked message: its lock expires (◷) and it is delivered again.',
    'OrderShipped still goes out once per order: the transaction rolled back with the crash.',
  ],
  terms: [peekLock, dlq, { term: 'send-via transaction', meaning: 'complete the incoming message and send the outgoing ones as one atomic broker operation' }, { term: 'peek', meaning: 'read messages without locking or removing them' }],
  moments: [
    { label: 'the first shipment', match: { kind: 'message.published', messageType: 'OrderShipped' }, caption: 'Shipping completes the order and sends OrderShipped in one transaction: both at once.' },
    { label: 'no address', match: { kind: 'message.dead-lettered' }, caption: '☠ An order without an address is dead-lettered by the handler, with DeadLetterReason NoAddress.' },
    { label: 'the crash', match: { kind: 'service.crashed' }, caption: '✸ Shipping crashes inside a transaction: nothing was completed and nothing was sent.' },
    { label: 'the lock expires', match: { kind: 'message.lock-expired' }, caption: '◷ Nobody completed the message in time: the lock expires and the broker hands it out again.' },
    { label: 'shipped once', match: { kind: 'message.published', messageType: 'OrderShipped' }, nth: -1, caption: 'Delivered again, the order ships — one OrderShipped, not two.' },
  ],
};
