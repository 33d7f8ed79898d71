// Publishing a message: record it, let faults in transit drop or delay it, and hand it to the
// broker that owns the destination — or record it as unroutable when nothing does. A publisher
// using RabbitMQ publisher confirms notices a message lost on the way (no confirm) and publishes
// it again. A handler awaiting its own confirms (`confirm`) is told ack or nack by the broker, or
// nothing at all when the message was lost on the way: then its wait ends after
// HANDLER_CONFIRM_TIMEOUT_TICKS.

import type { World } from '../world';
import type { Message, PublishConfirm } from '../brokers/types';
import { PayloadLayout, TraceLayout } from '../trace/layouts';
import { keep, PayloadRun, repeat } from '../trace/runs';

/** A publisher waiting for RabbitMQ publisher confirms publishes a message at most this often when no confirm comes. */
export const CONFIRM_TIMEOUT_ATTEMPTS = 5;

/** How long a handler awaiting a publisher confirm waits for one before its publish throws. */
export const HANDLER_CONFIRM_TIMEOUT_TICKS = 5_000;

/** A handler's confirm: undefined = basic.ack, a reason = basic.nack; `timedOut` when none came. */
export type HandlerConfirm = (nack: string | undefined, timedOut?: boolean) => void;

export type PublishVia = 'direct' | 'outbox' | 'redrive' | 'redelivery' | 'workload';

/**
 * A send the broker refuses at the sender (Service Bus: no SessionId for a session-enabled queue).
 * `why` reads "Name: what happened"; the error's name is the part before the colon and its message
 * the rest, so "Name: message" is shown once, not the name twice.
 */
export class SendRefused extends Error {
  constructor(readonly why: string) {
    const colon = why.indexOf(': ');
    super(colon > 0 ? why.slice(colon + 2) : why);
    this.name = colon > 0 ? why.slice(0, colon) : 'SendRefused';
  }
}

/**
 * Asks the destination's broker whether it takes this message at all; when it does not, the
 * refusal is traced and thrown at the sender (its handler sees the exception; the outbox relay
 * keeps the row and retries; the workload just records it). Nothing was sent, so nothing else is recorded.
 */
export function checkSendable(world: World, message: Message, destination: string, via: PublishVia): boolean {
  const why = world.brokerOf.get(destination)?.sendError?.(message, destination);
  if (!why) return true;
  world.record({ kind: 'message.send-failed', actor: message.producer, messageId: message.id, correlationId: message.correlationId, data: { destination, reason: why }, text: `${message.producer} could not send ${message.type} to ${destination}: ${why}` });
  if (via !== 'workload') throw new SendRefused(why);
  return false;
}

const UNCOMMITTED_TEXT = 'sent from inside an uncommitted transaction: it leaves now, and a rollback or crash before the commit will not take it back';

const PUBLISHED = new TraceLayout('message.published', ['actor', 'messageId', 'correlationId', 'causationId', 'data']);
const PUBLISHED_TEXT = new TraceLayout('message.published', ['actor', 'messageId', 'correlationId', 'causationId', 'data', 'text']);
/** The data layouts of a publish, by which of key, uncommitted, traceContinued it has (bits 1, 2, 4). */
const PUBLISHED_DATA: PayloadLayout[] = [];
for (let variant = 0; variant < 8; variant++) {
  const keys = ['type', 'messageKind', 'destination', 'body', 'headers', 'via'];
  if (variant & 1) keys.push('key');
  if (variant & 2) keys.push('uncommitted');
  if (variant & 4) keys.push('traceContinued');
  PUBLISHED_DATA.push(new PayloadLayout(keys));
}
/** By variant, `{ type, messageKind, destination,` kept and repeated while they stay the same (PayloadRun); and `via`. */
const PUBLISHED_RUNS = PUBLISHED_DATA.map(() => new PayloadRun());
const VIA_RUN = new PayloadRun();

/**
 * message.published, written into the trace by layout (TraceRecorder.openLayout: every publish,
 * no input or data object): `{ kind, actor, messageId, correlationId, causationId, data: { type,
 * messageKind, destination, body, headers, via, key?, uncommitted?, traceContinued? }, text? }`.
 */
