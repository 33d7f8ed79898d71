// Guides of the RabbitMQ and Kafka sandboxes (scenarios/rabbitmq-*.ts, kafka-*.ts).

import type { ScenarioGuide } from './types';

const exchange = { term: 'exchange', meaning: 'RabbitMQ\'s router: it copies each message to the queues whose bindings match its routing key' };
const partition = { term: 'partition', meaning: 'one ordered log of a Kafka topic; a record\'s key picks its partition' };
const group = { term: 'consumer group', meaning: 'consumers sharing a topic\'s partitions; each group reads every record independently' };
const offset = { term: 'offset', meaning: 'a record\'s position in its partition; a group commits how far it has read' };

export const rabbitMqRoutingGuide: ScenarioGuide = {
  story: 'Orders are published to the topic exchange orders with routing keys like order.placed.eu. Bindings decide which queues get a copy: billing every placed order, shipping-eu only European ones, audit everything. One order is malformed.',
  watch: [
    'One publish, several arrows: the exchange copies the message to each queue whose binding matches.',
    'Two billing workers with prefetch 1 take turns.',
    'The malformed order is rejected without requeue and reaches parked through the dead-letter exchange (☠).',
  ],
  terms: [exchange, { term: 'binding', meaning: 'a rule from an exchange to a queue: * matches one word, # any number' }, { term: 'prefetch', meaning: 'how many unacknowledged messages a consumer may hold' }, { term: 'x-death', meaning: 'the header a dead-lettered message carries: from where, why, how often' }],
  moments: [
    { label: 'the first copies', match: { kind: 'message.published', messageType: 'OrderPlaced' }, caption: 'The topic exchange routes order.placed.eu to billing, shipping-eu and audit: one copy per matching queue.' },
    { label: 'a US order', match: { kind: 'message.published', messageType: 'OrderPlaced' }, nth: 2, caption: 'A US order (order.placed.us): *.*.eu does not match, so only billing and audit get a copy.' },
    { label: 'the rejected order', match: { kind: 'handler.failed' }, caption: 'Billing throws on the malformed order and nacks it with requeue=false.' },
    { label: 'dead-lettered', match: { kind: 'message.dead-lettered' }, caption: '☠ The queue\'s dead-letter exchange routes it to parked, with an x-death header saying where and why.' },
    { label: 'parked', match: { kind: 'message.delivered', entity: 'parked' }, caption: 'Operations reads parked: the only dead letter is the malformed order.' },
  ],
};

export const rabbitMqPrioritiesTimeoutGuide: ScenarioGuide = {
  story: 'A scheduler submits jobs with priorities to one worker (prefetch 1). A monthly report takes 3 minutes, longer than the queue\'s consumer timeout, and a malformed job is rejected to a dead-letter exchange that was never declared.',
  watch: [
    'Urgent jobs published while the worker is busy overtake the routine ones waiting in the queue.',
    'The slow report is taken away from the worker and delivered again (↻): it runs twice.',
    'The rejected job has nowhere to go: it vanishes (✗), and the no-loss check says so.',
  ],
  terms: [{ term: 'x-max-priority', meaning: 'a classic queue with priorities: the highest waiting message goes first' }, { term: 'consumer timeout', meaning: 'RabbitMQ closes a channel whose delivery stays unacknowledged too long, and requeues the message' }, { term: 'dead-letter exchange', meaning: 'where rejected or expired messages go — if it exists' }],
  moments: [
    { label: 'an urgent job overtakes', match: { kind: 'message.delivered', text: 'priority 5' }, caption: 'The worker is free again: the urgent job (priority 5) goes before the routine ones published earlier.' },
    { label: 'the report again', match: { kind: 'message.delivered', text: 'redelivered=true' }, caption: '↻ The report ran past the 1-minute consumer timeout: RabbitMQ closed the channel and requeued it — it runs again, and the first run\'s ack will be refused.' },
    { label: 'the job vanishes', match: { kind: 'message.dropped' }, caption: '✗ The malformed job is rejected to jobs.dlx, which does not exist: RabbitMQ drops it silently.' },
  ],
};

