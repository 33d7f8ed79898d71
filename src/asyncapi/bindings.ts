// Protocol bindings: the part of an AsyncAPI channel, operation or message that says how it
// looks on one broker. Brokerlab's brokers map to AsyncAPI protocols as RabbitMQ → `amqp`
// (bindings 0.3.0: exchanges and queues), Kafka → `kafka` (0.5.0: topic, partitions, replicas,
// cleanup policy, consumer group), Azure Service Bus → `amqp1` (AsyncAPI has no Service Bus
// binding and its `amqp1` binding is empty, so Service Bus entities travel in the
// `x-brokerlab-entity` extension only) and the generic teaching broker → `amqp1` with
// `x-brokerlab-broker: generic` on the server.

import type { Json } from '../engine/scenario/json';
import type { BrokerKind, EntitySpec, HandlerSpec } from '../engine/scenario/types';

type Obj = { [key: string]: Json };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const PROTOCOL_OF: Record<BrokerKind, string> = { rabbitmq: 'amqp', kafka: 'kafka', servicebus: 'amqp1', generic: 'amqp1' };

/** The broker an AsyncAPI server protocol runs on here, and whether that is only an approximation. */
export function brokerOfProtocol(protocol: string): { broker: BrokerKind; exact: boolean } {
  const p = protocol.toLowerCase();
  if (p === 'amqp' || p === 'amqps') return { broker: 'rabbitmq', exact: true };
  if (p === 'kafka' || p === 'kafka-secure') return { broker: 'kafka', exact: true };
  if (p === 'amqp1' || p === 'servicebus' || p === 'sb') return { broker: 'servicebus', exact: true };
  return { broker: 'generic', exact: false };
}

const AMQP_EXCHANGE_TYPES = ['topic', 'direct', 'fanout', 'default', 'headers'];

/** The channel bindings an entity exports with (none where AsyncAPI has no binding for it). */
export function channelBindings(entity: EntitySpec, broker: BrokerKind): Obj | undefined {
  if (broker === 'rabbitmq' && entity.type === 'exchange') {
    const type = typeof entity.exchangeType === 'string' && AMQP_EXCHANGE_TYPES.includes(entity.exchangeType) ? entity.exchangeType : 'direct';
    return { amqp: { is: 'routingKey', exchange: { name: entity.name.slice(0, 255), type, durable: true, autoDelete: false, vhost: '/' }, bindingVersion: '0.3.0' } };
  }
  if (broker === 'rabbitmq' && entity.type === 'queue') {
    return { amqp: { is: 'queue', queue: { name: entity.name.slice(0, 255), durable: true, exclusive: false, autoDelete: false, vhost: '/' }, bindingVersion: '0.3.0' } };
  }
  if (broker === 'kafka' && entity.type === 'topic') {
    const kafka: Obj = { topic: entity.name, bindingVersion: '0.5.0' };
    if (typeof entity.partitions === 'number' && entity.partitions > 0) kafka.partitions = entity.partitions;
    if (typeof entity.replicationFactor === 'number' && entity.replicationFactor > 0) kafka.replicas = entity.replicationFactor;
    const config: Obj = {};
    if (typeof entity.cleanupPolicy === 'string') config['cleanup.policy'] = entity.cleanupPolicy.split(',').map((x) => x.trim());
    if (typeof entity.retentionMs === 'number') config['retention.ms'] = entity.retentionMs;
    if (typeof entity.deleteRetentionMs === 'number') config['delete.retention.ms'] = entity.deleteRetentionMs;
    if (Object.keys(config).length > 0) kafka.topicConfiguration = config;
    return { kafka };
  }
  return undefined;
}

/** The operation bindings a consuming handler exports with: the Kafka consumer group, an AMQP ack. */
export function receiveBindings(handler: HandlerSpec, service: string, broker: BrokerKind): Obj | undefined {
  const options = isObj(handler.options) ? handler.options : {};
  if (broker === 'kafka') {
    const groupId = typeof options.groupId === 'string' ? options.groupId : service;
    return { kafka: { groupId: { type: 'string', enum: [groupId] }, bindingVersion: '0.5.0' } };
  }
  if (broker === 'rabbitmq') return { amqp: { ack: options.autoAck !== true, bindingVersion: '0.3.0' } };
  return undefined;
}

/** The message bindings of a message type: its Kafka key, its AMQP message type. */
export function messageBindings(type: string, keyField: string | undefined, broker: BrokerKind): Obj | undefined {
  if (broker === 'kafka' && keyField) return { kafka: { key: { type: 'string', description: `the body's ${keyField}`, 'x-brokerlab-key-field': keyField }, bindingVersion: '0.5.0' } };
  if (broker === 'rabbitmq') return { amqp: { messageType: type, bindingVersion: '0.3.0' } };
  return undefined;
}
