// Chaos: faults drawn with seeded probabilities instead of an explicit schedule. Each rate is
// the chance that one moment is struck: `duplicate` and `delay` per delivery, `drop` per
// publish, `throw` per handler attempt, `crash` per crash point reached (a handler passes
// several). Draws come from world.random('chaos/<kind>'), so a run with chaos replays exactly.
// Each injection also records the explicit fault that reproduces it (`details.equivalent`), so
// a failing chaos run can be shrunk to a short explicit schedule (explore/shrink).

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import type { Json } from '../scenario/json';
import type { Random } from '../kernel/random';
import { CRASH_RESTART_DEFAULT_TICKS } from './crash';
import { InjectedFailure } from './handler-throws';
import { Issues, injected } from './common';

export const CHAOS_KINDS = ['duplicate', 'delay', 'drop', 'throw', 'crash'] as const;
export type ChaosKind = (typeof CHAOS_KINDS)[number];

export interface ChaosFault extends FaultSpec {
  type: 'chaos';
  rates: Partial<Record<ChaosKind, number>>;
  /** Only this service (default: all). */
  service?: string;
  fromTick?: number;
  untilTick?: number;
  delayTicksMax?: number;
  restartAfterTicks?: number;
}

export const chaosFault: FaultModel<ChaosFault> = {
  type: 'chaos',
  title: 'Chaos (seeded probabilities)',
  description: 'Duplicate, delay, drop, throw and crash at random with the given rates, reproducibly from the seed.',
  validate(spec, scenario) {
    const v = new Issues(spec, scenario).service('service', false).int('fromTick').int('untilTick').int('delayTicksMax', { min: 1 }).int('restartAfterTicks', { min: 1 });
    const rates = spec.rates as unknown;
    if (typeof rates !== 'object' || rates === null || Array.isArray(rates)) return v.add('rates', `must be an object of rates (${CHAOS_KINDS.join(', ')})`).list;
    for (const [k, r] of Object.entries(rates)) {
      if (!(CHAOS_KINDS as readonly string[]).includes(k)) v.add(`rates.${k}`, `unknown chaos kind (known: ${CHAOS_KINDS.join(', ')})`);
      else if (typeof r !== 'number' || !(r >= 0 && r <= 1)) v.add(`rates.${k}`, `must be a probability between 0 and 1, got ${JSON.stringify(r)}`);
    }
    return v.list;
  },
  install(spec, { world }) {
    const rng = (k: ChaosKind): Random => world.random(`chaos/${k}`);
    const rate = (k: ChaosKind) => spec.rates[k] ?? 0;
    const counts = new Map<string, number>();
    const count = (key: string) => {
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      return n;
    };
    const inScope = (service: string) => (spec.service === undefined || spec.service === service) && world.now() >= (spec.fromTick ?? 0) && world.now() < (spec.untilTick ?? Infinity);
    const known = (type: string) => world.catalog.has(type);
    const moment = (service: string, handler: string | undefined, type: string): Record<string, Json> => ({
      service, ...(handler ? { handler } : {}), ...(known(type) ? { messageType: type } : {}),
    });
    const keyOf = (kind: string, m: Record<string, Json>) => `${kind}|${m.service}|${m.handler ?? ''}|${m.messageType ?? ''}`;
    const record = (kind: ChaosKind, target: string, text: string, equivalent: Record<string, Json>, refs: { messageId?: string; correlationId?: string; deliveryId?: string }) =>
      injected(world, 'chaos', target, `chaos (${kind}): ${text}`, { ...refs, details: { kind, equivalent } });
    const restart = spec.restartAfterTicks ?? CRASH_RESTART_DEFAULT_TICKS;
    return {
      beforeDelivery(delivery) {
        const c = world.consumers.get(delivery.consumerId);
        if (!c || !inScope(c.service)) return null;
        const m = moment(c.service, c.handler, delivery.message.type);
        const n = count(keyOf('delivery', m));
        const refs = { messageId: delivery.message.id, correlationId: delivery.message.correlationId, deliveryId: delivery.id };
        if (rng('duplicate').chance(rate('duplicate'))) {
          record('duplicate', c.service, `${delivery.message.id} delivered twice to ${c.service}`, { type: 'duplicate-delivery', ...m, nth: n }, refs);
          return { duplicate: true };
        }
        if (rng('delay').chance(rate('delay'))) {
          const delayTicks = 1 + rng('delay').int(spec.delayTicksMax ?? 1000);
          record('delay', c.service, `${delivery.message.id} to ${c.service} delayed ${delayTicks} ms`, { type: 'delay-delivery', ...m, nth: n, delayTicks }, refs);
          return { delayTicks };
        }
        return null;
      },
      inTransit(message, destination) {
        if (!inScope(message.producer)) return null;
        const m = moment(message.producer, undefined, message.type);
        const n = count(keyOf('publish', m));
        if (!rng('drop').chance(rate('drop'))) return null;
        record('drop', destination, `${message.id} dropped on its way to ${destination}`, { type: 'drop', ...m, nth: n }, { messageId: message.id, correlationId: message.correlationId });
        return { drop: 'dropped by chaos (at-most-once)' };
      },
      beforeHandler(inv) {
        if (!inScope(inv.service.name)) return null;
        const m = moment(inv.service.name, inv.handler.spec.name, inv.message.type);
        const n = count(keyOf('attempt', m));
        if (!rng('throw').chance(rate('throw'))) return null;
        record('throw', inv.service.name, `${inv.handler.spec.name} fails on ${inv.message.id}`, { type: 'handler-throws', ...m, target: 'attempt', nth: n }, { messageId: inv.message.id, correlationId: inv.message.correlationId, deliveryId: inv.delivery?.id });
        return { error: new InjectedFailure('chaos: transient failure', false) };
      },
      crashAt(inv, point) {
        // Chaos crashes at the points it had before 'after-direct-put' was added: a draw there would
        // shift this seeded stream, so every chaos run with a direct write (and its shared links)
        // would give another trace. That point is for crash faults and the lesson's crash sweep.
        if (point === 'after-direct-put' || !inScope(inv.service.name)) return null;
        const m = moment(inv.service.name, inv.handler.spec.name, inv.message.type);
        const n = count(`${keyOf('crash', m)}|${point}`);
        if (!rng('crash').chance(rate('crash'))) return null;
        record('crash', inv.service.name, `${inv.service.name} crashes at ${point} in ${inv.handler.spec.name}`, { type: 'crash', ...m, point, nth: n, restartAfterTicks: restart }, {
          messageId: inv.message.id || undefined, correlationId: inv.message.correlationId || undefined, deliveryId: inv.delivery?.id,
        });
        return { restartAfterTicks: restart };
      },
    };
  },
};
