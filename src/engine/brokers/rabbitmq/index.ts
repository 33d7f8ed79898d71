// The RabbitMQ broker model's registry entry. Entities:
//   { type: 'exchange', name, exchangeType: 'direct' | 'fanout' | 'topic' | 'headers',
//     alternateExchange?, bindings?: [{ exchange, key?, arguments? }] (exchange-to-exchange) }
//   { type: 'queue', name, arguments?: { 'x-queue-type', 'x-dead-letter-exchange',
//     'x-dead-letter-routing-key', 'x-message-ttl', 'x-max-length', 'x-overflow',
//     'x-delivery-limit', 'x-single-active-consumer', 'x-max-priority', 'x-consumer-timeout',
//     'x-max-length-bytes' (classic, quorum: ready body bytes; streams: retention),
//     'x-max-age' (streams) }, bindings?: [{ exchange, key?, arguments? }],
//     publisherConfirms? }
// Publishing to a queue's name goes through the default exchange. The routing key is the
// catalog's routingKey (or the publish option), else the message type. Message headers:
// `expiration` (per-message TTL, ms) and `mandatory` (true ⇒ unroutable messages are returned).
// Consumer options (handler `options`): prefetch (basic.qos, 0 = unlimited), autoAck,
// requeueOnFailure (nack requeue=true by default), streamOffset (x-stream-offset, for streams);
// `concurrency` is how many run at once. Each consumer's view of a stream ("events/Analytics")
// is an entity of its own.

import type { BrokerModel } from '../types';
import { RabbitMqBroker } from './broker';
import { streamViewNames, validateRabbitMq } from './validate';

export const rabbitMqBroker: BrokerModel = {
  kind: 'rabbitmq',
  title: 'RabbitMQ',
  entityTypes: ['exchange', 'queue'],
  validate: validateRabbitMq,
  derivedNames: streamViewNames,
  create: (entities, host, scenario) => new RabbitMqBroker(entities, host, scenario),
};
