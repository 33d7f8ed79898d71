// no-loss: every message a broker accepted ends processed (acked) or dead-lettered. A copy
// that was dropped or expired without a dead-letter queue is `lost`; a message nobody could
// route is `unroutable`; one still waiting in the broker when the run ended is `unprocessed`.
// RabbitMQ has no dead-letter queue of its own: a dead-letter exchange routes to ordinary
// queues, and a copy that arrived there by dead-lettering (it carries `x-death`) and waits
// is dead-lettered, not unprocessed. A record Kafka's log compaction removed before a group read
// it (a newer record of its key replaces it) is not a loss either.
// A message processed is not yet a business outcome: with `effects: [{ type, external, field }]`
// every message of that type (not dead-lettered) must also have reached the outside world — an
// `applied` call of the external whose key is the message body's `field` (or whose body matches
// the message's: `match: { userId: 'userId', seq: 'seq' }`, once per value of `each: { field,
// values }`: a push and an e-mail for every event; with `by: 'Service/Handler'` only calls that
// handler made count, so a shortcut that calls the external from an earlier step, skipping the
// pipeline the lesson is about, is no effect of the message; with `after: 'Service.operation'`
// only a call made after that call completed in the same delivery counts — a notification sent
// without the render that failed is not the notification; with `rendered: { field, template }`
// the call's `field` must be the template filled in from the call's own body fields — the answer
// a deterministic service such as Templates.Render gives for it — so a handler that renders and
// then sends a text of its own has not sent the rendered notification; with `receiptOf: { field,
// external }` the call's `field` must be a receipt that external gave for the same key — a label
// printed with a tracking number the carrier never issued is no label) — so a handler that
// marks a message done and then loses its call in a crash (the redelivery skipped as "seen")
// loses the order, however cleanly the broker was acked.

import type { Check, CheckError } from './types';
import type { TraceEvent } from '../trace/types';
import { eachOf, eventsWith } from './trace-source';
import type { Json } from '../scenario/json';
import { formatTicks } from './why';

interface CopyState {
  open: number;
  /** Arrived by dead-lettering (RabbitMQ x-death): waiting there is not a loss. */
  parked: boolean;
  firstRef: number;
  refs: number[];
}

interface EffectRule {
  type: string;
  external: string;
  /** The body field that is the external call's key (its keyField)… */
  field?: string;
  /** …or external body field → message body field: the call that is this message's effect. */
  match?: Record<string, string>;
  /** One call per value of this external body field (a push and an e-mail). */
  each?: { field: string; values: Json[] };
  /** Only calls this handler ('Service/Handler') made are this message's effect. */
  by?: string;
  /** Only a call made after a completed call of this 'Service.operation', in the same delivery, counts. */
  after?: string;
  /** The call's `field` must be `template` ('{channel} #{seq}') filled in from the call's own body fields. */
  rendered?: { field: string; template: string };
  /** The call's `field` must be a receipt `external` answered for the same key (a booking's tracking number). */
  receiptOf?: { field: string; external: string };
  describe?: string;
}

/** `template` with each `{name}` replaced by the body's field `name` (as the rendering service does). */
export function fillTemplate(template: string, body: unknown): string {
  const o = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(o[name]));
}

/** Why a call's rendered field is not what the template gives for it, or undefined when it is. */
function notRendered(rule: EffectRule, body: Json): string | undefined {
  if (!rule.rendered) return undefined;
  const { field, template } = rule.rendered;
  const sent = body && typeof body === 'object' && !Array.isArray(body) ? body[field] : undefined;
  const wanted = fillTemplate(template, body);
  if (sent === wanted) return undefined;
  const from = rule.after ?? 'the template';
  return `with ${field} ${JSON.stringify(sent ?? null)}, not ${JSON.stringify(wanted)} that ${from} gives for it: the rendered answer was not what was sent`;
}

const effectRules = (options: unknown): EffectRule[] => {
  const effects = (options as { effects?: unknown } | null)?.effects;
  return Array.isArray(effects) ? (effects as EffectRule[]) : [];
};

