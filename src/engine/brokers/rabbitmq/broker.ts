// The RabbitMQ broker model (AMQP 0-9-1): exchanges (direct, fanout, topic, headers, the default
// exchange, alternate exchanges, exchange-to-exchange bindings) route each message to every
// queue with a matching binding, once per queue; classic and quorum queues hand messages to
// consumers round-robin, skipping those at their prefetch limit; manual ack, nack/reject with
// and without requeue, the redelivered flag, channel closure requeueing unacked messages;
// dead-letter exchanges with x-death, the quorum delivery limit with x-delivery-count,
// per-queue and per-message TTL expiring at the head only, max length with overflow, the
// mandatory flag, single active consumer. Decisions are recorded with explanations.

import type { Broker, BrokerHost, ConsumerSpec, Message, Settlement } from '../types';
import type { EntitySpec } from '../../scenario/types';
import type { Json } from '../../scenario/json';
import { Deque } from '../deque';
import { Alarm } from '../shared/alarm';
import type { Obj } from '../shared/options';
import { bindingsOf, consumerOptions, queueOptions, type ExchangeType } from './options';
import { headersMatch, topicMatches } from './topic-match';
import { recordDeath } from './dead-letter';
import type { Consumer, Exchange, Queue, RMessage, Unacked } from './state';

const DEFAULT_EXCHANGE = '';

export class RabbitMqBroker implements Broker {
  readonly kind = 'rabbitmq' as const;
  private exchanges = new Map<string, Exchange>();
  private queues = new Map<string, Queue>();
  private unacked = new Map<string, Unacked>();
  private consumers = new Map<string, Consumer>();

  constructor(specs: EntitySpec[], private readonly host: BrokerHost) {
    for (const spec of specs) {
      if (spec.type === 'exchange') {
        const alt = (spec as Obj).alternateExchange;
        this.exchanges.set(spec.name, { name: spec.name, type: (spec.exchangeType as ExchangeType) ?? 'direct', alternate: typeof alt === 'string' ? alt : null, bindings: [] });
      } else if (spec.type === 'queue') {
        const queue: Queue = {
          name: spec.name, opts: queueOptions(spec as Obj), ready: new Deque(), positionNext: 0, consumers: [], roundRobin: 0, active: null,
          ttlAlarm: undefined as unknown as Alarm, pumpScheduled: false,
        };
        queue.ttlAlarm = new Alarm(host, () => this.expireHead(queue));
        this.queues.set(spec.name, queue);
      }
    }
    for (const spec of specs) {
      for (const b of bindingsOf(spec as Obj)) {
        this.exchanges.get(b.exchange)?.bindings.push({ destination: spec.name, toExchange: spec.type === 'exchange', key: b.key ?? '', args: b.arguments ?? {} });
      }
    }
  }

  entityNames(): string[] {
    return [...this.exchanges.keys(), ...this.queues.keys()];
  }

  // ── routing ────────────────────────────────────────────────────────────────────────────

  /** A queue name as destination means the default exchange with routing key = queue name (ref §2.1). */
  publish(message: Message, destination: string): void {
    const routingKey = message.routingKey ?? (this.queues.has(destination) ? destination : message.type);
    const exchange = this.queues.has(destination) ? DEFAULT_EXCHANGE : destination;
    const { queues, why } = this.route(exchange, routingKey, message.headers);
    const refs = { messageId: message.id, correlationId: message.correlationId };
    if (queues.length === 0) {
      const mandatory = message.headers.mandatory === true;
      this.host.record({
        kind: 'message.unroutable', actor: exchange || 'amq.default', ...refs, data: { destination },
        text: `${why}; ${mandatory ? 'mandatory=true: returned to the publisher (basic.return)' : 'mandatory=false: silently dropped'}`,
      });
      return;
    }
    if (exchange !== DEFAULT_EXCHANGE) {
      this.host.record({ kind: 'message.routed', actor: exchange, ...refs, data: { entity: exchange, copies: queues.length }, text: why });
    }
    const expiration = typeof message.headers.expiration === 'string' || typeof message.headers.expiration === 'number' ? Number(message.headers.expiration) : null;
    for (const q of queues) this.enqueue(q, { message, exchange, routingKey, position: 0, redelivered: false, returns: 0, expiresAt: null, expiration, deaths: [], state: 'ready' });
  }

