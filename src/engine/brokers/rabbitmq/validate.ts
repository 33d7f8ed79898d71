// Validation of RabbitMQ exchanges, queues, bindings and consumer options: every problem is an
// issue with a path and a reason (a binding to a missing exchange, a negative TTL, an overflow
// mode the queue type does not support…), never an exception.

import type { EntitySpec, Scenario } from '../../scenario/types';
import type { ValidationIssue } from '../../scenario/validate-types';
import { Checker, isObj, type Obj } from '../shared/options';
import { streamView } from './stream';
import { EXCHANGE_TYPES, MAX_PRIORITY_LIMIT, OVERFLOWS, QUEUE_ARGUMENTS } from './options';

export function validateRabbitMq(entities: EntitySpec[], scenario: Scenario, path: (i: number) => string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const exchanges = new Set(entities.filter((e) => e.type === 'exchange').map((e) => e.name));
  const queues = new Set(entities.filter((e) => e.type === 'queue').map((e) => e.name));
  const streams = streamNames(entities);
  entities.forEach((e, i) => {
    const c = new Checker(issues, path(i));
    const o = e as Obj;
    if (e.type === 'exchange') {
      if (o.exchangeType === undefined) c.add('exchangeType', `an exchange needs a type: ${EXCHANGE_TYPES.join(', ')}`);
      c.oneOf(o, 'exchangeType', EXCHANGE_TYPES);
      if (o.alternateExchange !== undefined && (typeof o.alternateExchange !== 'string' || !exchanges.has(o.alternateExchange))) c.add('alternateExchange', `no exchange named ${JSON.stringify(o.alternateExchange)}`);
    } else if (e.type === 'queue') {
      checkQueueArguments(c, o);
    }
    if (e.type === 'exchange' || e.type === 'queue') {
      if (o.publisherConfirms !== undefined && o.publisherConfirms !== true && o.publisherConfirms !== false) {
        if (!isObj(o.publisherConfirms)) c.add('publisherConfirms', 'true, or { retryMs, attempts, timeoutMs } (how the publisher handles a nack or a missing confirm)');
        else {
          const pc = c.sub('publisherConfirms');
          pc.int(o.publisherConfirms, 'retryMs', 0);
          pc.int(o.publisherConfirms, 'attempts', 1, 100);
          pc.int(o.publisherConfirms, 'timeoutMs', 1);
        }
      }
    } else {
      return c.add('type', `RabbitMQ has "exchange" and "queue" entities (bindings are listed on the bound queue or exchange), not "${e.type}"`);
    }
    checkBindings(c, o, exchanges, e.type === 'exchange' ? e.name : null);
  });
  scenario.services.forEach((svc, i) => {
    if (!isObj(svc) || !Array.isArray(svc.handlers)) return;
    svc.handlers.forEach((h, j) => {
      if (!isObj(h) || typeof h.consumes !== 'string') return;
      const c = new Checker(issues, `services[${i}].handlers[${j}]`);
      if (exchanges.has(h.consumes)) return c.add('consumes', `consumers read queues, not exchanges: bind a queue to ${h.consumes} and consume that`);
      if (streams.has(h.consumes) && h.options === undefined) return c.add('options', 'a stream consumer needs options: { prefetch } (consumption requires a QoS prefetch), and optionally streamOffset');
      if (!queues.has(h.consumes) || h.options === undefined) return;
      if (!isObj(h.options)) return c.add('options', 'must be an object');
      const oc = c.sub('options');
      const stream = streams.has(h.consumes);
      if (stream) checkStreamConsumer(c, h.options);
      else if (h.options.streamOffset !== undefined) c.add('options.streamOffset', `x-stream-offset is for stream consumers; ${h.consumes} is not a stream (x-queue-type: "stream")`);
      oc.int(h.options, 'prefetch', 0, 65_535, 'basic.qos prefetch_count; 0 = unlimited');
      oc.bool(h.options, 'autoAck');
      oc.bool(h.options, 'requeueOnFailure');
      oc.known(h.options, ['prefetch', 'autoAck', 'requeueOnFailure', 'streamOffset']);
    });
  });
  return issues;
}

