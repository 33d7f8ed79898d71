// The Kafka broker model's registry entry. Entities:
//   { type: 'topic', name, partitions, retentionMs?, retentionBytes? }
// Handlers consume a topic; their `options` are consumer configs: groupId (default: the service
// name), commit ('auto' | 'after-processing' | 'before-processing'), autoCommitIntervalMs,
// autoOffsetReset ('latest' | 'earliest'), partitionAssignmentStrategy ('range' | 'roundrobin' |
// 'sticky' | 'cooperative-sticky'), maxPollIntervalMs, sessionTimeoutMs, groupInstanceId (static
// membership), deliveryAttempts and
// deadLetterTopic (Spring's DefaultErrorHandler + DeadLetterPublishingRecoverer → `<topic>.DLT`).
// Each group's view of a topic is the entity `<topic>/<group>`. Keys come from the catalog's
// keyField; a `partition` header picks a partition explicitly.

import type { BrokerModel } from '../types';
import { KafkaBroker } from './broker';
import { kafkaNames, validateKafka } from './validate';

export const kafkaBroker: BrokerModel = {
  kind: 'kafka',
  title: 'Apache Kafka',
  entityTypes: ['topic'],
  validate: validateKafka,
  derivedNames: kafkaNames,
  create: (entities, host, scenario) => new KafkaBroker(entities, host, scenario),
};