  /** The queues an exchange routes to: each matching queue once, however many bindings match (ref §2.1). */
  route(exchangeName: string, routingKey: string, headers: Record<string, Json>): { queues: Queue[]; why: string } {
    if (exchangeName === DEFAULT_EXCHANGE) {
      const q = this.queues.get(routingKey);
      return { queues: q ? [q] : [], why: q ? `default exchange: routing key "${routingKey}" is the queue's name` : `default exchange: no queue named "${routingKey}"` };
    }
    const found = new Map<string, { queue: Queue; keys: string[] }>();
    const seen = new Set<string>();
    const walk = (name: string): boolean => {
      if (seen.has(name)) return false;
      seen.add(name);
      const ex = this.exchanges.get(name);
      if (!ex) return false;
      let any = false;
      for (const b of ex.bindings) {
        if (!bindingMatches(ex.type, b.key, b.args, routingKey, headers)) continue;
        if (b.toExchange) any = walk(b.destination) || any;
        else {
          const q = this.queues.get(b.destination)!;
          const entry = found.get(q.name) ?? { queue: q, keys: [] };
          entry.keys.push(ex.type === 'headers' ? JSON.stringify(b.args) : ex.type === 'fanout' ? '(fanout)' : `"${b.key}"`);
          found.set(q.name, entry);
          any = true;
        }
      }
      if (!any && ex.alternate) return walk(ex.alternate);
      return any;
    };
    walk(exchangeName);
    const ex = this.exchanges.get(exchangeName)!;
    if (found.size === 0) return { queues: [], why: `${ex.type} exchange ${exchangeName}: no binding matches routing key "${routingKey}"${ex.alternate ? ` (nor on alternate exchange ${ex.alternate})` : ''}` };
    const parts = [...found.values()].map((f) => `${f.queue.name} (binding ${f.keys.join(', ')}${f.keys.length > 1 ? ': one copy however many bindings match' : ''})`);
    return { queues: [...found.values()].map((f) => f.queue), why: `${ex.type} exchange ${exchangeName} routes "${routingKey}" to ${parts.join(', ')}` };
  }

  private enqueue(queue: Queue, msg: RMessage): void {
    const now = this.host.now();
    const refs = { messageId: msg.message.id, correlationId: msg.message.correlationId };
    const { maxLength, overflow } = queue.opts;
    if (maxLength !== null && queue.ready.length >= maxLength) {
      if (overflow === 'drop-head') {
        const head = queue.ready.shift()!;
        head.state = 'gone';
        this.deadLetter(queue, head, 'maxlen', `x-max-length ${maxLength} reached: overflow drop-head removes the oldest`);
      } else {
        if (overflow === 'reject-publish-dlx') this.deadLetter(queue, msg, 'maxlen', `x-max-length ${maxLength} reached: reject-publish-dlx refuses it and dead-letters it`);
        else this.host.record({ kind: 'message.dropped', actor: queue.name, ...refs, data: { entity: queue.name, reason: `x-max-length ${maxLength}, overflow reject-publish` }, text: `refused: ${queue.name} is full (x-max-length ${maxLength}, reject-publish); with publisher confirms the publisher gets basic.nack, without them it never knows` });
        return;
      }
    }
    const ttls = [queue.opts.messageTtl, msg.expiration].filter((x): x is number => x !== null && x >= 0);
    msg.expiresAt = ttls.length ? now + Math.min(...ttls) : null;
    msg.position = queue.positionNext++;
    msg.state = 'ready';
    const props: Record<string, Json> = { exchange: msg.exchange, routingKey: msg.routingKey };
    if (msg.deaths.length) props['x-death'] = msg.deaths;
    this.host.record({ kind: 'message.enqueued', actor: queue.name, ...refs, data: { entity: queue.name, props }, text: msg.deaths.length ? `dead-lettered copy arrives (x-death: ${msg.deaths.map((d) => `${d.reason} from ${d.queue} ×${d.count}`).join(', ')})` : undefined });
    queue.ready.push(msg);
    if (queue.ready.length === 1 && msg.expiresAt !== null) queue.ttlAlarm.request(msg.expiresAt);
    this.schedulePump(queue);
  }

  // ── consuming ──────────────────────────────────────────────────────────────────────────

  addConsumer(spec: ConsumerSpec): void {
    const queue = this.queues.get(spec.entity)!;
    const consumer: Consumer = { spec, opts: consumerOptions(spec.options), queue, up: true, incarnation: 0, unacked: new Set(), running: 0, buffer: new Deque(), tagNext: 1 };
    queue.consumers.push(consumer);
    this.consumers.set(spec.id, consumer);
    this.chooseActive(queue);
    this.schedulePump(queue);
  }