export function recordPublished(world: World, message: Message, destination: string, via: PublishVia, uncommitted: boolean): void {
  const c = world.trace.openLayout(uncommitted ? PUBLISHED_TEXT : PUBLISHED, message.producer, message.id, message.correlationId, undefined);
  if (!c) return;
  const p = c.payload;
  p.value(message.causationId ?? undefined);
  const variant = (message.key !== undefined ? 1 : 0) | (uncommitted ? 2 : 0) | (message.traceContinued !== undefined ? 4 : 0);
  const run = PUBLISHED_RUNS[variant];
  if (!repeat(p, run, message.type, message.kind, destination)) {
    const start = p.length;
    const keys = p.openLayout(PUBLISHED_DATA[variant]);
    p.keyString(keys[0], message.type);
    p.keyString(keys[1], message.kind);
    p.keyString(keys[2], destination);
    keep(p, run, start, message.type, message.kind, destination);
  }
  p.value(message.body, 1);
  p.headers(message.headers);
  if (!repeat(p, VIA_RUN, via)) {
    const start = p.length;
    p.string(via);
    keep(p, VIA_RUN, start, via);
  }
  if (variant & 1) p.value(message.key, 1);
  if (variant & 2) p.value(true);
  if (variant & 4) p.value(message.traceContinued, 1);
  if (uncommitted) p.string(UNCOMMITTED_TEXT);
  c.close();
}

/**
 * `uncommitted`: a handler published from inside a transaction that had not committed yet.
 * `transit` false: the message leaves inside a committed broker transaction, past the transit faults.
 */
export function publishToBroker(world: World, message: Message, destination: string, via: PublishVia, delayTicks?: number, uncommitted = false, transit = true, confirm?: HandlerConfirm): void {
  recordPublished(world, message, destination, via, uncommitted);
  const broker = world.brokerOf.get(destination);
  const confirmTimeout = confirm ? undefined : broker?.confirmTimeoutMs?.(destination);
  if (!(delayTicks && delayTicks > 0) && confirmTimeout === undefined && world.hooks.length === 0 && broker) {
    if (confirm) handOver(broker, message, destination, confirm);
    else broker.publish(message, destination); // nothing on the way: handed over now, without the closures below
    return;
  }
  publishOnTheWay(world, message, destination, delayTicks, transit, confirm, broker, confirmTimeout);
}

/**
 * The way to the broker with something on it: a delay, faults in transit, publisher confirms.
 * (Its own function: a function that makes closures gets a context object on every call, and
 * publishToBroker runs on every publish.)
 */
function publishOnTheWay(
  world: World, message: Message, destination: string, delayTicks: number | undefined, transit: boolean,
  confirm: HandlerConfirm | undefined, broker: ReturnType<World['brokerOf']['get']>, confirmTimeout: number | undefined,
): void {
  const arrive = () => {
    if (broker) {
      if (confirm) handOver(broker, message, destination, confirm);
      else broker.publish(message, destination);
      for (const hook of world.hooks) hook.arrived?.(message, destination);
    } else {
      world.record({ kind: 'message.unroutable', actor: 'broker', messageId: message.id, correlationId: message.correlationId, data: { destination }, text: `no entity named "${destination}": the message is lost` });
      confirm?.(`no entity named "${destination}"`);
    }
  };
  // RabbitMQ publisher confirms: a message lost on the way gets no confirm, and the publisher publishes it again.
  let attempt = 1;
  const hand = () => {
    if (!transit) return arrive();
    for (const hook of world.hooks) {
      const d = hook.inTransit?.(message, destination);
      if (d?.drop) {
        if (confirmTimeout !== undefined && attempt < CONFIRM_TIMEOUT_ATTEMPTS) {
          world.record({
            kind: 'publish.confirmed', actor: destination, messageId: message.id, correlationId: message.correlationId,
            data: { destination, publisher: message.producer, outcome: 'timeout', attempt, retrying: true },
            text: `lost on the way to ${destination}: no confirm comes back, so after ${confirmTimeout} ms ${message.producer} publishes it again (publisher confirms)`,
          });
          attempt++;
          world.at(world.now() + confirmTimeout, hand);
          return;
        }
        world.record({ kind: 'message.dropped', actor: 'broker', messageId: message.id, correlationId: message.correlationId, data: { entity: destination, reason: d.drop }, text: `lost on the way to ${destination}: ${d.drop}${confirmTimeout !== undefined ? ` — ${message.producer} gave up after ${attempt} publishes without a confirm` : confirm ? ` — no confirm will come: ${message.producer}'s awaited publish throws after ${HANDLER_CONFIRM_TIMEOUT_TICKS} ms` : ''}` });
        if (confirm) world.at(world.now() + HANDLER_CONFIRM_TIMEOUT_TICKS, () => confirm(`no confirm within ${HANDLER_CONFIRM_TIMEOUT_TICKS} ms`, true));
        return;
      }
      if (d?.defer) return d.defer(arrive);
    }
    arrive();
  };
  if (delayTicks && delayTicks > 0) world.at(world.now() + delayTicks, hand);
  else hand();
}

/** To a broker with publisher confirms the handler awaits; a broker without them has nothing to say, so the publish counts as done. */
function handOver(broker: NonNullable<ReturnType<World['brokerOf']['get']>>, message: Message, destination: string, confirm: PublishConfirm): void {
  if (broker.publishConfirmed) broker.publishConfirmed(message, destination, confirm);
  else {
    broker.publish(message, destination);
    confirm(undefined);
  }
}
