// Publisher confirms (ref §2.8; RabbitMQ docs "Consumer Acknowledgements and Publisher
// Confirms"): a publisher whose channel is in confirm mode gets, for every message, basic.ack
// once every queue it was routed to has taken it, or basic.nack when one refused it (a full
// queue with x-overflow reject-publish or reject-publish-dlx). An unroutable message is acked
// too, once the exchange found no queue — after the basic.return if it was `mandatory` — so a
// confirm means "the broker took responsibility", not "a queue has it". Without confirm mode
// the publisher learns none of this: a refused message is simply gone. What the publisher does
// with a nack or a missing confirm is its own code; here it publishes the message again after a
// while, a few times, which can duplicate it in the queues that had accepted it.
// `publisherConfirms` is set on the exchange or queue published to (simplified: per
// destination, not per channel): true, or { retryMs, attempts, timeoutMs }.
// A handler can instead put its own channel in confirm mode (defineHandler option
// `publisherConfirms: true`, like the .NET client's publisher confirmation tracking or amqplib's
// ConfirmChannel): then nothing publishes again by itself — the handler's awaited publish
// resolves on basic.ack and throws on basic.nack, and what happens next is its own code.

import type { Message } from '../types';
import { isObj, num, type Obj } from '../shared/options';
import type { RmqCore } from './state';

export interface ConfirmConfig {
  /** The publisher publishes a nacked message again after this long… */
  retryMs: number;
  /** …up to this many publishes in all, then gives up (the message is lost). */
  attempts: number;
  /** A message with no confirm after this long (lost on the way) is published again. */
  timeoutMs: number;
}

/** The publisher's handling of nacks and missing confirms (its own choice, not a broker setting). */
export const CONFIRM_DEFAULTS: ConfirmConfig = { retryMs: 1_000, attempts: 5, timeoutMs: 5_000 };

export function confirmConfig(spec: Obj): ConfirmConfig | null {
  const v = spec.publisherConfirms;
  if (v !== true && !isObj(v)) return null;
  const o = isObj(v) ? v : undefined;
  return { retryMs: num(o, 'retryMs', CONFIRM_DEFAULTS.retryMs), attempts: num(o, 'attempts', CONFIRM_DEFAULTS.attempts), timeoutMs: num(o, 'timeoutMs', CONFIRM_DEFAULTS.timeoutMs) };
}

/** basic.ack to the publisher (`awaited`: a handler in confirm mode waits for it). */
export function confirmAck(core: RmqCore, message: Message, destination: string, attempt: number, why: string, awaited = false): void {
  core.host.record({
    kind: 'publish.confirmed', actor: destination || 'amq.default', messageId: message.id, correlationId: message.correlationId,
    data: awaited ? { destination, publisher: message.producer, outcome: 'ack', attempt, retrying: false, awaited: true } : { destination, publisher: message.producer, outcome: 'ack', attempt, retrying: false },
    text: `basic.ack to ${message.producer}: ${why}`,
  });
}

/** basic.nack: the publisher publishes again later, or gives up after its attempts (then the message is lost). */
export function confirmNack(core: RmqCore, cfg: ConfirmConfig, message: Message, destination: string, attempt: number, why: string, republish: (attempt: number) => void): boolean {
  const retrying = attempt < cfg.attempts;
  core.host.record({
    kind: 'publish.confirmed', actor: destination || 'amq.default', messageId: message.id, correlationId: message.correlationId,
    data: { destination, publisher: message.producer, outcome: 'nack', attempt, retrying },
    text: `basic.nack to ${message.producer}: ${why}; ${retrying ? `it publishes the message again in ${cfg.retryMs} ms (attempt ${attempt + 1} of ${cfg.attempts}); queues that had accepted it will get a second copy` : `after ${cfg.attempts} attempts it gives up and the message is lost`}`,
  });
  if (retrying) core.host.at(core.host.now() + cfg.retryMs, () => republish(attempt + 1));
  return retrying;
}

/** basic.nack to a handler in confirm mode: its awaited publish throws; nothing publishes again by itself. */
export function handlerNack(core: RmqCore, message: Message, destination: string, why: string): void {
  core.host.record({
    kind: 'publish.confirmed', actor: destination || 'amq.default', messageId: message.id, correlationId: message.correlationId,
    data: { destination, publisher: message.producer, outcome: 'nack', attempt: 1, retrying: false, awaited: true },
    text: `basic.nack to ${message.producer}: ${why}; its awaited publish throws PublishNacked — the message is in no queue, and only the handler's code can publish it again`,
  });
}
