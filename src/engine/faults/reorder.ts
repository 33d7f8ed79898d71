// Reorder: a published message is held on its way to the broker until the next message for
// the same destination has arrived (or `holdTicksMax` passed), so the two arrive swapped. This
// is what per-key ordering guarantees are about: the producer's order is not the consumer's.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { Issues, Matcher, faultRandom, injected, matchSpec, nth } from './common';

export interface ReorderFault extends FaultSpec {
  type: 'reorder';
  holdTicksMax?: number;
}

export const reorderFault: FaultModel<ReorderFault> = {
  type: 'reorder',
  title: 'Reorder messages',
  description: 'Hold a published message until the next one to the same destination overtakes it (service = the producer).',
  validate: (spec, scenario) => new Issues(spec, scenario).match().transit().int('holdTicksMax', { min: 1 }).list,
  install(spec, { world }) {
    const matcher = new Matcher(matchSpec(spec), faultRandom(world, spec));
    const held = new Map<string, (() => void)[]>();
    const holdMax = spec.holdTicksMax ?? 10_000;
    const releaseAll = (destination: string) => {
      const waiting = held.get(destination) ?? [];
      held.delete(destination);
      for (const arrive of waiting) arrive();
    };
    return {
      inTransit(message, destination) {
        if (!matcher.strike({ service: message.producer, messageType: message.type })) return null;
        injected(world, 'reorder', destination, `${message.id} (${nth(matcher.count)} matching ${message.type}) is held back until the next message to ${destination} overtakes it`, {
          messageId: message.id, correlationId: message.correlationId,
        });
        return {
          defer: (arrive) => {
            let done = false;
            const once = () => {
              if (done) return;
              done = true;
              arrive();
            };
            held.set(destination, [...(held.get(destination) ?? []), once]);
            world.at(world.now() + holdMax, once);
          },
        };
      },
      arrived(_message, destination) {
        if (held.has(destination)) world.at(world.now(), () => releaseAll(destination));
      },
    };
  },
};
