// Slow consumer: a handler takes `extraTicks` longer before it starts its work (a cold cache,
// a saturated CPU), during an interval or always. Queues back up; a pause longer than the lock
// duration turns into redeliveries and duplicates.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { Issues, injected } from './common';

export interface SlowConsumerFault extends FaultSpec {
  type: 'slow-consumer';
  service: string;
  handler?: string;
  extraTicks: number;
  fromTick?: number;
  durationTicks?: number;
}

export const slowConsumerFault: FaultModel<SlowConsumerFault> = {
  type: 'slow-consumer',
  title: 'Slow consumer',
  description: 'Add extraTicks before each matching handler attempt, during an interval or always.',
  validate: (spec, scenario) =>
    new Issues(spec, scenario).service().handler().int('extraTicks', { required: true, min: 1 }).int('fromTick').int('durationTicks', { min: 1 }).list,
  install(spec, { world }) {
    const from = spec.fromTick ?? 0;
    const until = spec.durationTicks === undefined ? Infinity : from + spec.durationTicks;
    return {
      beforeHandler(inv) {
        const now = world.now();
        if (inv.service.name !== spec.service || (spec.handler && inv.handler.spec.name !== spec.handler) || now < from || now >= until) return null;
        injected(world, 'slow-consumer', spec.service, `${inv.handler.spec.name} is slow: +${spec.extraTicks} ms before it starts`, {
          messageId: inv.message.id, correlationId: inv.message.correlationId, deliveryId: inv.delivery?.id,
        });
        return { pauseTicks: spec.extraTicks };
      },
    };
  },
};