function checkQueueArguments(c: Checker, o: Obj): void {
  if (o.arguments === undefined) return;
  if (!isObj(o.arguments)) return c.add('arguments', 'must be an object of x-arguments');
  const a = o.arguments;
  const ac = c.sub('arguments');
  for (const k of Object.keys(a)) if (!(QUEUE_ARGUMENTS as readonly string[]).includes(k)) c.add(`arguments.${k}`, `unknown queue argument (known: ${QUEUE_ARGUMENTS.join(', ')})`);
  ac.oneOf(a, 'x-queue-type', ['classic', 'quorum', 'stream']);
  if (a['x-queue-type'] === 'stream') checkStreamArguments(c, a);
  else {
    if (a['x-max-age'] !== undefined) c.add('arguments.x-max-age', 'x-max-age is retention for streams only (x-queue-type: "stream"); a classic or quorum queue uses x-message-ttl');
    ac.int(a, 'x-max-length-bytes', 0, Number.MAX_SAFE_INTEGER, 'the total body bytes of ready messages');
  }
  ac.int(a, 'x-message-ttl', 0, Number.MAX_SAFE_INTEGER, 'a non-negative number of ms');
  ac.int(a, 'x-max-length', 0);
  ac.int(a, 'x-delivery-limit', -1, Number.MAX_SAFE_INTEGER, '-1 = unlimited');
  ac.oneOf(a, 'x-overflow', OVERFLOWS);
  ac.bool(a, 'x-single-active-consumer');
  ac.int(a, 'x-max-priority', 1, MAX_PRIORITY_LIMIT, '1–255; 1–5 recommended');
  ac.int(a, 'x-consumer-timeout', 1, Number.MAX_SAFE_INTEGER, 'ms; checked at one-minute intervals');
  if (a['x-max-priority'] !== undefined && a['x-queue-type'] !== undefined && a['x-queue-type'] !== 'classic') c.add('arguments.x-max-priority', 'x-max-priority is for classic queues; quorum queues (4.0+) always have two priorities (normal 0–4, high 5+)');
  if (a['x-queue-type'] === 'quorum' && a['x-overflow'] === 'reject-publish-dlx') c.add('arguments.x-overflow', 'quorum queues do not support reject-publish-dlx');
  if (a['x-delivery-limit'] !== undefined && a['x-queue-type'] !== 'quorum') c.add('arguments.x-delivery-limit', 'only quorum queues have a delivery limit (set x-queue-type: "quorum")');
  // A DLX that does not exist is accepted, as RabbitMQ accepts it: the broker warns at start
  // (broker.warned) and dead-lettered messages are dropped (dead-letter.ts).
  const dlx = a['x-dead-letter-exchange'];
  if (dlx !== undefined && typeof dlx !== 'string') c.add('arguments.x-dead-letter-exchange', 'must be an exchange name (a string)');
  if (a['x-dead-letter-routing-key'] !== undefined && typeof a['x-dead-letter-routing-key'] !== 'string') c.add('arguments.x-dead-letter-routing-key', 'must be a string');
}

/** Streams have no TTL, length limit, priorities, dead-lettering or delivery limit (RabbitMQ docs "Streams", feature matrix); retention instead. */
function checkStreamArguments(c: Checker, a: Obj): void {
  const no: Record<string, string> = {
    'x-message-ttl': 'streams have no TTL: use x-max-age retention',
    'x-max-length': 'streams have no queue length limit: use x-max-length-bytes retention',
    'x-overflow': 'streams have no overflow behaviour',
    'x-dead-letter-exchange': 'streams do not dead-letter',
    'x-dead-letter-routing-key': 'streams do not dead-letter',
    'x-delivery-limit': 'streams have no poison-message handling (no redelivery at all)',
    'x-max-priority': 'streams have no message priorities',
    'x-single-active-consumer': 'single active consumer on streams needs the stream protocol, not AMQP 0-9-1',
  };
  for (const k of Object.keys(no)) if (a[k] !== undefined) c.add(`arguments.${k}`, no[k]);
  const age = a['x-max-age'];
  if (age !== undefined && !(typeof age === 'number' && Number.isInteger(age) && age > 0) && !(typeof age === 'string' && /^\d+[YMDhms]$/.test(age))) c.add('arguments.x-max-age', 'a duration such as "7D" or "1h" (units Y, M, D, h, m, s), or a number of ms');
  c.sub('arguments').int(a, 'x-max-length-bytes', 1);
}

