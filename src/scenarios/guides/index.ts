// The guides of the built-in scenarios, by scenario id (types.ts says what a guide holds).
// A scenario nobody wrote a guide for still gets automatic key moments (projections/key-moments.ts).

import type { ScenarioGuide } from './types';
import { orderFlowGuide, sagaChoreographedGuide, sagaOrchestratedGuide } from './flows';
import { serviceBusForwardingGuide, serviceBusSessionsGuide, serviceBusTransactionsGuide } from './servicebus';
import { kafkaLogCompactionGuide, kafkaStaticMembershipGuide, kafkaTransactionsGuide, rabbitMqMemoryAlarmGuide, rabbitMqPublisherConfirmsGuide, rabbitMqStreamsGuide } from './broker-features';
import { kafkaDurabilityGuide, kafkaIdempotentProducerGuide, kafkaPartitionsGuide, rabbitMqPrioritiesTimeoutGuide, rabbitMqRoutingGuide } from './rabbitmq-kafka';

export type { ScenarioGuide } from './types';

export const scenarioGuides: Readonly<Record<string, ScenarioGuide>> = {
  'order-flow': orderFlowGuide,
  'saga-choreographed': sagaChoreographedGuide,
  'saga-orchestrated': sagaOrchestratedGuide,
  'servicebus-sessions': serviceBusSessionsGuide,
  'rabbitmq-routing': rabbitMqRoutingGuide,
  'kafka-partitions': kafkaPartitionsGuide,
  'servicebus-forwarding': serviceBusForwardingGuide,
  'servicebus-transactions': serviceBusTransactionsGuide,
  'rabbitmq-priorities-timeout': rabbitMqPrioritiesTimeoutGuide,
  'kafka-durability': kafkaDurabilityGuide,
  'kafka-idempotent-producer': kafkaIdempotentProducerGuide,
  'kafka-static-membership': kafkaStaticMembershipGuide,
  'kafka-log-compaction': kafkaLogCompactionGuide,
  'kafka-transactions': kafkaTransactionsGuide,
  'rabbitmq-publisher-confirms': rabbitMqPublisherConfirmsGuide,
  'rabbitmq-streams': rabbitMqStreamsGuide,
  'rabbitmq-memory-alarm': rabbitMqMemoryAlarmGuide,
};

export function scenarioGuide(id: string | undefined): ScenarioGuide | undefined {
  return id !== undefined && Object.hasOwn(scenarioGuides, id) ? scenarioGuides[id] : undefined;
}
