// Dead-lettering (ref §2.5; RabbitMQ docs "Dead Letter Exchanges", "Dead-Lettered Effects on
// Messages"): a rejected, expired, overflowing or over-delivered message is republished to its
// queue's dead-letter exchange with x-dead-letter-routing-key, else its own routing key. The
// x-death header is an array, most recent first, with one entry per {queue, reason}: `count`
// grows each time the message dies the same way again, while `time`, `exchange`, `routing-keys`
// and `original-expiration` keep the values of the FIRST such death. Besides, x-first-death-queue,
// -reason and -exchange are set once and never changed; x-last-death-queue, -reason and -exchange
// are updated on every death. A DLX that does not exist drops the message silently; so does a
// dead-letter cycle with no rejection in it.

import type { Json } from '../../scenario/json';
import { route } from './routing';
import { DEFAULT_EXCHANGE, type DeathReason, type RMessage, type RmqCore, type Queue } from './state';

/** The x-death array after one more death from `queue` for `reason` at `tick`. */
export function recordDeath(msg: RMessage, queue: string, reason: string, tick: number): Record<string, Json>[] {
  const deaths = msg.deaths.map((d) => ({ ...d }));
  const i = deaths.findIndex((d) => d.queue === queue && d.reason === reason);
  let entry: Record<string, Json>;
  if (i >= 0) {
    entry = deaths.splice(i, 1)[0];
    entry.count = Number(entry.count) + 1;
  } else {
    entry = { queue, reason, count: 1, time: tick, exchange: msg.exchange, 'routing-keys': [msg.routingKey] };
    if (msg.expiration !== null) entry['original-expiration'] = String(msg.expiration);
  }
  deaths.unshift(entry);
  return deaths;
}

/** x-first-death-* once, x-last-death-* every time (the exchange it was published to before this death). */
export function deathHeaders(msg: RMessage, queue: string, reason: string): Record<string, Json> {
  const headers: Record<string, Json> = { ...msg.deathHeaders };
  if (headers['x-first-death-queue'] === undefined) {
    headers['x-first-death-queue'] = queue;
    headers['x-first-death-reason'] = reason;
    headers['x-first-death-exchange'] = msg.exchange;
  }
  headers['x-last-death-queue'] = queue;
  headers['x-last-death-reason'] = reason;
  headers['x-last-death-exchange'] = msg.exchange;
  return headers;
}

/** To the queue's DLX with x-death and the first/last-death headers, or discarded when there is none (ref §2.5). */
export function deadLetter(core: RmqCore, queue: Queue, msg: RMessage, reason: DeathReason, detail: string | undefined): void {
  msg.state = 'gone';
  const refs = { messageId: msg.message.id, correlationId: msg.message.correlationId };
  const dlx = queue.opts.deadLetterExchange;
  if (dlx === null || (dlx !== DEFAULT_EXCHANGE && !core.exchanges.has(dlx))) {
    const why = dlx === null ? `${queue.name} has no x-dead-letter-exchange` : `its dead-letter exchange ${dlx} does not exist, so RabbitMQ drops it silently`;
    if (reason === 'expired') core.host.record({ kind: 'message.expired', actor: queue.name, ...refs, data: { entity: queue.name }, text: `expired at the head of ${queue.name} and discarded: ${why}` });
    else core.host.record({ kind: 'message.dropped', actor: queue.name, ...refs, data: { entity: queue.name, reason }, text: `discarded (${reason}${detail ? `: ${detail}` : ''}): ${why}` });
    return;
  }
  const routingKey = queue.opts.deadLetterRoutingKey ?? msg.routingKey;
  const deaths = recordDeath(msg, queue.name, reason, core.host.now());
  const headers = deathHeaders(msg, queue.name, reason);
  core.host.record({
    kind: 'message.dead-lettered', actor: queue.name, ...refs, data: { entity: queue.name, dlq: dlx || 'amq.default', reason, ...(detail ? { description: detail } : {}) },
    text: `dead-lettered (reason ${reason}${detail ? `: ${detail}` : ''}) to exchange ${dlx || '(default)'} with routing key "${routingKey}"`,
  });
  const { queues, why } = route(core, dlx, routingKey, msg.message.headers);
  const rejectedInCycle = deaths.some((d) => d.reason === 'rejected');
  const targets = queues.filter((q) => {
    const cycle = deaths.some((d) => d.queue === q.name) && !rejectedInCycle;
    if (cycle) core.host.record({ kind: 'message.dropped', actor: q.name, ...refs, data: { entity: q.name, reason: 'dead-letter cycle' }, text: `dropped: it would return to ${q.name} in a dead-letter cycle with no rejection (only expiries), which RabbitMQ breaks` });
    return !cycle;
  });
  if (queues.length === 0) core.host.record({ kind: 'message.unroutable', actor: dlx || 'amq.default', ...refs, data: { destination: dlx }, text: `the dead-letter exchange routed it nowhere (${why}): dropped` });
  for (const q of targets) {
    core.enqueue(q, { ...msg, exchange: dlx, routingKey, redelivered: false, returns: 0, expiration: null, deaths, deathHeaders: headers, state: 'ready' });
  }
}

/** Expires messages at the head of the queue: TTL only takes effect there (ref §2.7). True if any expired. */
export function expireHeads(core: RmqCore, queue: Queue): boolean {
  const now = core.host.now();
  let any = false;
  while (queue.ready.length > 0) {
    const head = queue.ready.peek()!;
    if (head.expiresAt === null || head.expiresAt > now) break;
    queue.ready.shift();
    deadLetter(core, queue, head, 'expired', `TTL passed at ${head.expiresAt}`);
    any = true;
  }
  return any;
}

/** The queue's TTL alarm: expire what is due at the head, then wait for the next head. */
export function expireHead(core: RmqCore, queue: Queue): void {
  expireHeads(core, queue);
  const head = queue.ready.peek();
  if (head?.expiresAt != null) queue.ttlAlarm.request(head.expiresAt);
  core.schedulePump(queue);
}