export const noLoss: Check = {
  name: 'no-loss',
  title: 'No message lost',
  description: 'Every accepted message ends processed or dead-lettered (and, with effects, reached the external system it is for).',
  validate(options, scenario) {
    const effects = (options as { effects?: unknown } | null)?.effects;
    if (effects === undefined) return [];
    if (!Array.isArray(effects)) return [{ path: 'effects', message: 'must be a list of { type, external, field }' }];
    const issues: { path: string; message: string }[] = [];
    effects.forEach((r: Partial<EffectRule> | null, i) => {
      if (typeof r?.type !== 'string' || !scenario.messages.some((m) => m.type === r.type)) issues.push({ path: `effects[${i}].type`, message: `no message type ${JSON.stringify(r?.type)} in the catalog` });
      if (typeof r?.external !== 'string' || !(scenario.externals ?? []).some((x) => x.name === r.external)) issues.push({ path: `effects[${i}].external`, message: `no external named ${JSON.stringify(r?.external)}` });
      if (typeof r?.field !== 'string' && (typeof r?.match !== 'object' || r.match === null || Object.keys(r.match).length === 0)) issues.push({ path: `effects[${i}]`, message: 'needs field (the body field that is the call\'s key) or match ({ callField: messageField })' });
      if (r?.by !== undefined && (typeof r.by !== 'string' || !scenario.services.some((svc) => svc.handlers.some((h) => `${svc.name}/${h.name}` === r.by)))) issues.push({ path: `effects[${i}].by`, message: `no handler ${JSON.stringify(r?.by)} (write 'Service/Handler')` });
      if (r?.after !== undefined && (typeof r.after !== 'string' || !scenario.services.some((svc) => r.after!.startsWith(`${svc.name}.`) && r.after!.length > svc.name.length + 1))) issues.push({ path: `effects[${i}].after`, message: `no service in ${JSON.stringify(r?.after)} (write 'Service.operation')` });
      if (r?.rendered !== undefined && (typeof r.rendered?.field !== 'string' || typeof r.rendered.template !== 'string' || !/\{\w+\}/.test(r.rendered.template))) issues.push({ path: `effects[${i}].rendered`, message: "must be { field, template } with at least one {name} in the template" });
      if (r?.receiptOf !== undefined && (typeof r.receiptOf?.field !== 'string' || typeof r.receiptOf.external !== 'string' || !(scenario.externals ?? []).some((x) => x.name === r.receiptOf!.external))) issues.push({ path: `effects[${i}].receiptOf`, message: 'must be { field, external: <an external of the scenario> }' });
      if (r?.each !== undefined && (typeof r.each?.field !== 'string' || !Array.isArray(r.each.values) || r.each.values.length === 0 || !r.match)) issues.push({ path: `effects[${i}].each`, message: 'must be { field, values: [...] }, with match' });
    });
    return issues;
  },
  run({ trace, options }) {
    const errors: CheckError[] = [...lostEffects(trace, effectRules(options))];
    const copies = new Map<string, CopyState>();
    const key = (entity: string, id: string) => `${entity}\u0000${id}`;
    for (const e of eachOf(trace, SETTLING)) {
      if (!e.messageId) continue;
      switch (e.kind) {
        case 'message.enqueued': {
          const k = key(e.data.entity, e.messageId);
          const c = copies.get(k) ?? { open: 0, parked: false, firstRef: e.seq, refs: [] };
          c.open++;
          if (e.data.props?.['x-death'] !== undefined) c.parked = true;
          c.refs.push(e.seq);
          copies.set(k, c);
          break;
        }
        case 'message.acked':
        case 'message.dead-lettered':
        // Kafka log compaction removed a record its group had not read: by design a compacted
        // topic keeps only the latest record per key, and the group reads that one instead.
        case 'message.compacted':
          settle(copies.get(key(e.data.entity, e.messageId)), e);
          break;
        case 'message.dropped':
        case 'message.expired': {
          const c = copies.get(key(e.data.entity, e.messageId));
          settle(c, e);
          errors.push({
            anomaly: 'lost',
            explanation: `${e.messageId} vanished from ${e.data.entity} at tick ${e.tick} (${e.kind === 'message.expired' ? 'expired' : e.data.reason}) without being processed or dead-lettered`,
            eventRefs: c ? [...c.refs] : [e.seq],
          });
          break;
        }
        case 'message.unroutable':
          errors.push({
            anomaly: 'unroutable',
            explanation: `${e.messageId} was published to ${e.data.destination} at tick ${e.tick}, but no queue received it`,
            eventRefs: [...publishRefs(trace, e.messageId), e.seq],
          });
          break;
      }
    }
    for (const [k, c] of copies) {
      if (c.open <= 0 || c.parked) continue;
      const [entity, id] = k.split('\u0000');
      errors.push({
        anomaly: 'unprocessed',
        explanation: `${id} was still in ${entity} when the run ended: accepted, never processed or dead-lettered`,
        eventRefs: c.refs,
      });
    }
    return errors;
  },
};

