// no-duplicate-effect: a business effect applied more than once for the same business key.
// Effects are observed, never declared by the code under test:
//   - calls an external system received (`external.called`, outcome 'applied'), keyed by the
//     external's keyField — every external of the scenario unless `externals` lists some;
//   - `writes: [{ service, table, keyField }]`: each commit by the service that writes the
//     table, keyed by that field of the message being handled (a stock counter raised twice
//     for one order);
//   - `tables: [{ service, table }]`: creating a row for a key (a reservation, a payment).
// The explanation is the causal chain that made the second application happen (lock expired →
// redelivered → no inbox → applied twice).

import type { Check, CheckError } from './types';
import type { Json } from '../scenario/json';
import type { Scenario } from '../scenario/types';
import type { TraceEvent } from '../trace/types';
import { chain, indexTrace, origin, refsOf, typeOf, whyAgain, formatTicks, type Link, type TraceIndex } from './why';

interface Options {
  externals?: string[];
  writes?: { service: string; table: string; keyField: string }[];
  tables?: { service: string; table: string }[];
}

interface Application {
  event: TraceEvent;
  /** The service whose handler applied it (the caller, for an external). */
  service: string;
  /** What was applied: "PaymentGateway charge", "Inventory wrote stock", "reservations row created". */
  effect: string;
  key: string;
  idempotencyKey?: string;
  external?: string;
}

/** The body of the message a trace event was handled for (its publish or request), if known. */
function handledBody(idx: TraceIndex, messageId: string | undefined): Json | undefined {
  const p = messageId ? idx.published.get(messageId) : undefined;
  return p && (p.kind === 'message.published' || p.kind === 'request.received') ? p.data.body : undefined;
}

export function effectApplications(trace: readonly TraceEvent[], options: Options = {}, scenario?: Pick<Scenario, 'externals'>): Application[] {
  const idx = indexTrace(trace);
  const out: Application[] = [];
  const watched = new Set(options.externals ?? (scenario?.externals ?? []).map((x) => x.name));
  const tables = options.tables ?? [];
  const writes = options.writes ?? [];
  const present = new Set<string>();
  for (const e of trace) {
    if (e.kind === 'external.called') {
      if (e.data.outcome !== 'applied' || !watched.has(e.data.external)) continue;
      out.push({ event: e, service: e.data.caller, effect: `${e.data.external} ${e.data.operation}`, key: e.data.key, external: e.data.external, ...(e.data.idempotencyKey !== undefined ? { idempotencyKey: e.data.idempotencyKey } : {}) });
    } else if (e.kind === 'db.committed') {
      for (const rule of writes) {
        if (rule.service !== e.data.service || !e.data.writes.some((w) => w.table === rule.table)) continue;
        const body = handledBody(idx, e.messageId);
        const value = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, Json>)[rule.keyField] : undefined;
        if (value === undefined) continue;
        out.push({ event: e, service: e.data.service, effect: `${e.data.service} wrote ${rule.table}`, key: typeof value === 'string' ? value : JSON.stringify(value) });
      }
      for (const w of e.data.writes) {
        if (!tables.some((t) => t.service === e.data.service && t.table === w.table)) continue;
        const ref = `${e.data.service}|${w.table}|${w.key}`;
        if (w.value === null) present.delete(ref);
        else if (!present.has(ref)) {
          present.add(ref);
          out.push({ event: e, service: e.data.service, effect: `${w.table} row created`, key: w.key });
        }
      }
    }
  }
  return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const noDuplicateEffect: Check = {
  name: 'no-duplicate-effect',
  title: 'No duplicated effect',
  description: 'No business effect — a call an external system received, a watched write — is applied more than once for the same business key.',
  validate(options, scenario) {
    const o = (options ?? {}) as Record<string, unknown>;
    if (!isObj(o)) return [{ path: '', message: 'must be { externals?, writes?, tables? }' }];
    const issues: { path: string; message: string }[] = [];
    const services = new Set(scenario.services.map((x) => x.name));
    const externals = new Set((scenario.externals ?? []).map((x) => x.name));
    for (const k of Object.keys(o)) if (!['externals', 'writes', 'tables'].includes(k)) issues.push({ path: k, message: 'unknown option (known: externals, writes, tables)' });
    if (o.externals !== undefined) {
      if (!Array.isArray(o.externals)) issues.push({ path: 'externals', message: 'must be a list of external names' });
      else o.externals.forEach((n, i) => {
        if (!externals.has(n as string)) issues.push({ path: `externals[${i}]`, message: `no external named ${JSON.stringify(n)}` });
      });
    }
    for (const f of ['writes', 'tables'] as const) {
      if (o[f] === undefined) continue;
      if (!Array.isArray(o[f])) {
        issues.push({ path: f, message: `must be a list of { service, table${f === 'writes' ? ', keyField' : ''} }` });
        continue;
      }
      (o[f] as unknown[]).forEach((r, i) => {
        if (!isObj(r) || !services.has(r.service as string)) issues.push({ path: `${f}[${i}].service`, message: `no service named ${JSON.stringify(isObj(r) ? r.service : r)}` });
        if (!isObj(r) || typeof r.table !== 'string') issues.push({ path: `${f}[${i}].table`, message: 'must name a table' });
        if (f === 'writes' && (!isObj(r) || typeof r.keyField !== 'string')) issues.push({ path: `${f}[${i}].keyField`, message: 'must name the body field of the handled message that keys the effect (orderId)' });
      });
    }
    const watchesExternals = (Array.isArray(o.externals) ? o.externals.length : externals.size) > 0;
    const watchesWrites = (Array.isArray(o.writes) && o.writes.length > 0) || (Array.isArray(o.tables) && o.tables.length > 0);
    if (issues.length === 0 && !watchesExternals && !watchesWrites) {
      issues.push({ path: '', message: 'watches nothing, so it could never fail: declare the scenario\'s externals (the systems handlers call) or give writes/tables' });
    }
    return issues;
  },
  run({ trace, options, scenario }) {
    const idx = indexTrace(trace);
    const groups = new Map<string, Application[]>();
    for (const a of effectApplications(trace, (options ?? {}) as Options, scenario)) {
      const k = `${a.external ? '' : a.service}|${a.effect}|${a.key}`;
      groups.set(k, [...(groups.get(k) ?? []), a]);
    }
    const errors: CheckError[] = [];
    for (const apps of groups.values()) {
      if (apps.length < 2) continue;
      const [a, b] = apps;
      const times = apps.length === 2 ? 'twice' : `${apps.length} times`;
      const { links, guard: why } = explainSecond(idx, a.event, b.event, b.service);
      const guard = a.external && why.endsWith('inbox did not stop the second copy') ? calledBeforeCommit(a) : why;
      const what = a.external ? `${a.external} received ${a.effect.slice(a.external.length + 1)} ${times} for ${a.key}${keyNote(a, b, scenario)}` : `${a.effect} ${times} for ${a.key}`;
      errors.push({
        anomaly: 'duplicated-effect',
        explanation: chain(links, `${guard} → ${what}`),
        eventRefs: refsOf(links, ...apps.map((x) => x.event.seq)),
      });
    }
    return errors;
  },
};

