// The Azure Service Bus broker model's registry entry. Entities:
//   { type: 'queue', name, lockDurationTicks?, maxDeliveryCount?, requiresSession?,
//     requiresDuplicateDetection?, duplicateDetectionHistoryTimeWindowTicks?,
//     defaultMessageTimeToLiveTicks?, deadLetteringOnMessageExpiration?,
//     maxMessageSizeInKilobytes? (256 = Standard, the default; Premium 1024–102400) }
//   { type: 'topic', name, requiresDuplicateDetection?, …, subscriptions: [{ name, rules?: [{ name,
//     filter: true | false | { sql } | { correlation: { CorrelationId?, Subject?, …, properties? } },
//     action?: 'SET …' }], …queue options }] }
// Handlers consume a queue, `<topic>/Subscriptions/<name>`, or a `…/$deadletterqueue`;
// receiver options (handler `options`): receiveMode, prefetchCount, autoCompleteMessages,
// maxAutoLockRenewalDurationTicks, maxConcurrentSessions; `concurrency` is MaxConcurrentCalls.
// Message properties: SessionId = the catalog key (or header SessionId), MessageId header for
// duplicate detection, TimeToLive header (ms), Subject header (defaults to the type).

import type { BrokerModel } from '../types';
import { ServiceBusBroker } from './broker';
import { serviceBusNames, validateServiceBus } from './validate';

export const serviceBusBroker: BrokerModel = {
  kind: 'servicebus',
  title: 'Azure Service Bus',
  entityTypes: ['queue', 'topic'],
  validate: validateServiceBus,
  derivedNames: (entities) => serviceBusNames(entities),
  create: (entities, host) => new ServiceBusBroker(entities, host),
};
