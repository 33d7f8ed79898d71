// Handler throws: the handler fails before its code runs. `transient` fails the first
// `failAttempts` attempts of each struck message (a timeout, a deadlock: retrying helps);
// `poison` fails every attempt of it forever (a message no code version can handle: only a
// dead-letter queue ends it). `target: 'attempt'` strikes single attempts instead of messages.
// Poison errors carry `poison: true`, so retry policies can skip them (unrecoverable).
// A struck message is one copy: the copy in one queue (or one request) for one handler, so a
// fanout's other copies, and consumers the fault does not name, are never touched — every
// attempt is matched against the fault's service/handler/type, struck or not.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { Issues, Matcher, faultRandom, injected, matchSpec, nth } from './common';

export interface HandlerThrowsFault extends FaultSpec {
  type: 'handler-throws';
  mode?: 'transient' | 'poison';
  failAttempts?: number;
  target?: 'message' | 'attempt';
  error?: string;
}

export class InjectedFailure extends Error {
  constructor(message: string, readonly poison: boolean) {
    super(message);
    this.name = poison ? 'PoisonMessage' : 'TransientFailure';
  }
}

export const handlerThrowsFault: FaultModel<HandlerThrowsFault> = {
  type: 'handler-throws',
  title: 'Handler throws',
  description: 'Make a handler fail: transiently for k attempts of a message, or always (a poison message).',
  validate: (spec, scenario) =>
    new Issues(spec, scenario).match().oneOf('mode', ['transient', 'poison']).oneOf('target', ['message', 'attempt']).int('failAttempts', { min: 1 }).list,
  install(spec, { world }) {
    const matcher = new Matcher(matchSpec(spec), faultRandom(world, spec));
    const poison = spec.mode === 'poison';
    const k = spec.failAttempts ?? 1;
    /** Struck copy → attempts failed so far. */
    const struck = new Map<string, number>();
    const considered = new Set<string>();
    return {
      beforeHandler(inv) {
        const moment = { service: inv.service.name, handler: inv.handler.spec.name, messageType: inv.message.type };
        if (!matcher.matches(moment)) return null;
        const id = inv.message.id;
        // Competing consumers of one queue share a copy; each queue of a fanout has its own.
        const copy = `${inv.delivery?.entity ?? inv.service.name}|${inv.handler.spec.name}|${id}`;
        if (spec.target === 'attempt') {
          if (!matcher.strike(moment)) return null;
        } else if (!struck.has(copy)) {
          if (considered.has(copy)) return null;
          considered.add(copy);
          if (!matcher.strike(moment)) return null;
          struck.set(copy, 0);
        }
        const failed = struck.get(copy) ?? 0;
        if (!poison && spec.target !== 'attempt' && failed >= k) return null;
        struck.set(copy, failed + 1);
        const text = spec.error ?? (poison ? `cannot process ${inv.message.type} ${id}: poison message` : `transient failure (${failed + 1} of ${k})`);
        injected(world, 'handler-throws', inv.service.name, poison
          ? `${id} is poison for ${inv.handler.spec.name}: every attempt fails`
          : `${inv.handler.spec.name} fails transiently on ${id} (${nth(failed + 1)} failure of ${spec.target === 'attempt' ? 1 : k})`, {
          messageId: id, correlationId: inv.message.correlationId, deliveryId: inv.delivery?.id,
        });
        return { error: new InjectedFailure(text, poison) };
      },
    };
  },
};
