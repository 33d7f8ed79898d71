// Validation of RabbitMQ exchanges, queues, bindings and consumer options: every problem is an
// issue with a path and a reason (a binding to a missing exchange, a negative TTL, an overflow
// mode the queue type does not support…), never an exception.

import type { EntitySpec, Scenario } from '../../scenario/types';
import type { ValidationIssue } from '../../scenario/validate-types';
import { Checker, isObj, type Obj } from '../shared/options';
import { EXCHANGE_TYPES, MAX_PRIORITY_LIMIT, OVERFLOWS, QUEUE_ARGUMENTS } from './options';

export function validateRabbitMq(entities: EntitySpec[], scenario: Scenario, path: (i: number) => string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const exchanges = new Set(entities.filter((e) => e.type === 'exchange').map((e) => e.name));
  const queues = new Set(entities.filter((e) => e.type === 'queue').map((e) => e.name));
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
      if (!queues.has(h.consumes) || h.options === undefined) return;
      if (!isObj(h.options)) return c.add('options', 'must be an object');
      const oc = c.sub('options');
      oc.int(h.options, 'prefetch', 0, 65_535, 'basic.qos prefetch_count; 0 = unlimited');
      oc.bool(h.options, 'autoAck');
      oc.bool(h.options, 'requeueOnFailure');
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
  ac.oneOf(a, 'x-queue-type', ['classic', 'quorum']);
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
