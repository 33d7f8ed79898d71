// A publish whose publisher confirm the handler's own code awaits: RabbitMQ publisher confirms
// with the handler's channel in confirm mode (defineHandler option `publisherConfirms: true`, like
// the .NET client's publisher confirmation tracking or amqplib's ConfirmChannel). The broker
// answers basic.ack or basic.nack (a full queue with x-overflow reject-publish refuses the
// message); the answer travels back to the publisher in CONFIRM_RETURN_TICKS, and then the
// awaited `ctx.publish` resolves, or throws PublishNacked — an error the handler can catch, and
// whose message says which queue refused it and why. A message lost on the way gets no confirm
// at all: the wait ends with PublishConfirmTimeout. Nothing is published again by itself: what a
// nack means (slow down, fail the request, retry later) is the handler's decision.

import type { World } from '../world';
import type { Message } from '../brokers/types';
import type { PendingCall } from './calls';
import type { HandlerConfirm } from './publishing';

/** The confirm's trip back from the broker to the publisher. */
export const CONFIRM_RETURN_TICKS = 1;

/** What an awaited publish throws when the broker nacked the message. */
export class PublishNacked extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'PublishNacked';
  }
}

/** What an awaited publish throws when no confirm came back (the message was lost on the way). */
export class PublishConfirmTimeout extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'PublishConfirmTimeout';
  }
}

/** A pending confirm for `message` and the callback the broker (or the transit timeout) settles it with. */
export function awaitConfirm(world: World, message: Message, destination: string): { pending: PendingCall; confirm: HandlerConfirm } {
  const pending: PendingCall = { done: false };
  let settled = false;
  const confirm: HandlerConfirm = (nack, timedOut) => {
    if (settled) return;
    settled = true;
    world.at(world.now() + CONFIRM_RETURN_TICKS, () => {
      pending.done = true;
      if (timedOut) pending.error = new PublishConfirmTimeout(`${message.type} ${message.id} to ${destination}: ${nack ?? 'no confirm'} (lost on the way?) — publish it again, or fail`);
      else if (nack !== undefined) pending.error = new PublishNacked(`basic.nack for ${message.type} ${message.id} to ${destination}: ${nack} — the message is in no queue`);
      pending.resume?.();
    });
  };
  return { pending, confirm };
}
