// Guides of the sandboxes for Kafka static membership, log compaction and transactions, and
// RabbitMQ publisher confirms and streams (scenarios/kafka-*.ts, rabbitmq-*.ts).

import type { ScenarioGuide } from './types';

const partition = { term: 'partition', meaning: 'one ordered log of a Kafka topic; a record\'s key picks its partition' };
const group = { term: 'consumer group', meaning: 'consumers sharing a topic\'s partitions; each group reads every record independently' };
const offset = { term: 'offset', meaning: 'a record\'s position in its partition; a group commits how far it has read' };

export const kafkaStaticMembershipGuide: ScenarioGuide = {
  story: 'Two consumer groups of two members read the same orders topic. At 5 s one member of each group crashes and restarts 5 s later. The first group\'s members are dynamic; the second\'s set group.instance.id.',
  watch: [
    'The dynamic member comes back as a new member: its group waits for the old one until session.timeout.ms (45 s) runs out.',
    'With the eager protocol (range) nobody in that group reads meanwhile; orders pile up.',
    'The static member is recognised by its instance id and gets its partition back at once, without a rebalance.',
  ],
  terms: [group, partition, { term: 'session.timeout.ms', meaning: 'how long the coordinator waits for a silent member before removing it (45 s)' }, { term: 'group.instance.id', meaning: 'a member\'s stable identity: back in time, it keeps its partitions (static membership)' }],
  moments: [
    { label: 'the crashes', match: { kind: 'fault.injected' }, caption: '✸ One member of each group crashes; both restart 5 s later.' },
    { label: 'a new member waits', match: { kind: 'group.rebalance-started' }, caption: 'Shipping-1 rejoins as a new member: the rebalance waits for its old member until the session expires at 50 s.' },
    { label: 'static: straight back', match: { kind: 'message.delivered', entity: 'orders/shipping-static' }, nth: 17, caption: 'Static-1 is back with the same group.instance.id: same partition, no rebalance, it reads on at once.' },
    { label: 'the dynamic group resumes', match: { kind: 'message.delivered', entity: 'orders/shipping' }, nth: 17, caption: 'Only at 50 s, when the old session expired, does the dynamic group read again: 40 s of orders waited.' },
  ],
};

export const kafkaLogCompactionGuide: ScenarioGuide = {
  story: 'The Catalog publishes every price change of five products to prices, a compacted topic, and finally deletes product-0 with a tombstone. Audit reads along; Storefront is down for 90 s and then rebuilds its cache from the start of the topic.',
  watch: [
    'Segments roll every 10 s; every 15 s the log cleaner removes records whose key has a newer one.',
    'The active segment is never compacted: the newest records stay as they are.',
    'Storefront reads only what is left — the latest price per product and the tombstone — not the history.',
  ],
  terms: [partition, offset, { term: 'log compaction', meaning: 'cleanup.policy=compact: keep at least the latest record of every key' }, { term: 'tombstone', meaning: 'a record with a null value: it deletes its key, and is removed itself after delete.retention.ms' }],
  moments: [
    { label: 'Storefront is down', match: { kind: 'fault.injected' }, caption: '✸ Storefront is down from the start: it will read the topic 90 s later.' },
    { label: 'the first compaction', match: { kind: 'log.compacted' }, caption: '⊘ The log cleaner removes the records of the first segment whose keys have newer ones; offsets keep their gaps.' },
    { label: 'the tombstone', match: { kind: 'message.published', messageType: 'PriceChanged' }, nth: 41, caption: 'The Catalog deletes product-0: a record with its key and a null value.' },
    { label: 'Storefront rebuilds', match: { kind: 'message.delivered', entity: 'prices/Storefront' }, caption: 'Storefront starts at the beginning of the topic: the first record it gets is already a recent price.' },
    { label: 'the deletion', match: { kind: 'message.delivered', entity: 'prices/Storefront' }, nth: 6, caption: 'Its sixth and last record is product-0\'s tombstone: the product leaves the cache. 6 records instead of 41.' },
  ],
};

