// Duplicate delivery: the broker hands the same delivery over twice (at-least-once brokers do:
// a lost ack, a network retry). Both copies run the handler; only an inbox, an idempotency key
// or a naturally idempotent effect keeps the business effect single.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { Issues, Matcher, faultRandom, injected, matchSpec, nth } from './common';

export interface DuplicateDeliveryFault extends FaultSpec {
  type: 'duplicate-delivery';
}

export const duplicateDeliveryFault: FaultModel<DuplicateDeliveryFault> = {
  type: 'duplicate-delivery',
  title: 'Duplicate a delivery',
  description: 'Hand a delivery to the consumer twice; match by service, handler, message type and nth occurrence, every one, or a probability.',
  validate: (spec, scenario) => new Issues(spec, scenario).match().list,
  install(spec, { world }) {
    const matcher = new Matcher(matchSpec(spec), faultRandom(world, spec));
    return {
      beforeDelivery(delivery) {
        const c = world.consumers.get(delivery.consumerId);
        if (!c || !matcher.strike({ service: c.service, handler: c.handler, messageType: delivery.message.type })) return null;
        injected(world, 'duplicate-delivery', c.service, `the ${nth(matcher.count)} matching delivery of ${delivery.message.type} reaches ${c.service} twice`, {
          messageId: delivery.message.id, correlationId: delivery.message.correlationId, deliveryId: delivery.id,
        });
        return { duplicate: true };
      },
    };
  },
};
