// dlq-accounted: every dead-lettered message is accounted for — expected by the scenario
// (`{ expected: [{ messageType?, reason?, where? }] }`: the poison message a lesson plants;
// `where` narrows it to messages whose body has these field values, e.g. the one malformed
// order), or redriven and then processed. Anything else in a dead-letter queue at the end is
// `unaccounted-dlq` — a message that needs a human — explained by its path there (failures,
// expiries, the reason given).
// `poison: [{ messageType?, where?, reason? }]` names the messages that cannot succeed: each
// must be dead-lettered, with a reason (the given one, if any). Acking one instead is
// `swallowed-poison` — a swallowed poison message is lost without a trace anyone can act on —
// and a poison rule that no message matched fails too (nothing showed how poison is handled).
// Poison is a state of the world, not of the message: a message that arrives after the fix (a
// crash held it under its lock until the address was entered) can succeed, and a delivery that
// committed its work before its ack did not swallow anything. `retriesMax` bounds the failed
// attempts before the dead letter: 0 means the handler recognised the poison at once.

import type { Check, CheckError } from './types';
import type { Json } from '../scenario/json';
import type { TraceEvent } from '../trace/types';
import { eachOf, eventsOf } from './trace-source';
import { chain, formatTicks, indexTrace, origin, refsOf, typeOf, whyAgain, type TraceIndex } from './why';

interface Poison {
  messageType?: string;
  /** Body fields the poison message has ({ customer: 'cust-3' }). */
  where?: Record<string, Json>;
  /** The dead-letter reason it must carry (default: any non-empty reason). */
  reason?: string;
  /**
   * Failed attempts allowed before it is dead-lettered (default: any). 0: dead-lettered at once —
   * every retry of a message that cannot succeed burns a delivery and a worker for nothing.
   */
  retriesMax?: number;
}

interface Options {
  expected?: { messageType?: string; reason?: string; where?: Record<string, Json> }[];
  poison?: Poison[];
}

const bodyHas = (body: Json | undefined, where: Record<string, Json>) =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && Object.entries(where).every(([k, v]) => JSON.stringify((body as Record<string, Json>)[k]) === JSON.stringify(v));

export const dlqAccounted: Check = {
  name: 'dlq-accounted',
  title: 'Dead letters accounted for',
  description: 'Every dead-lettered message was expected or redriven and then processed.',
  run({ trace, options }) {
    const expected = ((options ?? {}) as Options).expected ?? [];
    const idx = indexTrace(trace);
    const errors: CheckError[] = [];
    for (const e of eachOf(trace, ['message.dead-lettered'])) {
      if (!e.messageId) continue;
      const id = e.messageId;
      const type = typeOf(idx, id);
      const pub = idx.published.get(id);
      const body = pub && 'body' in pub.data ? (pub.data.body as Json) : undefined;
      if (expected.some((x) => (!x.messageType || x.messageType === type) && (!x.reason || x.reason === e.data.reason) && (!x.where || bodyHas(body, x.where)))) continue;
      const later = idx.events(id).filter((x) => x.seq > e.seq);
      const redriven = later.find((x) => x.kind === 'message.redriven');
      const rescued = redriven && later.some((x) => x.kind === 'message.acked' && x.seq > redriven.seq && !later.some((y) => y.kind === 'message.dead-lettered' && y.seq > x.seq));
      if (rescued || later.some((x) => x.kind === 'message.dead-lettered')) continue;
      const from = idx.published.get(id)?.seq ?? -1;
      const links = [...origin(idx, id, 1), ...whyAgain(idx, id, from, e.seq).filter((l) => !l.text.startsWith('redelivered'))];
      errors.push({
        anomaly: 'unaccounted-dlq',
        explanation: chain(links, `dead-lettered to ${e.data.dlq}: ${e.data.reason}${e.data.description ? ` (${e.data.description})` : ''} → neither expected nor redriven: it needs a human`),
        eventRefs: refsOf(links, e.seq),
      });
      void type;
    }
    for (const [i, rule] of (((options ?? {}) as Options).poison ?? []).entries()) errors.push(...poisonErrors(idx, rule, i));
    return errors;
  },
  validate(options) {
    const o = (options ?? {}) as Record<string, unknown>;
    if (o.poison === undefined) return [];
    if (!Array.isArray(o.poison)) return [{ path: 'poison', message: 'must be a list of { messageType?, where?, reason?, retriesMax? }' }];
    const issues: { path: string; message: string }[] = [];
    o.poison.forEach((p: unknown, i) => {
      if (typeof p !== 'object' || p === null || Array.isArray(p)) return issues.push({ path: `poison[${i}]`, message: 'must be { messageType?, where?, reason?, retriesMax? }' });
      const r = p as Record<string, unknown>;
      for (const k of Object.keys(r)) if (!['messageType', 'where', 'reason', 'retriesMax'].includes(k)) issues.push({ path: `poison[${i}].${k}`, message: 'unknown option (known: messageType, where, reason, retriesMax)' });
      if (r.retriesMax !== undefined && !(Number.isInteger(r.retriesMax) && (r.retriesMax as number) >= 0)) issues.push({ path: `poison[${i}].retriesMax`, message: 'must be a whole number ≥ 0' });
      if (r.messageType === undefined && r.where === undefined) issues.push({ path: `poison[${i}]`, message: 'must say which messages are poison: messageType and/or where' });
      if (r.where !== undefined && (typeof r.where !== 'object' || r.where === null || Array.isArray(r.where))) issues.push({ path: `poison[${i}].where`, message: 'must map body fields to values' });
    });
    return issues;
  },
};

