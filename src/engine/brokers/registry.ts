// The broker models a scenario can choose from, by kind. Each model validates its own
// entities and creates its broker; the engine knows them only through this registry.

import type { BrokerKind } from '../scenario/types';
import type { BrokerModel } from './types';
import { registry } from '../scenario/named';
import { genericBroker } from './generic';
import { serviceBusBroker } from './servicebus/index';
import { kafkaBroker } from './kafka/index';
import { rabbitMqBroker } from './rabbitmq/index';

export const brokerModels: Partial<Record<BrokerKind, BrokerModel>> = registry<BrokerModel>({
  generic: genericBroker,
  servicebus: serviceBusBroker,
  kafka: kafkaBroker,
  rabbitmq: rabbitMqBroker,
});

export function brokerModel(kind: BrokerKind): BrokerModel | undefined {
  return brokerModels[kind];
}
