// How a delivery is settled with its broker: explicitly by the handler (ctx.complete(),
// abandon(), defer(), nack(), reject(), deadLetter() — checked when called; sent at the call on
// Service Bus, like the SDK's CompleteMessageAsync, else when the handler ends), through the messages it received deferred or its session, or automatically by the
// host; and a settlement a fault loses on the way, which the broker only learns of when the
// lock expires.

import type { World } from '../world';
import type { Broker, BrokerSession, Delivery, Settlement } from '../brokers/types';
import type { IncomingMessage } from '../handlers/api';
import type { Invocation } from './invocation';
import { OptionError } from './publish-options';
import { toIncoming } from './records';
import { cloneJson, isJson, type Json } from '../scenario/json';

/**
 * ctx.complete()/abandon()/defer()/nack()/reject()/deadLetter(): checked now (a settlement the
 * broker does not have, or a second settlement, throws in the handler). Service Bus gets it now
 * (ref §1.3: the receiver's settle call goes to the broker; a lost lock or an unreachable
 * broker throws in the handler, and the message is then settled as if nothing was called);
 * other brokers when the handler returns or throws. The message is then not settled automatically.
 */
export function settleExplicitly(world: World, inv: Invocation, settlement: Settlement, message: IncomingMessage | undefined, call: string): void {
  if (!inv.alive) return;
  if (!inv.delivery) throw new Error(`${call} settles a message from a broker, but ${inv.handler.spec.name} was called directly (a request), not by a delivery`);
  const broker = world.brokerOf.get(inv.delivery.entity);
  const unsupported = broker?.settlementError?.(settlement);
  if (unsupported) throw new Error(`${call} is not available on ${broker!.kind}: ${unsupported}`);
  const target = message === undefined || message.id === inv.message.id ? inv : inv.extra?.find((x) => x.message.id === message.id);
  if (!target) throw new Error(`${call}: message ${message!.id} is not one this handler holds (only the current message and those from ctx.receiveDeferred)`);
  if (target.settlement) throw new Error(`${call}: message ${message?.id ?? inv.message.id} is already settled (${target.settlement.outcome}); a message is settled once`);
  const delivery = target === inv ? inv.delivery : (target as { delivery: Delivery }).delivery;
  if (broker?.settleNow) {
    const service = inv.service.name;
    for (const hook of world.hooks) {
      const lost = hook.settleLost?.(delivery, service);
      if (!lost) continue;
      world.record({
        kind: 'message.settle-failed', actor: service, messageId: delivery.message.id, correlationId: delivery.message.correlationId, deliveryId: delivery.id,
        data: { entity: delivery.entity, consumer: service, reason: lost },
        text: `${settlement.outcome} never reached the broker (${lost}): ${call} throws, and the message is still locked`,
      });
      throw new Error(`ServiceCommunicationProblem: ${call} could not reach the broker (${lost})`);
    }
    const sent = broker.settleNow(delivery.id, settlement);
    if (typeof sent === 'string') {
      target.settlement = { outcome: 'fail', error: sent, explicit: true, sent: true };
      throw new Error(`${call}: ${sent}`);
    }
    target.settlement = sent ? { ...settlement, sent: true } : settlement;
    return;
  }
  target.settlement = settlement;
}

/** ctx.receiveDeferred(sequenceNumber): a message this consumer deferred earlier (Service Bus). */
export function receiveDeferred(world: World, inv: Invocation, sequenceNumber: number): IncomingMessage {
  if (!inv.delivery) throw new Error(`ctx.receiveDeferred() reads the entity a delivery came from, but ${inv.handler.spec.name} was called directly (a request)`);
  const broker = world.brokerOf.get(inv.delivery.entity);
  if (!broker?.receiveDeferred) throw new Error(`ctx.receiveDeferred() is not available on ${broker?.kind ?? 'this broker'}: only Service Bus defers messages`);
  if (!inv.alive) throw new Error('ctx.receiveDeferred(): the handler is no longer running');
  if (typeof sequenceNumber !== 'number' || !Number.isSafeInteger(sequenceNumber) || sequenceNumber < 0) {
    throw new OptionError(`ctx.receiveDeferred(sequenceNumber) needs the message's SequenceNumber, a non-negative integer, got ${typeof sequenceNumber === 'number' ? sequenceNumber : typeof sequenceNumber}`);
  }
  const got = broker.receiveDeferred(inv.delivery.id, sequenceNumber);
  if (typeof got === 'string') throw new Error(`ctx.receiveDeferred(${sequenceNumber}): ${got}`);
  const message = toIncoming(got);
  (inv.extra ??= []).push({ delivery: got, message });
  return message;
}

/** ctx.session: the delivery's session and its state (Service Bus sessions), or undefined. */
export function sessionOf(world: World, inv: Invocation): BrokerSession | undefined {
  if (!inv.delivery) return undefined;
  const s = world.brokerOf.get(inv.delivery.entity)?.session?.(inv.delivery.id);
  return s ? sessionApi(inv, s) : undefined;
}

/** (Its closures made here, not in sessionOf, which runs for every attempt.) */
function sessionApi(inv: Invocation, s: NonNullable<ReturnType<NonNullable<Broker['session']>>>): BrokerSession {
  return Object.freeze({
    id: s.id,
    getState: () => s.getState(),
    setState: (value: unknown) => {
      if (value !== undefined && !isJson(value)) throw new OptionError('ctx.session.setState(state) needs plain JSON data (or null to clear it)');
      if (inv.alive) s.setState(value === undefined || value === null ? null : cloneJson(value as Json));
    },
  });
}

/** Sends `settlement` to the broker holding `delivery`, unless a fault loses it on the way. */
export function settleDelivery(world: World, delivery: Delivery, settlement: Settlement): void {
  // Already at the broker (settled at the call): the handler's end only frees its call slot.
  if (settlement.sent) return toBroker(world, delivery, settlement);
  const service = world.hooks.length > 0 ? (world.consumers.get(delivery.consumerId)?.service ?? '') : '';
  for (const hook of world.hooks) {
    const lost = hook.settleLost?.(delivery, service);
    if (lost) {
      world.record({
        kind: 'message.settle-failed', actor: service, messageId: delivery.message.id, correlationId: delivery.message.correlationId, deliveryId: delivery.id,
        data: { entity: delivery.entity, consumer: service, reason: lost },
        text: `${settlement.outcome} never reached the broker (${lost}): the lock will expire and the message comes back`,
      });
      // The consumer learns of it when its lock is gone; its late settlement is then refused
      // by the broker, which frees the consumer's slot.
      const lockedUntil = typeof delivery.props.lockedUntil === 'number' ? delivery.props.lockedUntil : world.now() + 30_000;
      toBrokerLater(world, Math.max(world.now(), lockedUntil) + 1, delivery, settlement);
      return;
    }
  }
  toBroker(world, delivery, settlement);
}

/** (A closure of its own: made in settleDelivery, it would cost a context on every settlement.) */
function toBrokerLater(world: World, tick: number, delivery: Delivery, settlement: Settlement): void {
  world.later(tick, () => toBroker(world, delivery, settlement));
}

function toBroker(world: World, delivery: Delivery, settlement: Settlement): void {
  const broker = world.brokerOf.get(delivery.entity);
  if (broker === undefined) return;
  if (broker.settleDelivery) broker.settleDelivery(delivery, settlement);
  else broker.settle(delivery.id, settlement);
}