  /** Single active consumer: the first registered live consumer gets everything; failover is automatic (ref §2.9). */
  private chooseActive(queue: Queue): void {
    if (!queue.opts.singleActiveConsumer) return;
    const next = queue.consumers.find((c) => c.up) ?? null;
    if (next === queue.active) return;
    queue.active = next;
    if (next) this.host.record({ kind: 'consumer.activated', actor: queue.name, data: { entity: queue.name, consumer: next.spec.service }, text: `single active consumer: ${next.spec.service} now gets every message of ${queue.name}; the others stand by` });
  }

  private schedulePump(queue: Queue): void {
    if (queue.pumpScheduled || queue.consumers.length === 0) return;
    queue.pumpScheduled = true;
    this.host.at(this.host.now(), () => {
      queue.pumpScheduled = false;
      this.pump(queue);
    });
  }

  private hasRoom(c: Consumer): boolean {
    return c.up && (c.opts.autoAck || c.opts.prefetch === 0 || c.unacked.size < c.opts.prefetch);
  }

  /** Round-robin among consumers with prefetch headroom (ref §2.4, sim note §2). */
  private pump(queue: Queue): void {
    const consumers = queue.opts.singleActiveConsumer ? (queue.active ? [queue.active] : []) : queue.consumers;
    if (consumers.length === 0) return;
    while (queue.ready.length > 0) {
      if (this.expireHeads(queue)) continue;
      let chosen: Consumer | null = null;
      const skipped: string[] = [];
      for (let k = 0; k < consumers.length; k++) {
        const c = consumers[(queue.roundRobin + k) % consumers.length];
        if (this.hasRoom(c)) {
          chosen = c;
          queue.roundRobin = (queue.roundRobin + k + 1) % consumers.length;
          break;
        }
        if (c.up) skipped.push(`${c.spec.service}: prefetch ${c.opts.prefetch} reached`);
      }
      if (!chosen) return;
      this.deliver(queue, chosen, queue.ready.shift()!, skipped);
    }
    const head = queue.ready.peek();
    if (head && head.expiresAt !== null) queue.ttlAlarm.request(head.expiresAt);
  }

  private deliver(queue: Queue, c: Consumer, msg: RMessage, skipped: string[]): void {
    msg.state = 'unacked';
    const props: Record<string, Json> = { redelivered: msg.redelivered, deliveryTag: c.tagNext++, exchange: msg.exchange, routingKey: msg.routingKey };
    if (queue.opts.type === 'quorum' && msg.returns > 0) props['x-delivery-count'] = msg.returns;
    if (msg.deaths.length) {
      props['x-death'] = msg.deaths;
      const first = msg.deaths[msg.deaths.length - 1];
      props['x-first-death-queue'] = first.queue;
      props['x-first-death-reason'] = first.reason;
    }
    const delivery = { id: this.host.nextId('d'), message: msg.message, entity: queue.name, consumerId: c.spec.id, props };
    const u: Unacked = { delivery, msg, consumer: c, incarnation: c.incarnation, started: false, released: false, done: false };
    const refs = { messageId: msg.message.id, correlationId: msg.message.correlationId, deliveryId: delivery.id };
    const notes: string[] = [];
    if (msg.redelivered) notes.push('redelivered=true');
    if (skipped.length) notes.push(`not delivered to ${skipped.join(', ')}`);
    this.host.record({ kind: 'message.delivered', actor: queue.name, ...refs, data: { entity: queue.name, consumer: c.spec.service, props }, text: notes.length ? `to ${c.spec.service} (${notes.join('; ')})` : undefined });
    if (c.opts.autoAck) {
      msg.state = 'gone';
      u.done = true;
      this.host.record({ kind: 'message.acked', actor: queue.name, ...refs, data: { entity: queue.name, consumer: c.spec.service }, text: 'automatic ack: acknowledged as it was written to the socket; if the consumer fails now, the message is lost' });
    } else c.unacked.add(u);
    this.unacked.set(delivery.id, u);
    if (c.running < c.spec.concurrency && c.buffer.length === 0) this.start(u);
    else c.buffer.push(u);
  }

  private start(u: Unacked): void {
    u.started = true;
    u.consumer.running++;
    this.host.deliver(u.delivery);
  }

  /** AMQP 0-9-1 settles with basic.ack, basic.nack and basic.reject only (ref §2.3). */
  settlementError(settlement: Settlement): string | undefined {
    if (settlement.outcome === 'abandon') return 'abandon is Service Bus\'s; RabbitMQ returns a message with basic.nack: use ctx.nack({ requeue: true }) (ref §2.3)';
    if (settlement.outcome === 'defer') return 'RabbitMQ has no deferral: a message is acked (ctx.complete()), requeued (ctx.nack({ requeue: true })) or rejected to the dead-letter exchange (ctx.reject()); park it in another queue instead (ref §2.3)';
    return undefined;
  }

