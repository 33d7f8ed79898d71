// A queue's length limits (ref §2.7; RabbitMQ docs "Queue Length Limit"): x-max-length counts
// ready messages, x-max-length-bytes the total body bytes of ready messages (properties and
// overheads ignored); unacked deliveries count towards neither, and whichever limit is reached
// first applies. Overflow drop-head (the default) publishes the new message and then drops or
// dead-letters (maxlen) the oldest until both limits hold again — also after returned messages
// come back; reject-publish and reject-publish-dlx refuse a message that would go over, before
// it is enqueued (the broker's will_overflow check), and leave returned messages alone.

import { bodyBytes } from '../shared/utf8';
import type { RMessage, RmqCore, Queue } from './state';

/** Whether `msg` arriving would take the queue over a length limit (RabbitMQ's will_overflow: ready + 1 > x-max-length, ready bytes + its body > x-max-length-bytes). */
export function wouldOverflow(queue: Queue, msg: RMessage): boolean {
  const { maxLength, maxLengthBytes } = queue.opts;
  return (maxLength !== null && queue.ready.length + 1 > maxLength) || (maxLengthBytes !== null && queue.ready.bytes + (msg.bodyBytes ??= bodyBytes(msg.message)) > maxLengthBytes);
}

/** The limit `msg` would break, as the trace names it ("x-max-length 5", "x-max-length-bytes 2048 (1900 + 300 bytes)"). */
export function limitReached(queue: Queue, msg: RMessage): string {
  const { maxLength, maxLengthBytes } = queue.opts;
  if (maxLength !== null && queue.ready.length + 1 > maxLength) return `x-max-length ${maxLength}`;
  return `x-max-length-bytes ${maxLengthBytes} (${queue.ready.bytes} ready + ${msg.bodyBytes ?? 0} bytes)`;
}

/** The queue's length limits, for a publisher's nack ("x-max-length 5", "x-max-length-bytes 2048", or both). */
export function limitsOf(queue: Queue): string {
  const { maxLength, maxLengthBytes } = queue.opts;
  return [maxLength !== null ? `x-max-length ${maxLength}` : '', maxLengthBytes !== null ? `x-max-length-bytes ${maxLengthBytes}` : ''].filter(Boolean).join(', ');
}

/**
 * drop-head (the default overflow): the oldest ready messages make room for `msg`, each dropped or
 * dead-lettered with reason maxlen, until it fits (RabbitMQ's maybe_drop_head after the publish).
 * A body larger than x-max-length-bytes on its own cannot fit: it is dropped in its turn, so
 * false is returned and the message never becomes ready.
 */
export function dropHeadsFor(core: RmqCore, queue: Queue, msg: RMessage): boolean {
  while (wouldOverflow(queue, msg)) {
    const limit = limitReached(queue, msg);
    const head = queue.ready.shift();
    if (!head) {
      msg.state = 'gone';
      core.deadLetter(queue, msg, 'maxlen', `${limit} reached: overflow drop-head drops it, the only message, as soon as it arrives`);
      return false;
    }
    head.state = 'gone';
    core.deadLetter(queue, head, 'maxlen', `${limit} reached: overflow drop-head removes the oldest`);
  }
  return true;
}

/** After returned messages went back: drop-head trims the queue to its limits again (RabbitMQ's requeue_and_run calls maybe_drop_head). */
export function trimToLimits(core: RmqCore, queue: Queue): void {
  if (queue.opts.overflow !== 'drop-head') return;
  const { maxLength, maxLengthBytes } = queue.opts;
  while ((maxLength !== null && queue.ready.length > maxLength) || (maxLengthBytes !== null && queue.ready.bytes > maxLengthBytes)) {
    const limit = maxLength !== null && queue.ready.length > maxLength ? `x-max-length ${maxLength}` : `x-max-length-bytes ${maxLengthBytes} (${queue.ready.bytes} bytes ready)`;
    const head = queue.ready.shift()!;
    head.state = 'gone';
    core.deadLetter(queue, head, 'maxlen', `${limit} exceeded once returned messages were back: overflow drop-head removes the oldest`);
  }
}