/** The inbox held, but the call had left before the inbox record committed. */
function calledBeforeCommit(a: Application): string {
  const inside = a.event.kind === 'external.called' && a.event.data.uncommitted ? ', from inside that transaction' : '';
  return `${a.service} called ${a.external} before its inbox record committed${inside}: a crash or rollback undoes the record, not the call`;
}

/** Why an external acted twice although Idempotency-Keys exist: none sent, different ones, or ignored. */
function keyNote(a: Application, b: Application, scenario: Scenario): string {
  const honours = scenario.externals?.find((x) => x.name === a.external)?.honoursIdempotencyKey === true;
  if (a.idempotencyKey === undefined && b.idempotencyKey === undefined) return honours ? ' (no Idempotency-Key was sent, so it could not tell)' : '';
  if (a.idempotencyKey !== b.idempotencyKey) return ` (different Idempotency-Keys: ${a.idempotencyKey ?? 'none'}, ${b.idempotencyKey ?? 'none'})`;
  return honours ? '' : ` (${a.external} does not honour Idempotency-Keys)`;
}

/** The hand-over that led to the event at `seq` (causes, like an injected fault, can precede the attempt). */
function attemptStart(idx: TraceIndex, messageId: string, seq: number): number {
  let start = seq;
  for (const e of idx.events(messageId)) {
    if (e.seq >= seq) break;
    if (e.kind === 'message.delivered' || (e.kind === 'handler.started' && !e.deliveryId)) start = e.seq;
  }
  return start;
}

/** Why a second application happened: the same message handled again, or two messages for one key. */
function explainSecond(idx: TraceIndex, a: TraceEvent, b: TraceEvent, service: string): { links: Link[]; guard: string } {
  const ma = a.messageId;
  const mb = b.messageId;
  if (ma && ma === mb) {
    const inbox = idx.events(ma).some((e) => e.kind === 'inbox.recorded' && e.actor === service);
    return { links: whyAgain(idx, ma, attemptStart(idx, ma, a.seq), b.seq), guard: inbox ? `${service}'s inbox did not stop the second copy` : `no inbox in ${service}` };
  }
  const pa = ma ? idx.published.get(ma) : undefined;
  const pb = mb ? idx.published.get(mb) : undefined;
  if (pa && pb && pa.causationId && pa.causationId === pb.causationId) {
    const parent = pa.causationId;
    const links: Link[] = [
      ...whyAgain(idx, parent, pa.seq, pb.seq),
      { seq: pb.seq, text: `${pb.actor} published ${typeOf(idx, mb)} again as a new message ${mb} (first ${ma}) while handling ${parent} again` },
    ];
    return { links, guard: `${pb.actor} was not idempotent for ${parent}, and ${service} does not deduplicate by business key` };
  }
  const links = [...origin(idx, ma, 1), ...origin(idx, mb, 1)];
  if (links.length === 0) links.push({ seq: b.seq, text: `applied at ${formatTicks(a.tick)} and again at ${formatTicks(b.tick)}` });
  return { links, guard: `two different messages carried the same key and ${service} does not deduplicate by it` };
}
