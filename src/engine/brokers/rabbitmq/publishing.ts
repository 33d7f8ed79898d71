// The publish side (ref §2.1, §2.7, §2.8): a message published to an exchange (a queue's name
// means the default exchange) is routed, or found unroutable — returned with basic.return when
// `mandatory`, else silently dropped — and each target queue takes its own copy, subject to
// its length limits and overflow mode (length-limit.ts), with its expiry (the lower of x-message-ttl and the
// `expiration` property) and its priority. With publisher confirms the publisher gets an ack or
// a nack for each message (confirms.ts): either the simulated publisher of an entity's
// `publisherConfirms`, which publishes a nacked message again by itself, or a handler whose
// channel is in confirm mode (`handlerConfirm`), whose awaited publish resolves or throws. During
// a resource alarm the publish waits in its blocked connection (alarms.ts).

import type { Message, PublishConfirm } from '../types';
import type { Json } from '../../scenario/json';
import { route } from './routing';
import { DEFAULT_EXCHANGE, type RMessage, type RmqCore, type Queue } from './state';
import { confirmAck, confirmNack, handlerNack } from './confirms';
import { dropHeadsFor, limitReached, limitsOf, wouldOverflow } from './length-limit';

export function publish(core: RmqCore, message: Message, destination: string, attempt = 1, handlerConfirm?: PublishConfirm): void {
  if (core.gate.holdPublish(message.producer, message, destination, () => publish(core, message, destination, attempt, handlerConfirm))) return;
  const confirms = handlerConfirm ? undefined : core.confirms.get(destination);
  const confirming = confirms !== undefined || handlerConfirm !== undefined;
  const toQueue = core.queues.has(destination);
  const routingKey = message.routingKey ?? (toQueue ? destination : message.type);
  const exchange = toQueue ? DEFAULT_EXCHANGE : destination;
  const { queues, why } = route(core, exchange, routingKey, message.headers);
  const refs = { messageId: message.id, correlationId: message.correlationId };
  if (queues.length === 0) {
    const mandatory = message.headers.mandatory === true;
    core.host.record({
      kind: 'message.unroutable', actor: exchange || 'amq.default', ...refs, data: { destination },
      text: `${why}; ${mandatory ? 'mandatory=true: returned to the publisher (basic.return)' : 'mandatory=false: silently dropped'}`,
    });
    if (confirming) confirmAck(core, message, destination, attempt, mandatory ? 'the basic.return came first; the ack only says the broker is done with it, no queue has it' : 'acked although no queue took it: a confirm means the broker took responsibility, not that a queue has it — only mandatory=true would have told the publisher', handlerConfirm !== undefined);
    handlerConfirm?.(undefined);
    return;
  }
  if (exchange !== DEFAULT_EXCHANGE) {
    core.host.record({ kind: 'message.routed', actor: exchange, ...refs, data: { entity: exchange, copies: queues.length }, text: why });
  }
  const expiration = typeof message.headers.expiration === 'string' || typeof message.headers.expiration === 'number' ? Number(message.headers.expiration) : null;
  const refused = queues.filter((q) => !core.enqueue(q, newMessage(message, exchange, routingKey, expiration), confirming));
  if (!confirming) return;
  if (refused.length === 0) {
    confirmAck(core, message, destination, attempt, `${queues.map((q) => q.name).join(', ')} took it`, handlerConfirm !== undefined);
    return handlerConfirm?.(undefined);
  }
  const refusal = `${refused.map((q) => q.name).join(', ')} refused it (${limitsOf(refused[0])}, ${refused[0].opts.overflow})`;
  if (handlerConfirm) {
    handlerNack(core, message, destination, refusal);
    return handlerConfirm(refusal);
  }
  if (!confirms) return;
  if (!confirmNack(core, confirms, message, destination, attempt, refusal, (next) => publish(core, message, destination, next))) {
    core.host.record({ kind: 'message.dropped', actor: refused[0].name, messageId: message.id, correlationId: message.correlationId, data: { entity: refused[0].name, reason: 'publisher gave up after basic.nack' }, text: `${message.producer} gave up after ${confirms.attempts} nacked publishes: the message is lost` });
  }
}

export function newMessage(message: Message, exchange: string, routingKey: string, expiration: number | null): RMessage {
  return { message, exchange, routingKey, position: 0, priority: 0, redelivered: false, returns: 0, expiresAt: null, expiration, deaths: [], deathHeaders: {}, state: 'ready' };
}

/** The `priority` property (basic.properties); a message without one counts as 0. */
function priorityOf(message: Message): number {
  return typeof message.headers.priority === 'number' ? message.headers.priority : 0;
}

/**
 * A new arrival in `queue`: overflow first, then its expiry, position and priority (ref §2.7).
 * Returns false when the queue refused it (reject-publish): a `confirming` publisher gets a
 * basic.nack for it (confirms.ts), anyone else never learns it is gone.
 */
export function enqueue(core: RmqCore, queue: Queue, msg: RMessage, confirming = false): boolean {
  if (queue.stream) {
    core.appendToStream(queue, msg);
    return true;
  }
  const now = core.host.now();
  const refs = { messageId: msg.message.id, correlationId: msg.message.correlationId };
  if (queue.opts.maxLength !== null || queue.opts.maxLengthBytes !== null) {
    if (queue.opts.overflow === 'drop-head') {
      if (!dropHeadsFor(core, queue, msg)) return true;
    } else if (wouldOverflow(queue, msg)) {
      const limit = limitReached(queue, msg);
      if (queue.opts.overflow === 'reject-publish-dlx') core.deadLetter(queue, msg, 'maxlen', `${limit} reached: reject-publish-dlx refuses it and dead-letters it`);
      else if (!confirming) core.host.record({ kind: 'message.dropped', actor: queue.name, ...refs, data: { entity: queue.name, reason: `${limit}, overflow reject-publish` }, text: `refused: ${queue.name} is full (${limit}, reject-publish); the publisher does not use publisher confirms, so it never learns the message is gone` });
      return false;
    }
  }
  const ttls = [queue.opts.messageTtl, msg.expiration].filter((x): x is number => x !== null && x >= 0);
  msg.expiresAt = ttls.length ? now + Math.min(...ttls) : null;
  msg.position = queue.positionNext++;
  msg.priority = queue.ready.effectivePriority(priorityOf(msg.message));
  msg.state = 'ready';
  const props: Record<string, Json> = { exchange: msg.exchange, routingKey: msg.routingKey };
  if (msg.message.headers.priority !== undefined && (queue.opts.maxPriority !== null || queue.opts.type === 'quorum')) props.priority = msg.priority;
  if (msg.deaths.length) Object.assign(props, { 'x-death': msg.deaths, ...msg.deathHeaders });
  core.host.record({ kind: 'message.enqueued', actor: queue.name, ...refs, data: { entity: queue.name, props }, text: msg.deaths.length ? `dead-lettered copy arrives (x-death: ${msg.deaths.map((d) => `${d.reason} from ${d.queue} ×${d.count}`).join(', ')})` : undefined });
  queue.ready.push(msg);
  if (queue.ready.length === 1 && msg.expiresAt !== null) queue.ttlAlarm.request(msg.expiresAt);
  core.schedulePump(queue);
  return true;
}
