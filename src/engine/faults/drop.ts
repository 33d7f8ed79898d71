// Drop: a published message never reaches the broker — the at-most-once path (fire and forget
// without publisher confirms, a UDP-like transport). Nothing retries it: the message is lost,
// and the no-loss check says so.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { Issues, Matcher, faultRandom, injected, matchSpec, nth } from './common';

export interface DropFault extends FaultSpec {
  type: 'drop';
}

export const dropFault: FaultModel<DropFault> = {
  type: 'drop',
  title: 'Drop a message',
  description: 'Lose a published message on its way to the broker (service = the producer).',
  validate: (spec, scenario) => new Issues(spec, scenario).match().transit().list,
  install(spec, { world }) {
    const matcher = new Matcher(matchSpec(spec), faultRandom(world, spec));
    return {
      inTransit(message, destination) {
        if (!matcher.strike({ service: message.producer, messageType: message.type })) return null;
        const why = `the ${nth(matcher.count)} matching ${message.type} was dropped on the way (at-most-once: no publisher confirm, nobody resends it)`;
        injected(world, 'drop', destination, why, { messageId: message.id, correlationId: message.correlationId });
        return { drop: 'dropped in transit (at-most-once)' };
      },
    };
  },
};
