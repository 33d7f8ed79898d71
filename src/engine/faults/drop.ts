// Drop: a published message never reaches the broker — the at-most-once path (fire and forget
// without publisher confirms, a UDP-like transport). Nothing retries it: the message is lost,
// and the no-loss check says so — unless the publisher uses RabbitMQ publisher confirms, which
// notices the missing confirm and publishes it again (services/publishing.ts). `where` narrows it
// to messages whose body has these field values ("order-2's ChargePayment"), so the same message
// is lost whatever else a plan does.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import type { Json } from '../scenario/json';
import { Issues, Matcher, faultRandom, injected, matchSpec, nth } from './common';

export interface DropFault extends FaultSpec {
  type: 'drop';
  /** Only messages whose body has these field values (plain values: string, number, boolean). */
  where?: Record<string, string | number | boolean>;
}

const isPlain = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

function bodyHas(body: Json, where: Record<string, string | number | boolean>): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  return Object.entries(where).every(([k, v]) => (body as Record<string, Json>)[k] === v);
}

export const dropFault: FaultModel<DropFault> = {
  type: 'drop',
  title: 'Drop a message',
  description: 'Lose a published message on its way to the broker (service = the producer).',
  validate(spec, scenario) {
    const v = new Issues(spec, scenario).match().transit();
    const where = spec.where as unknown;
    if (where !== undefined && (typeof where !== 'object' || where === null || Array.isArray(where) || Object.keys(where).length === 0 || !Object.values(where).every(isPlain))) {
      v.add('where', 'must be body fields with plain values, e.g. { "orderId": "order-2" }');
    }
    return v.list;
  },
  install(spec, { world }) {
    const matcher = new Matcher(matchSpec(spec), faultRandom(world, spec));
    return {
      inTransit(message, destination) {
        if (spec.where && !bodyHas(message.body as Json, spec.where)) return null;
        if (!matcher.strike({ service: message.producer, messageType: message.type })) return null;
        const which = spec.where ? ` with ${Object.entries(spec.where).map(([k, x]) => `${k} ${JSON.stringify(x)}`).join(', ')}` : '';
        const why = `the ${nth(matcher.count)} matching ${message.type}${which} was dropped on the way (at-most-once unless the publisher waits for a confirm and resends it)`;
        injected(world, 'drop', destination, why, { messageId: message.id, correlationId: message.correlationId });
        return { drop: 'dropped in transit (at-most-once)' };
      },
    };
  },
};
