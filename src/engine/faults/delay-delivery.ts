// Delay: a delivery reaches its consumer `delayTicks` late (a slow network, a GC pause on the
// way). Late deliveries let later messages overtake, and may outlive their lock.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { Issues, Matcher, faultRandom, injected, matchSpec, nth } from './common';

export interface DelayDeliveryFault extends FaultSpec {
  type: 'delay-delivery';
  delayTicks: number;
}

export const delayDeliveryFault: FaultModel<DelayDeliveryFault> = {
  type: 'delay-delivery',
  title: 'Delay a delivery',
  description: 'Hand a matching delivery to its consumer delayTicks late.',
  validate: (spec, scenario) => new Issues(spec, scenario).match().int('delayTicks', { required: true, min: 1 }).list,
  install(spec, { world }) {
    const matcher = new Matcher(matchSpec(spec), faultRandom(world, spec));
    return {
      beforeDelivery(delivery) {
        const c = world.consumers.get(delivery.consumerId);
        if (!c || !matcher.strike({ service: c.service, handler: c.handler, messageType: delivery.message.type })) return null;
        injected(world, 'delay-delivery', c.service, `the ${nth(matcher.count)} matching delivery of ${delivery.message.type} to ${c.service} is held back ${spec.delayTicks} ms`, {
          messageId: delivery.message.id, correlationId: delivery.message.correlationId, deliveryId: delivery.id,
        });
        return { delayTicks: spec.delayTicks };
      },
    };
  },
};