  settle(deliveryId: string, settlement: Settlement): void {
    const u = this.unacked.get(deliveryId);
    if (!u) return;
    this.unacked.delete(deliveryId);
    const c = u.consumer;
    const queue = c.queue;
    if (u.started && !u.released && u.incarnation === c.incarnation) {
      u.released = true;
      c.running--;
    }
    const refs = { messageId: u.msg.message.id, correlationId: u.msg.message.correlationId, deliveryId };
    if (u.done) {
      if (c.opts.autoAck && settlement.outcome !== 'complete') {
        this.host.record({ kind: 'message.dropped', actor: queue.name, ...refs, data: { entity: queue.name, reason: 'automatic ack: the handler failed after the broker forgot the message' }, text: 'lost: with automatic acknowledgement the broker deleted it on delivery, so the failure cannot bring it back' });
      } else if (!c.opts.autoAck) {
        this.host.record({ kind: 'message.settle-failed', actor: queue.name, ...refs, data: { entity: queue.name, consumer: c.spec.service, reason: 'unknown delivery tag' }, text: `${settlement.outcome === 'complete' ? 'basic.ack' : 'basic.nack'} refused: the channel that delivered it was closed (PRECONDITION_FAILED - unknown delivery tag); the message was requeued` });
      }
    } else {
      u.done = true;
      c.unacked.delete(u);
      this.applySettlement(queue, c, u, settlement, refs);
    }
    this.drainBuffer(c);
    this.schedulePump(queue);
  }

  private applySettlement(queue: Queue, c: Consumer, u: Unacked, settlement: Settlement, refs: { messageId: string; correlationId: string; deliveryId: string }): void {
    const msg = u.msg;
    if (settlement.outcome === 'complete') {
      msg.state = 'gone';
      this.host.record({ kind: 'message.acked', actor: queue.name, ...refs, data: { entity: queue.name, consumer: c.spec.service } });
      return;
    }
    const requeue = settlement.outcome === 'nack' ? settlement.requeue : settlement.outcome !== 'dead-letter' && (settlement.outcome !== 'fail' || c.opts.requeueOnFailure);
    const method = settlement.outcome === 'nack' ? settlement.method : settlement.outcome === 'dead-letter' ? 'basic.reject' : 'basic.nack';
    if (!requeue) {
      msg.state = 'gone';
      this.host.record({ kind: 'message.abandoned', actor: queue.name, ...refs, data: { entity: queue.name, consumer: c.spec.service, requeued: false }, text: `${method}(requeue=false): not requeued, so it is dead-lettered or discarded` });
      this.deadLetter(queue, msg, 'rejected', settlement.outcome === 'dead-letter' ? settlement.reason : undefined);
      return;
    }
    this.host.record({ kind: 'message.abandoned', actor: queue.name, ...refs, data: { entity: queue.name, consumer: c.spec.service, requeued: true }, text: `${method}(requeue=true): back at its original position; the next delivery has redelivered=true` });
    this.requeue(queue, [msg]);
  }

  /** Requeued messages go back to their original positions, near the head (ref §2.3); quorum queues count returns (ref §2.6). */
  private requeue(queue: Queue, msgs: RMessage[]): void {
    const back: RMessage[] = [];
    for (const msg of msgs) {
      msg.redelivered = true;
      if (queue.opts.type === 'quorum') msg.returns++;
      const limit = queue.opts.deliveryLimit;
      if (limit !== null && msg.returns > limit) {
        msg.state = 'gone';
        this.deadLetter(queue, msg, 'delivery_limit', `returned ${msg.returns} times > delivery-limit ${limit}`);
      } else back.push(msg);
    }
    back.sort((a, b) => b.position - a.position);
    for (const msg of back) {
      msg.state = 'ready';
      queue.ready.unshift(msg);
    }
    if (back.length) this.schedulePump(queue);
  }

  private drainBuffer(c: Consumer): void {
    while (c.up && c.running < c.spec.concurrency && c.buffer.length > 0) this.start(c.buffer.shift()!);
  }

  // ── dead-lettering and expiry ──────────────────────────────────────────────────────────