/** What the copy-keeping loop reads: a copy enqueued, settled or lost. */
const SETTLING = ['message.enqueued', 'message.acked', 'message.dead-lettered', 'message.compacted', 'message.dropped', 'message.expired', 'message.unroutable'] as const;

function settle(c: CopyState | undefined, e: TraceEvent): void {
  if (!c) return;
  c.open = Math.max(0, c.open - 1);
  c.refs.push(e.seq);
}

function publishRefs(trace: readonly TraceEvent[], messageId: string): number[] {
  return eventsWith(trace, 'messageId', messageId).filter((e) => e.kind === 'message.published').map((e) => e.seq);
}

/** A body's fields, as one comparable text. */
const fieldsOf = (body: unknown, names: string[]): string | undefined => {
  const o = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const values = names.map((n) => o?.[n]);
  return values.some((v) => v === undefined || v === null) ? undefined : values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\u0000');
};

/** Why a call's receipt field is not a receipt the rule's external gave for its key, or undefined when it is. */
function notAReceipt(rule: EffectRule, body: Json, key: string, receipts: Map<string, string[]>): string | undefined {
  if (!rule.receiptOf) return undefined;
  const { field, external } = rule.receiptOf;
  const sent = body && typeof body === 'object' && !Array.isArray(body) ? body[field] : undefined;
  const given = receipts.get(`${external}\u0000${key}`) ?? [];
  if (typeof sent === 'string' && given.includes(sent)) return undefined;
  return `with ${field} ${JSON.stringify(sent ?? null)}, which ${external} never gave for ${key}${given.length ? ` (it gave ${given.map((g) => JSON.stringify(g)).filter((g, i, a) => a.indexOf(g) === i).join(', ')})` : ''}: ${external}'s answer was not what was sent`;
}

