// Lock expiry: the consumer pauses (a long GC, a stalled disk) right after receiving a
// delivery, until just past the lock the broker gave it. The broker assumes the consumer died
// and hands the message out again; the paused consumer then finishes, its ack is refused, and
// without an inbox the effect happens twice.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { Issues, Matcher, faultRandom, injected, matchSpec, nth } from './common';

export interface LockExpiryFault extends FaultSpec {
  type: 'lock-expiry';
  /** Pause used when the broker sets no lock deadline (default 30,000). */
  pauseTicks?: number;
}

export const lockExpiryFault: FaultModel<LockExpiryFault> = {
  type: 'lock-expiry',
  title: 'Lock expiry',
  description: 'Pause a consumer past its delivery lock, so the broker redelivers the message while the first attempt still runs.',
  validate: (spec, scenario) => new Issues(spec, scenario).match().int('pauseTicks', { min: 1 }).list,
  install(spec, { world }) {
    const matcher = new Matcher(matchSpec(spec), faultRandom(world, spec));
    return {
      beforeHandler(inv) {
        if (!inv.delivery || inv.attempt !== 1) return null;
        if (!matcher.strike({ service: inv.service.name, handler: inv.handler.spec.name, messageType: inv.message.type })) return null;
        const lockedUntil = inv.delivery.props.lockedUntil;
        const pause = typeof lockedUntil === 'number' ? Math.max(1, lockedUntil - world.now() + 1) : (spec.pauseTicks ?? 30_000);
        injected(world, 'lock-expiry', inv.service.name, `${inv.service.name} pauses ${pause} ms on the ${nth(matcher.count)} matching delivery, past its lock${typeof lockedUntil === 'number' ? ` (locked until ${lockedUntil})` : ''}`, {
          messageId: inv.message.id, correlationId: inv.message.correlationId, deliveryId: inv.delivery.id,
        });
        return { pauseTicks: pause };
      },
    };
  },
};