  /** To the queue's DLX with an x-death entry, or discarded when there is none (ref §2.5). */
  private deadLetter(queue: Queue, msg: RMessage, reason: 'rejected' | 'expired' | 'maxlen' | 'delivery_limit', detail: string | undefined): void {
    msg.state = 'gone';
    const refs = { messageId: msg.message.id, correlationId: msg.message.correlationId };
    const dlx = queue.opts.deadLetterExchange;
    if (dlx === null || (dlx !== DEFAULT_EXCHANGE && !this.exchanges.has(dlx))) {
      const why = dlx === null ? `${queue.name} has no x-dead-letter-exchange` : `dead-letter exchange ${dlx} does not exist`;
      if (reason === 'expired') this.host.record({ kind: 'message.expired', actor: queue.name, ...refs, data: { entity: queue.name }, text: `expired at the head of ${queue.name} and discarded: ${why}` });
      else this.host.record({ kind: 'message.dropped', actor: queue.name, ...refs, data: { entity: queue.name, reason }, text: `discarded (${reason}${detail ? `: ${detail}` : ''}): ${why}` });
      return;
    }
    const routingKey = queue.opts.deadLetterRoutingKey ?? msg.routingKey;
    const deaths = recordDeath(msg, queue.name, reason, this.host.now());
    this.host.record({
      kind: 'message.dead-lettered', actor: queue.name, ...refs, data: { entity: queue.name, dlq: dlx || 'amq.default', reason, ...(detail ? { description: detail } : {}) },
      text: `dead-lettered (reason ${reason}${detail ? `: ${detail}` : ''}) to exchange ${dlx || '(default)'} with routing key "${routingKey}"`,
    });
    const { queues, why } = this.route(dlx, routingKey, msg.message.headers);
    const rejectedInCycle = deaths.some((d) => d.reason === 'rejected');
    const targets = queues.filter((q) => {
      const cycle = deaths.some((d) => d.queue === q.name) && !rejectedInCycle;
      if (cycle) this.host.record({ kind: 'message.dropped', actor: q.name, ...refs, data: { entity: q.name, reason: 'dead-letter cycle' }, text: `dropped: it would return to ${q.name} in a dead-letter cycle with no rejection (only expiries), which RabbitMQ breaks` });
      return !cycle;
    });
    if (queues.length === 0) this.host.record({ kind: 'message.unroutable', actor: dlx || 'amq.default', ...refs, data: { destination: dlx }, text: `the dead-letter exchange routed it nowhere (${why}): dropped` });
    for (const q of targets) this.enqueue(q, { ...msg, exchange: dlx, routingKey, redelivered: false, returns: 0, expiration: null, deaths, state: 'ready' });
  }

  /** Expires messages at the head of the queue: TTL only takes effect there (ref §2.7). */
  private expireHeads(queue: Queue): boolean {
    const now = this.host.now();
    let any = false;
    while (queue.ready.length > 0) {
      const head = queue.ready.peek()!;
      if (head.expiresAt === null || head.expiresAt > now) break;
      queue.ready.shift();
      this.deadLetter(queue, head, 'expired', `TTL passed at ${head.expiresAt}`);
      any = true;
    }
    return any;
  }

  private expireHead(queue: Queue): void {
    this.expireHeads(queue);
    const head = queue.ready.peek();
    if (head?.expiresAt != null) queue.ttlAlarm.request(head.expiresAt);
    this.schedulePump(queue);
  }

  // ── consumers coming and going ─────────────────────────────────────────────────────────

  /** The channel closed: every unacked message is requeued and will come back with redelivered=true (ref §2.3). */
  consumerDown(consumerId: string): void {
    const c = this.consumers.get(consumerId);
    if (!c || !c.up) return;
    c.up = false;
    c.running = 0;
    c.buffer = new Deque();
    const msgs: RMessage[] = [];
    for (const u of c.unacked) {
      u.done = true;
      msgs.push(u.msg);
      this.host.record({
        kind: 'message.abandoned', actor: c.queue.name, messageId: u.msg.message.id, correlationId: u.msg.message.correlationId, deliveryId: u.delivery.id,
        data: { entity: c.queue.name, consumer: c.spec.service, requeued: true }, text: `${c.spec.service}'s channel closed with the message unacked: requeued automatically`,
      });
    }
    c.unacked.clear();
    this.requeue(c.queue, msgs);
    this.chooseActive(c.queue);
    this.schedulePump(c.queue);
  }

  consumerUp(consumerId: string): void {
    const c = this.consumers.get(consumerId);
    if (!c || c.up) return;
    c.up = true;
    c.incarnation++;
    this.chooseActive(c.queue);
    this.schedulePump(c.queue);
  }
}

function bindingMatches(type: ExchangeType, key: string, args: Record<string, Json>, routingKey: string, headers: Record<string, Json>): boolean {
  switch (type) {
    case 'fanout': return true;
    case 'direct': return key === routingKey;
    case 'topic': return topicMatches(key, routingKey);
    case 'headers': return headersMatch(args, headers);
  }
}
