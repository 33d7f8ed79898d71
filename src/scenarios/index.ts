// The built-in scenarios people can pick in the playground and name on the command line.

import type { Scenario } from '../engine/index';
import { orderFlow } from './order-flow';
import { sagaChoreographed } from './saga-choreographed';
import { sagaOrchestrated } from './saga-orchestrated';
import { serviceBusSessions } from './servicebus-sessions';
import { rabbitMqRouting } from './rabbitmq-routing';
import { kafkaPartitions } from './kafka-partitions';
import { serviceBusForwarding } from './servicebus-forwarding';
import { serviceBusTransactions } from './servicebus-transactions';
import { rabbitMqPrioritiesTimeout } from './rabbitmq-priorities-timeout';
import { kafkaDurability } from './kafka-durability';
import { kafkaIdempotentProducer } from './kafka-idempotent-producer';
import { kafkaStaticMembership } from './kafka-static-membership';
import { kafkaLogCompaction } from './kafka-log-compaction';
import { kafkaTransactions } from './kafka-transactions';
import { rabbitMqPublisherConfirms } from './rabbitmq-publisher-confirms';
import { rabbitMqStreams } from './rabbitmq-streams';
import { rabbitMqMemoryAlarm } from './rabbitmq-memory-alarm';

export const defaultScenario: Scenario = orderFlow;

export const builtinScenarios: Scenario[] = [orderFlow, sagaChoreographed, sagaOrchestrated, serviceBusSessions, rabbitMqRouting, kafkaPartitions, serviceBusForwarding, serviceBusTransactions, rabbitMqPrioritiesTimeout, kafkaDurability, kafkaIdempotentProducer, kafkaStaticMembership, kafkaLogCompaction, kafkaTransactions, rabbitMqPublisherConfirms, rabbitMqStreams, rabbitMqMemoryAlarm];

export function findScenario(id: string): Scenario | undefined {
  return builtinScenarios.find((s) => s.id === id);
}