export const kafkaTransactionsGuide: ScenarioGuide = {
  story: 'Payments reads payments and, for each, writes a ledger entry inside a Kafka transaction that also commits the payment\'s offset; it e-mails a receipt (a database row) outside the transaction. Ledger reads with read_committed, Audit with read_uncommitted. Payments crashes once just before a commit.',
  watch: [
    'A transactional record is in the log at once; Ledger (read_committed) reads it only after the commit.',
    'The crash leaves a transaction open; the restarted Payments fences and aborts it. Audit had already read its entry.',
    'The payment is processed again: Ledger books it once, Audit twice, and the receipt goes out twice.',
  ],
  terms: [offset, { term: 'isolation.level', meaning: 'read_committed reads only committed transactional records; read_uncommitted (the Java default) reads all' }, { term: 'sendOffsetsToTransaction', meaning: 'the consumed offset commits together with the records the transaction wrote' }, { term: 'transactional.id', meaning: 'the producer\'s identity across restarts: a new producer with it aborts the old one\'s open transaction' }],
  moments: [
    { label: 'written in a transaction', match: { kind: 'message.published', text: 'written inside Kafka transaction' }, caption: 'The ledger entry is written at once, inside an open transaction.' },
    { label: 'read_committed waits', match: { kind: 'message.delivered', entity: 'ledger/Ledger' }, caption: 'Ledger (read_committed) gets the entry only when the transaction commits, with the payment\'s offset.' },
    { label: 'read_uncommitted does not', match: { kind: 'message.delivered', entity: 'ledger/Audit' }, nth: 2, caption: 'Audit (read_uncommitted) books pay-2\'s entry while its transaction is still open.' },
    { label: 'the crash before the commit', match: { kind: 'fault.injected' }, caption: '✸ Payments crashes just before committing: the entry Audit booked will be aborted.' },
    { label: 'processed again', match: { kind: 'message.delivered', entity: 'payments/Payments' }, nth: 3, caption: 'pay-2\'s offset was never committed: it is processed again, and its receipt e-mailed a second time.' },
  ],
};

export const rabbitMqPublisherConfirmsGuide: ScenarioGuide = {
  story: 'The Shop publishes 8 orders at once to two queues that each hold at most 3 waiting messages (reject-publish). Publishers to orders-confirmed use publisher confirms; publishers to orders do not. The 8th order to each is also lost on the way.',
  watch: [
    'Without confirms a refused order is simply gone; the Shop never learns it.',
    'With confirms the refusal is a basic.nack, and the Shop publishes the order again a second later.',
    'An order lost on the way gets no confirm at all: after its confirm timeout the Shop publishes it again.',
  ],
  terms: [{ term: 'publisher confirms', meaning: 'the broker acks (basic.ack) or nacks (basic.nack) every message a confirm-mode channel publishes' }, { term: 'reject-publish', meaning: 'x-overflow: a full queue refuses new messages instead of dropping its oldest' }, { term: 'x-max-length', meaning: 'how many messages a queue holds ready' }],
  moments: [
    { label: 'refused, silently', match: { kind: 'message.dropped' }, caption: '✗ orders is full: the order is refused, and without confirms nobody is told.' },
    { label: 'basic.nack', match: { kind: 'publish.confirmed', text: 'basic.nack' }, caption: 'orders-confirmed is full too, but the Shop gets basic.nack and will publish the order again.' },
    { label: 'lost on the way', match: { kind: 'message.dropped', text: 'lost on the way' }, caption: '✗ The 8th order to orders never reaches the broker: lost for good.' },
    { label: 'no confirm', match: { kind: 'publish.confirmed', data: { outcome: 'timeout' } }, caption: 'The 8th order to orders-confirmed is lost too, but no confirm comes back: the Shop will publish it again.' },
    { label: 'published again', match: { kind: 'message.delivered', entity: 'orders-confirmed' }, nth: 5, caption: 'A nacked order, published again a second later, is packed: nothing is lost with confirms.' },
  ],
};