/** Messages of each rule's type, not dead-lettered, without the applied external call(s) they are for. */
function lostEffects(trace: readonly TraceEvent[], rules: EffectRule[]): CheckError[] {
  if (rules.length === 0) return [];
  const deadLettered = new Set<string>();
  const handled = new Map<string, TraceEvent>();
  const calls: TraceEvent[] = [];
  /** 'Service.operation' → the deliveryId/messageId pairs whose call of it completed, with when. */
  const completedCalls = new Map<string, number>();
  /** 'External\0key' → the receipts that external answered for that key. */
  const receipts = new Map<string, string[]>();
  for (const e of eachOf(trace, ['call.completed', 'external.called', 'message.dead-lettered', 'handler.completed'])) {
    if (e.kind === 'call.completed' && e.causationId) {
      const k = `${e.data.to}.${e.data.operation}\u0000${e.causationId}\u0000${e.deliveryId ?? ''}`;
      if (!completedCalls.has(k)) completedCalls.set(k, e.seq);
    }
    if (e.kind === 'external.called' && e.data.receipt !== undefined) {
      const k = `${e.data.external}\u0000${e.data.key}`;
      const list = receipts.get(k);
      if (list) list.push(e.data.receipt);
      else receipts.set(k, [e.data.receipt]);
    }
    if (e.kind === 'external.called' && e.data.outcome === 'applied') calls.push(e);
    else if (e.kind === 'message.dead-lettered' && e.messageId) deadLettered.add(e.messageId);
    else if (e.kind === 'handler.completed' && e.messageId && !handled.has(e.messageId)) handled.set(e.messageId, e);
  }
  // Per rule, what the external applied: by key (field), or by the matched body fields (+ each's field).
  // A call by another handler than the rule's `by` is kept apart: the explanation names it.
  const elsewhere = rules.map(() => new Map<string, string>());
  const applied = rules.map((rule, i) => {
    const out = new Set<string>();
    const names = rule.match ? [...Object.keys(rule.match), ...(rule.each ? [rule.each.field] : [])] : [];
    for (const c of calls) {
      if (c.kind !== 'external.called' || c.data.external !== rule.external) continue;
      const k = rule.match ? fieldsOf(c.data.body, names) : c.data.key;
      if (k === undefined) continue;
      const from = `${c.data.caller}/${c.data.handler}`;
      const before = rule.after === undefined ? undefined : completedCalls.get(`${rule.after}\u0000${c.messageId ?? ''}\u0000${c.deliveryId ?? ''}`);
      if (rule.by !== undefined && from !== rule.by) elsewhere[i]!.set(k, `from ${from}, not from ${rule.by}: the call skipped the step whose job it is`);
      else if (rule.after !== undefined && (before === undefined || before > c.seq)) elsewhere[i]!.set(k, `from ${from} without a completed ${rule.after} before it in that delivery: the step it depends on was skipped or its failure swallowed`);
      else {
        const wrongText = notRendered(rule, c.data.body) ?? notAReceipt(rule, c.data.body, c.data.key, receipts);
        if (wrongText !== undefined) elsewhere[i]!.set(k, `from ${from} ${wrongText}`);
        else out.add(k);
      }
    }
    return out;
  });
  const errors: CheckError[] = [];
  const seen = new Set<string>();
  for (const e of eachOf(trace, ['message.published'])) {
    const id = e.messageId;
    if (e.kind !== 'message.published' || !id || seen.has(id) || deadLettered.has(id)) continue;
    seen.add(id);
    rules.forEach((rule, i) => {
      if (rule.type !== e.data.type) return;
      const own = rule.match ? fieldsOf(e.data.body, Object.values(rule.match)) : fieldsOf(e.data.body, [rule.field ?? '']);
      if (own === undefined) return;
      const wanted = rule.each ? rule.each.values.map((v) => ({ k: `${own}\u0000${typeof v === 'string' ? v : JSON.stringify(v)}`, what: `${rule.each!.field} ${String(v)}` })) : [{ k: own, what: '' }];
      const missing = wanted.filter((w) => !applied[i]!.has(w.k));
      if (missing.length === 0) return;
      const done = handled.get(id);
      const name = own.split('\u0000').join('/');
      const off = missing.find((m) => elsewhere[i]!.has(m.k));
      if (off !== undefined) {
        const shortcut = elsewhere[i]!.get(off.k)!;
        errors.push({
          anomaly: 'effect-lost',
          explanation: `${name}${off.what ? ` (${off.what})` : ''} reached ${rule.external} ${shortcut}, so it is not ${e.data.type} ${id}'s effect${rule.describe ? ` — ${rule.describe}` : ''}`,
          eventRefs: done ? [e.seq, done.seq] : [e.seq],
        });
        return;
      }
      errors.push({
        anomaly: 'effect-lost',
        explanation: `${name} never reached ${rule.external}${rule.each ? ` (${missing.map((m) => m.what).join(', ')})` : ''}: ${e.data.type} ${id}${done ? ` was handled by ${done.kind === 'handler.completed' ? `${done.data.service}/${done.data.handler}` : done.actor} (completed at ${formatTicks(done.tick)} ms)` : ' was accepted'} and no such call of ${rule.external} was ever applied — a message marked done is not its effect done${rule.describe ? ` — ${rule.describe}` : ''}`,
        eventRefs: done ? [e.seq, done.seq] : [e.seq],
      });
    });
  }
  return errors;
}