export const kafkaPartitionsGuide: ScenarioGuide = {
  story: 'Forty orders, keyed by customer, go to a topic with three partitions. Two billing members share the partitions; Analytics is a second group reading everything. Billing-2 crashes at 7 s.',
  watch: [
    'A customer\'s orders always land on the same partition (murmur2 of the key), so they stay in order.',
    'After the crash, Billing-2\'s partition stalls until session.timeout.ms (45 s) passes.',
    'Billing-1 then takes it over from the last committed offset and processes some records again: at-least-once.',
  ],
  terms: [partition, group, offset, { term: 'rebalance', meaning: 'the group reassigns partitions when a member joins, leaves or goes silent' }],
  moments: [
    { label: 'the first record', match: { kind: 'message.published', messageType: 'OrderPlaced' }, caption: 'The shop writes an order keyed by customer: the key\'s hash picks the partition.' },
    { label: 'the crash', match: { kind: 'service.crashed' }, caption: '✸ Billing-2 crashes. Its partition waits: the group only notices after session.timeout.ms.' },
    { label: 'the takeover', match: { kind: 'message.delivered', messageId: 'm-13', data: { consumer: 'Billing-1' } }, caption: 'The group rebalanced: Billing-1 reads Billing-2\'s partition from the last committed offset — records Billing-2 had done are done again.' },
    { label: 'Billing-2 returns', match: { kind: 'service.restarted' }, caption: '↺ Billing-2 comes back and rejoins: cooperative-sticky moves only the partition it needs.' },
  ],
};

export const kafkaDurabilityGuide: ScenarioGuide = {
  story: 'Checkout records each payment on two ledger topics, each with three replicas on brokers kafka-1…3: one written with acks=1, the other with acks=all and min.insync.replicas=2. kafka-1, the leader of both, crashes 5 ms after a payment.',
  watch: [
    'acks=1: the leader answers at once. acks=all: the answer waits until the followers have the record.',
    'After the crash the controller waits broker.session.timeout.ms, then elects kafka-2.',
    'On the acks=1 topic an acknowledged payment is gone; on the acks=all topic it is sent again — nothing lost.',
  ],
  terms: [partition, { term: 'leader / follower', meaning: 'one broker takes writes for a partition; followers copy it' }, { term: 'ISR', meaning: 'in-sync replicas: the followers that have caught up' }, { term: 'high watermark', meaning: 'the offset every in-sync replica has; consumers read below it' }],
  moments: [
    { label: 'acks=1', match: { kind: 'produce.acknowledged', text: 'acks=1' }, caption: 'acks=1: leader kafka-1 acknowledges as soon as it has the record, before the followers copy it.' },
    { label: 'acks=all', match: { kind: 'produce.acknowledged', text: 'acks=all' }, caption: 'acks=all: the acknowledgement waits until every in-sync replica has the record.' },
    { label: 'the broker crash', match: { kind: 'broker.crashed' }, caption: '✸ kafka-1 crashes 5 ms after acknowledging payment 6 on the acks=1 topic: its followers never copied it.' },
    { label: 'a new leader', match: { kind: 'leader.elected' }, caption: 'After broker.session.timeout.ms the controller elects kafka-2 from the in-sync replicas.' },
    { label: 'acknowledged, then lost', match: { kind: 'message.dropped' }, caption: '✗ The acks=1 payment existed only on kafka-1: acknowledged to Checkout, and now gone.' },
    { label: 'acks=all: sent again', match: { kind: 'produce.acknowledged', text: 'acks=all' }, nth: 6, caption: 'The acks=all payment had never been acknowledged, so the producer sent it again to kafka-2: nothing lost.' },
  ],
};

export const kafkaIdempotentProducerGuide: ScenarioGuide = {
  story: 'The shop writes every order to two topics; only the producer setting differs: orders-plain without idempotence, orders-idempotent with it. From 250 ms the acknowledgements stop reaching the shop for 40 s.',
  watch: [
    'The records reach the leader, but no acknowledgement comes back: after request.timeout.ms (30 s) the producer sends again.',
    'On the plain topic the resend is a second record, and Fulfilment ships that order again.',
    'On the idempotent topic the broker recognises the producer id and sequence number and drops the resend (⇉).',
  ],
  terms: [partition, { term: 'enable.idempotence', meaning: 'the broker de-duplicates a producer\'s resends by producer id + sequence number' }, { term: 'request.timeout.ms', meaning: 'how long the producer waits for an acknowledgement before sending again' }],
  moments: [
    { label: 'the connection drops', match: { kind: 'fault.injected' }, caption: '⚡ The shop\'s connection to the cluster drops: requests still arrive, acknowledgements do not.' },
    { label: 'no acknowledgement', match: { kind: 'produce.failed' }, caption: 'No acknowledgement within request.timeout.ms: the producer sends the same record again.' },
    { label: 'the resend dropped', match: { kind: 'message.duplicate-dropped' }, caption: '⇉ orders-idempotent already has this producer\'s sequence number: the resend is acknowledged and dropped.' },
    { label: 'shipped again', match: { kind: 'message.delivered', messageType: 'OrderPlaced' }, nth: 6, caption: 'On orders-plain the resend is a second record: Fulfilment ships order-4 a second time.' },
  ],
};