export const rabbitMqStreamsGuide: ScenarioGuide = {
  story: 'Orders are appended to order-events, a RabbitMQ stream. Analytics attaches with x-stream-offset "first", Notifications with the default "next". Both crash at 4 s; Analytics is back after 1 s, Notifications after 3 s.',
  watch: [
    'Consuming does not remove anything: both consumers read every order.',
    'Over AMQP 0-9-1 the broker keeps no offset: a restarted consumer attaches again with its x-stream-offset.',
    '"first" replays the whole stream (one row per order keeps the count right); "next" skips the orders placed while it was down.',
  ],
  terms: [{ term: 'stream', meaning: 'x-queue-type: stream — an append-only log that every consumer reads without removing' }, { term: 'x-stream-offset', meaning: 'where a consumer starts reading: first, last, next (the default) or an offset' }],
  moments: [
    { label: 'Analytics reads it', match: { kind: 'message.delivered', entity: 'order-events/Analytics' }, caption: 'The first order goes to Analytics…' },
    { label: 'and Notifications too', match: { kind: 'message.delivered', entity: 'order-events/Notifications' }, caption: '…and to Notifications as well: a stream is read by every consumer.' },
    { label: 'the crashes', match: { kind: 'fault.injected' }, caption: '✸ Both consumers crash at 4 s.' },
    { label: 'a replay from "first"', match: { kind: 'stream.attached', data: { consumer: 'Analytics' } }, caption: 'Analytics attaches again at offset 0 and reads every order again.' },
    { label: '"next" skips ahead', match: { kind: 'stream.attached', data: { consumer: 'Notifications' } }, caption: 'Notifications attaches at the end of the log: the orders placed while it was down are never notified.' },
  ],
};

export const rabbitMqMemoryAlarmGuide: ScenarioGuide = {
  story: 'The Shop publishes an order every 100 ms to a fanout exchange that copies it to two billers, which publish OrderBilled to the Mailer. Billing-Shared publishes on the connection its consumer acks on; Billing-Separate has a publisher connection of its own. From 2 s to 7 s the RabbitMQ node\'s memory alarm is on.',
  watch: [
    'Every connection that publishes during the alarm is blocked (❚❚): its messages wait in the client, they are not lost.',
    'Billing-Shared\'s acks wait behind its blocked publish: it stops at its prefetch of 5 until the alarm clears.',
    'Billing-Separate keeps acking and billing: only its publisher connection is blocked. The Mailer only consumes and is never blocked.',
  ],
  terms: [
    { term: 'memory alarm', meaning: 'memory use above vm_memory_high_watermark (disk: free space below disk_free_limit): the node stops reading connections that publish' },
    { term: 'connection.blocked', meaning: 'what a client is told when the broker stops reading its connection; connection.unblocked when it reads again' },
    { term: 'publisher connection', meaning: 'a second connection used only to publish, so a blocked publish cannot hold back the consumer\'s acks' },
    { term: 'prefetch', meaning: 'how many unacknowledged messages a consumer may hold' },
  ],
  moments: [
    { label: 'the alarm', match: { kind: 'broker.alarm-raised' }, caption: '⚠ The node\'s memory alarm goes off: RabbitMQ stops reading every connection that publishes.' },
    { label: 'the Shop is blocked', match: { kind: 'connection.blocked', data: { connection: 'Shop' } }, caption: '❚❚ The Shop publishes its next order: its connection is blocked; this order and every later one wait in the Shop\'s client.' },
    { label: 'acks stuck behind a publish', match: { kind: 'connection.blocked', data: { connection: 'Billing-Shared' } }, caption: '❚❚ Billing-Shared publishes OrderBilled on the connection its consumer acks on: from now on its acks wait too, and it stalls at prefetch 5.' },
    { label: 'a separate connection', match: { kind: 'connection.blocked', data: { connection: 'Billing-Separate (publisher)' } }, caption: '❚❚ Only Billing-Separate\'s publisher connection is blocked: its consumer keeps acking and billing what it was given.' },
    { label: 'the alarm clears', match: { kind: 'broker.alarm-cleared' }, caption: '✓ The alarm clears: each blocked connection is read again in order — held orders, held acks, held OrderBilled events. Nothing is lost.' },
  ],
};