const isPoison = (e: TraceEvent, rule: Poison): boolean => {
  if (e.kind !== 'message.published' || e.data.via === 'redrive' || e.data.via === 'redelivery') return false;
  if (rule.messageType && e.data.type !== rule.messageType) return false;
  return !rule.where || bodyHas(e.data.body, rule.where);
};

/** Each poison message must be dead-lettered with a reason; acking it is swallowing it. */
function poisonErrors(idx: TraceIndex, rule: Poison, i: number): CheckError[] {
  const what = `${rule.messageType ?? 'message'}${rule.where ? ` with ${Object.entries(rule.where).map(([f, v]) => `${f} ${JSON.stringify(v)}`).join(', ')}` : ''}`;
  const poison = eventsOf(idx.trace, ['message.published']).filter((e) => isPoison(e, rule));
  if (poison.length === 0) return [{ anomaly: 'poison-never-sent', explanation: `poison[${i}]: no ${what} was ever published, so nothing showed how a poison message is handled`, eventRefs: [] }];
  const errors: CheckError[] = [];
  for (const p of poison) {
    const id = p.messageId!;
    const events = idx.events(id);
    const dead = events.find((e) => e.kind === 'message.dead-lettered' && e.data.reason.trim() !== '' && (!rule.reason || e.data.reason === rule.reason));
    if (dead) {
      // A failure a fault injected (the handler never ran its own code) is not the handler retrying.
      const injected = new Set(events.filter((e) => e.kind === 'fault.injected' && e.deliveryId).map((e) => e.deliveryId));
      const failures = events.filter((e) => e.kind === 'handler.failed' && e.seq < dead.seq && !injected.has(e.deliveryId));
      if (rule.retriesMax !== undefined && failures.length > rule.retriesMax) {
        errors.push({
          anomaly: 'poison-retried',
          explanation: `${typeOf(idx, id)} ${id} (${what}) cannot succeed, yet it failed ${failures.length} time(s) before it was dead-lettered at ${formatTicks(dead.tick)}${rule.retriesMax > 0 ? ` (at most ${rule.retriesMax} allowed)` : ''}: each retry burns a delivery and a worker, and no retry can fix it → recognise it and dead-letter it on the first attempt`,
          eventRefs: [p.seq, ...failures.map((f) => f.seq), dead.seq],
        });
      }
      continue;
    }
    const wrongReason = events.find((e) => e.kind === 'message.dead-lettered');
    // An ack of a delivery that committed its work is a success (the data was fixed meanwhile) —
    // work its acked attempt did: a commit after the delivery's last failed attempt. A mark
    // committed by an attempt that then failed ("delivered", written before the call) and a
    // retry that skips on seeing it is the poison swallowed, not its work done.
    const worked = (ack: TraceEvent) => {
      if (ack.deliveryId === undefined) return false;
      const mine = events.filter((e) => e.deliveryId === ack.deliveryId && e.seq < ack.seq);
      const lastFailed = mine.reduce((at, e) => (e.kind === 'handler.failed' ? e.seq : at), -1);
      return mine.some((e) => e.kind === 'db.committed' && e.seq > lastFailed && e.data.writes.length > 0);
    };
    // Only acks before its first dead-lettering count: a parking consumer reading the dead-letter queue (RabbitMQ's DLX queue) does not undo it.
    const acks = events.filter((e) => e.kind === 'message.acked' && (!wrongReason || e.seq < wrongReason.seq));
    if (acks.length > 0 && acks.every(worked)) continue;
    const acked = acks.find((e) => !worked(e));
    const name = `${typeOf(idx, id)} ${id} (${what})`;
    if (wrongReason && wrongReason.kind === 'message.dead-lettered') {
      errors.push({ anomaly: 'poison-wrong-reason', explanation: `${name} is poison and was dead-lettered at ${formatTicks(wrongReason.tick)}, but ${rule.reason === undefined ? 'with an empty reason' : `with reason "${wrongReason.data.reason}", not "${rule.reason}"`}: an operator reads the reason to know what to fix`, eventRefs: [p.seq, wrongReason.seq] });
    } else if (acked && acked.kind === 'message.acked') {
      errors.push({ anomaly: 'swallowed-poison', explanation: `${name} is poison, and ${acked.data.consumer} acked it at ${formatTicks(acked.tick)} without doing its work: a swallowed poison message is lost, and nobody learns what to fix → dead-letter it with a reason (ctx.deadLetter)`, eventRefs: [p.seq, acked.seq] });
    } else {
      errors.push({ anomaly: 'poison-not-dead-lettered', explanation: `${name} is poison, but it never reached a dead-letter queue${rule.reason ? ` with reason "${rule.reason}"` : ''}`, eventRefs: [p.seq] });
    }
  }
  return errors;
}