/** Stream consumers need manual acks and a prefetch; x-stream-offset is first, last, next or an offset (RabbitMQ docs "Streams" § Consuming). */
function checkStreamConsumer(c: Checker, o: Obj): void {
  if (typeof o.prefetch !== 'number' || o.prefetch < 1) c.add('options.prefetch', 'consuming from a stream requires a QoS prefetch (basic.qos) of at least 1');
  if (o.autoAck === true) c.add('options.autoAck', 'stream consumers must use manual acknowledgements (acks give credit back)');
  const off = o.streamOffset;
  if (off !== undefined && off !== 'first' && off !== 'last' && off !== 'next' && !(typeof off === 'number' && Number.isInteger(off) && off >= 0)) c.add('options.streamOffset', 'x-stream-offset: "first", "last", "next" (the default) or an offset ≥ 0');
}

function streamNames(entities: EntitySpec[]): Set<string> {
  return new Set(entities.filter((e) => e.type === 'queue' && isObj((e as Obj).arguments) && ((e as Obj).arguments as Obj)['x-queue-type'] === 'stream').map((e) => e.name));
}

/** Each stream consumer's view of its stream ("events/Analytics"), an entity of its own. */
export function streamViewNames(entities: EntitySpec[], scenario: Scenario): string[] {
  const streams = streamNames(entities);
  const out: string[] = [];
  for (const svc of Array.isArray(scenario.services) ? scenario.services : []) {
    if (!isObj(svc) || !Array.isArray(svc.handlers)) continue;
    for (const h of svc.handlers) if (isObj(h) && typeof h.consumes === 'string' && streams.has(h.consumes)) out.push(streamView(h.consumes, String(svc.name)));
  }
  return [...new Set(out)];
}

function checkBindings(c: Checker, o: Obj, exchanges: Set<string>, self: string | null): void {
  if (o.bindings === undefined) return;
  if (!Array.isArray(o.bindings)) return c.add('bindings', 'must be a list of { exchange, key?, arguments? }');
  o.bindings.forEach((b, k) => {
    const at = `bindings[${k}]`;
    if (!isObj(b) || typeof b.exchange !== 'string') return c.add(`${at}.exchange`, 'a binding names its source exchange');
    if (b.exchange === '') return c.add(`${at}.exchange`, 'the default exchange binds every queue by name already; it cannot be bound explicitly');
    if (!exchanges.has(b.exchange)) return c.add(`${at}.exchange`, `no exchange named "${b.exchange}"`);
    if (b.exchange === self) c.add(`${at}.exchange`, 'an exchange cannot be bound to itself');
    if (b.key !== undefined && (typeof b.key !== 'string' || new TextLength(b.key).bytes > 255)) c.add(`${at}.key`, 'must be a string of at most 255 bytes');
    if (b.arguments !== undefined && !isObj(b.arguments)) c.add(`${at}.arguments`, 'must be an object (headers exchange: { "x-match": "all" | "any", header: value… })');
  });
}

class TextLength {
  constructor(private readonly text: string) {}
  get bytes(): number {
    let n = 0;
    for (const ch of this.text) n += ch.codePointAt(0)! < 0x80 ? 1 : ch.codePointAt(0)! < 0x800 ? 2 : ch.codePointAt(0)! < 0x10000 ? 3 : 4;
    return n;
  }
}
