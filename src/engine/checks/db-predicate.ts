// db-predicate: declarative assertions over the final database state, as plain JSON so that
// lessons can state goals ("every order ends completed or cancelled", "sku-1 has 3 reserved").
//   { rules: [{ service, table, key?, where?, keys?, keyField?,
//               expect: { count?, every?, equals?, sum?, absent?, matchesRequest?, groupsLikeRequest?,
//                         sumOfRequests?, onlyAfter?, recordsEffects? }, describe? }] }
// A condition is a value (equality) or { eq, ne, in, gt, gte, lt, lte, exists }.
// Expectations are exact, so a shortcut cannot pass them: `keys` names the rows that must exist
// — a list, or `{ requested: 'orderId' }`: one row per order the outside world asked for and
// the system took (not refused), with `only: true` no other row besides (no charge for an order
// nobody accepted) — and `every` over no rows fails unless `count` allows none
// ("every stored order is reserved" with nothing stored is not a success); `matchesRequest:
// { total: 'total' }` wants, for every requested key, a row whose field equals that field of the
// request's body — so a value the code hard-codes fails when the seed changes the data
// (`{rand:…}` in the workload); `groupsLikeRequest: { customer: 'email' }` wants rows to share
// a value of `customer` exactly when their requests share an `email` — a key standing in for
// one (a token) must tell the same things apart, so a constant or a per-row value fails;
// `sumOfRequests: { field: 'balance', groupBy: 'account', add: 'amount' }` wants each running
// total to be its initial value plus what the distinct requests that named its row added
// (sum-of-requests.ts), so a balance typed in by hand fails when the seed changes the payments; `onlyAfter: { when: { status: 'paid' }, service: 'Payments',
// table: 'charges' }` wants no commit to put a row in that state before the other service had
// committed the same key — a read model may only report what has happened (an order marked
// paid before its card was charged fails, even if the charge comes later); `recordsEffects:
// { external: 'PaymentGateway', field: 'orderId' }` wants a row (its `field` = the effect's key)
// for every effect that external applied — money taken is money on record, even when the
// gateway's answer was lost (fault reply-lost). Failures say what is
// missing or wrong and why, from the trace: "order-3 (status="placed": Ordering crashed after its
// commit and before its next publish or call went out at 1,200)".

import type { Check, CheckError } from './types';
import type { Json } from '../scenario/json';
import type { TraceEvent } from '../trace/types';
import { eachOf, lastOf } from './trace-source';
import { formatTicks, indexTrace } from './why';
import { requestedBodies, requestedKeys, whyStopped } from './missing';
import { sumOfRequestsIssue, wrongTotals, type SumOfRequests } from './sum-of-requests';

type Cond = Json | { eq?: Json; ne?: Json; in?: Json[]; gt?: number; gte?: number; lt?: number; lte?: number; exists?: boolean };
type Range = number | { min?: number; max?: number };

export interface DbRule {
  service: string;
  table: string;
  key?: string;
  where?: Record<string, Cond>;
  /** Rows that must exist (matching `where`): these keys, or one per requested value of a body field. */
  keys?: string[] | { requested: string; only?: boolean };
  /** The body field whose value is a row's key (orderId), to tell why a row is missing or wrong; default keys.requested. */
  keyField?: string;
  expect?: {
    count?: Range; every?: Record<string, Cond>; equals?: Record<string, Json>; sum?: { field: string } & { equals?: number; min?: number; max?: number }; absent?: boolean;
    /** Row field → request body field: each requested key's row holds what its request said. Needs keyField or keys.requested. */
    matchesRequest?: Record<string, string>;
    /** Row field → request body field: rows share the row field's value exactly when their requests share the body field's. Needs keyField or keys.requested. */
    groupsLikeRequest?: Record<string, string>;
    /** Each row's `field` = its initial value + the `add` of the distinct requests whose `groupBy` names it. Needs keyField. */
    sumOfRequests?: SumOfRequests;
    /** Rows reach the `when` state only after `service`.`table` committed the same key. */
    onlyAfter?: { when: Record<string, Cond>; service: string; table: string };
    /** A row (row[field] = the effect's key) for every effect the external applied. */
    recordsEffects?: { external: string; field: string };
  };
  describe?: string;
}

const OPS = ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'exists'];
const isOps = (c: Cond): c is Exclude<Cond, Json[]> & Record<string, Json> =>
  typeof c === 'object' && c !== null && !Array.isArray(c) && Object.keys(c).length > 0 && Object.keys(c).every((k) => OPS.includes(k));

export function holds(value: Json | undefined, cond: Cond): boolean {
  if (!isOps(cond)) return JSON.stringify(value) === JSON.stringify(cond);
  const c = cond as Record<string, Json>;
  const n = typeof value === 'number' ? value : NaN;
  if ('exists' in c && (value !== undefined) !== c.exists) return false;
  if ('eq' in c && JSON.stringify(value) !== JSON.stringify(c.eq)) return false;
  if ('ne' in c && JSON.stringify(value) === JSON.stringify(c.ne)) return false;
  if ('in' in c && !(c.in as Json[]).some((x) => JSON.stringify(x) === JSON.stringify(value))) return false;
  if ('gt' in c && !(n > (c.gt as number))) return false;
  if ('gte' in c && !(n >= (c.gte as number))) return false;
  if ('lt' in c && !(n < (c.lt as number))) return false;
  if ('lte' in c && !(n <= (c.lte as number))) return false;
  return true;
}

const field = (row: Json, f: string): Json | undefined => (row && typeof row === 'object' && !Array.isArray(row) ? (row as Record<string, Json>)[f] : undefined);
const inRange = (n: number, r: Range) => (typeof r === 'number' ? n === r : (r.min === undefined || n >= r.min) && (r.max === undefined || n <= r.max));
const show = (c: Cond | Range) => (typeof c === 'object' && c !== null ? JSON.stringify(c) : String(c));

export const dbPredicate: Check = {
  name: 'db-predicate',
  title: 'Database state',
  description: 'Declarative assertions over the final database of each service.',
  validate(options, scenario) {
    const o = (options ?? {}) as { rules?: unknown } & Record<string, unknown>;
    const rules = o.rules ?? (o.service ? [o] : undefined);
    if (!Array.isArray(rules) || rules.length === 0) return [{ path: 'rules', message: 'must be a non-empty list of { service, table, expect } rules' }];
    const issues: { path: string; message: string }[] = [];
    rules.forEach((r: Record<string, unknown>, i) => {
      const at = o.rules ? `rules[${i}]` : '';
      const join = (f: string) => (at ? `${at}.${f}` : f);
      if (typeof r?.service !== 'string' || !scenario.services.some((s) => s.name === r.service)) issues.push({ path: join('service'), message: `no service named ${JSON.stringify(r?.service)}` });
      if (typeof r?.table !== 'string') issues.push({ path: join('table'), message: 'must name a table' });
      const keys = r?.keys as unknown;
      if (keys !== undefined && !(Array.isArray(keys) && keys.every((k) => typeof k === 'string')) && !(typeof keys === 'object' && keys !== null && typeof (keys as { requested?: unknown }).requested === 'string' && [undefined, true, false].includes((keys as { only?: unknown }).only as boolean))) {
        issues.push({ path: join('keys'), message: 'must be a list of row keys or { requested: "<body field>", only?: true }' });
      }
      if (r?.keyField !== undefined && typeof r.keyField !== 'string') issues.push({ path: join('keyField'), message: 'must name a body field' });
      const e = r?.expect as Record<string, unknown> | undefined;
      const known = ['count', 'every', 'equals', 'sum', 'absent', 'matchesRequest', 'groupsLikeRequest', 'sumOfRequests', 'onlyAfter', 'recordsEffects'];
      if ((!e || typeof e !== 'object' || !Object.keys(e).some((k) => known.includes(k))) && keys === undefined) issues.push({ path: join('expect'), message: `must say what to expect: one of ${known.join(', ')}` });
      else if (e) for (const k of Object.keys(e)) if (!known.includes(k)) issues.push({ path: join(`expect.${k}`), message: `unknown expectation (known: ${known.join(', ')})` });
      const after = e?.onlyAfter as { when?: unknown; service?: unknown; table?: unknown } | undefined;
      if (after !== undefined) {
        if (typeof after !== 'object' || after === null || typeof after.when !== 'object' || after.when === null || Array.isArray(after.when) || typeof after.table !== 'string') issues.push({ path: join('expect.onlyAfter'), message: 'must be { when: { field: condition }, service, table }' });
        else if (typeof after.service !== 'string' || !scenario.services.some((s) => s.name === after.service)) issues.push({ path: join('expect.onlyAfter.service'), message: `no service named ${JSON.stringify(after.service)}` });
      }
      const fx = e?.recordsEffects as { external?: unknown; field?: unknown } | undefined;
      if (fx !== undefined && (typeof fx !== 'object' || fx === null || typeof fx.field !== 'string' || typeof fx.external !== 'string' || !(scenario.externals ?? []).some((x) => x.name === fx.external))) {
        issues.push({ path: join('expect.recordsEffects'), message: 'must be { external: <an external of the scenario>, field: <the row field holding the effect\'s key> }' });
      }
      if (e?.sumOfRequests !== undefined) {
        const issue = sumOfRequestsIssue(e.sumOfRequests, r?.key);
        if (issue) issues.push({ path: join('expect.sumOfRequests'), message: issue });
        if (typeof r?.keyField !== 'string') issues.push({ path: join('expect.sumOfRequests'), message: 'needs keyField: the body field that tells requests apart (paymentId)' });
      }
      for (const name of ['matchesRequest', 'groupsLikeRequest'] as const) {
        const m = e?.[name] as unknown;
        if (m === undefined) continue;
        if (typeof m !== 'object' || m === null || Array.isArray(m) || Object.values(m).some((f) => typeof f !== 'string') || Object.keys(m).length === 0) issues.push({ path: join(`expect.${name}`), message: 'must map row fields to request body fields: { total: "total" }' });
        const requested = typeof keys === 'object' && keys !== null && !Array.isArray(keys) ? (keys as { requested?: unknown }).requested : undefined;
        if (typeof r?.keyField !== 'string' && typeof requested !== 'string') issues.push({ path: join(`expect.${name}`), message: 'needs keyField or keys: { requested } to find each row\'s request' });
      }
    });
    return issues;
  },
  run({ trace, finalDb, options, scenario }) {
    const o = (options ?? {}) as { rules?: DbRule[] } & Partial<DbRule>;
    const rules: DbRule[] = o.rules ?? (o.service ? [o as DbRule] : []);
    const errors: CheckError[] = [];
    for (const rule of rules) {
      const table = finalDb[rule.service]?.[rule.table] ?? {};
      let rows = Object.entries(table).filter(([k]) => rule.key === undefined || k === rule.key);
      if (rule.where) rows = rows.filter(([, v]) => Object.entries(rule.where!).every(([f, c]) => holds(field(v, f), c)));
      const where = `${rule.service}.${rule.table}${rule.key ? `[${rule.key}]` : ''}${rule.where ? ` where ${Object.entries(rule.where).map(([f, c]) => `${f} ${show(c)}`).join(' and ')}` : ''}`;
      const keyField = rule.keyField ?? (rule.keys && !Array.isArray(rule.keys) ? rule.keys.requested : undefined);
      const fail = (what: string, keys: string[], extraRefs: number[] = []) => errors.push({
        anomaly: 'db-predicate',
        explanation: `${rule.describe ? `${rule.describe}: ` : ''}${where}: ${what}${keyField && keys.length > 0 ? '' : writers(trace, rule, keys)}`,
        eventRefs: [...new Set([...writeRefs(trace, rule, keys), ...extraRefs])].sort((a, b) => a - b),
      });
      // Why a row is missing or wrong, told from the trace: where its flow stopped.
      const why = (keys: string[]): { told?: { k: string; text: string }[]; seqs: number[] } => {
        if (!keyField) return { seqs: [] };
        const idx = indexTrace(trace);
        const told = keys.slice(0, SHOWN_MAX).map((k) => ({ k, ...whyStopped(idx, keyField, k, rule.service) }));
        return { told, seqs: told.flatMap((t) => t.seqs) };
      };
      const e = rule.expect ?? {};
      if (rule.keys) {
        const wanted = Array.isArray(rule.keys) ? rule.keys : requestedKeys(trace, rule.keys.requested);
        const present = new Set(rows.map(([k]) => k));
        const missing = wanted.filter((k) => !present.has(k));
        if (missing.length > 0) {
          const { told, seqs } = why(missing);
          const list = told ? told.map((t) => `${t.k} (${t.text})`).join('; ') : missing.slice(0, SHOWN_MAX).join(', ');
          fail(`expected ${wanted.length} row(s), one per ${keyField ?? 'listed key'}; ${missing.length} missing: ${list}${more(missing)}`, [], seqs);
        }
        if (!Array.isArray(rule.keys) && rule.keys.only) {
          const asked = new Set(wanted);
          const others = rows.map(([k]) => k).filter((k) => !asked.has(k));
          if (others.length > 0) {
            const { told, seqs } = why(others);
            const list = told ? told.map((t) => `${t.k} (${t.text})`).join('; ') : others.slice(0, SHOWN_MAX).join(', ');
            fail(`expected rows only for the ${keyField}s the outside world asked for and was told were taken; ${others.length} other${others.length === 1 ? '' : 's'}: ${list}${more(others)}`, others, seqs);
          }
        }
      }
      if (e.recordsEffects) {
        const { external, field: f } = e.recordsEffects;
        const recorded = new Set(rows.map(([, v]) => JSON.stringify(field(v, f))));
        const unrecorded = new Map<string, { key: string; operation: string; tick: number; seq: number; correlationId?: string }>();
        const lostIn = new Set<string>();
        for (const ev of eachOf(trace, ['fault.injected', 'external.called'])) {
          if (ev.kind === 'fault.injected' && ev.data.fault === 'reply-lost' && ev.correlationId) lostIn.add(ev.correlationId);
          if (ev.kind !== 'external.called' || ev.data.external !== external || ev.data.outcome !== 'applied') continue;
          const k = ev.data.key;
          if (!recorded.has(JSON.stringify(k)) && !unrecorded.has(k)) unrecorded.set(k, { key: k, operation: ev.data.operation, tick: ev.tick, seq: ev.seq, ...(ev.correlationId ? { correlationId: ev.correlationId } : {}) });
        }
        if (unrecorded.size > 0) {
          const all = [...unrecorded.values()];
          const list = all.slice(0, SHOWN_MAX).map((x) => `${x.key} (${external} did ${x.operation} at ${formatTicks(x.tick)}${x.correlationId && lostIn.has(x.correlationId) ? ' and only its answer was lost — no answer is not "not done"' : ''})`).join('; ');
          fail(`expected a row for every ${external} effect — what the outside world saw must be on record; ${all.length} ${all.length === 1 ? 'is' : 'are'} not: ${list}${more(all)}`, [], all.map((x) => x.seq));
        }
      }
      if (e.absent && rows.length > 0) fail(`expected no row, found ${rows.map(([k]) => k).join(', ')}`, rows.map(([k]) => k));
      if (e.count !== undefined && !inRange(rows.length, e.count)) fail(`expected ${show(e.count)} row(s), found ${rows.length}`, rows.map(([k]) => k));
      if (e.every) {
        const cond = Object.entries(e.every).map(([f, c]) => `${f} ${show(c)}`).join(', ');
        const noneAllowed = e.count !== undefined && inRange(0, e.count);
        if (rows.length === 0 && !noneAllowed && !rule.keys) fail(`expected rows that all have ${cond}, found none: "every row" over nothing is not a success`, []);
        const bad = rows.filter(([, v]) => !Object.entries(e.every!).every(([f, c]) => holds(field(v, f), c)));
        if (bad.length) {
          const values = (v: Json) => Object.keys(e.every!).map((f) => `${f}=${JSON.stringify(field(v, f))}`).join(', ');
          const { told, seqs } = why(bad.map(([k]) => k));
          const list = told
            ? told.map((t) => `${t.k} (${values(table[t.k]!)}: ${t.text})`).join('; ')
            : bad.slice(0, SHOWN_MAX).map(([k, v]) => `${k} (${values(v)})`).join(', ');
          fail(`expected every row to have ${cond}; ${bad.length} of ${rows.length} do not: ${list}${more(bad)}`, bad.map(([k]) => k), seqs);
        }
      }
      if (e.equals) {
        if (rows.length === 0) fail('expected a row, found none', []);
        for (const [k, v] of rows) {
          const diff = Object.entries(e.equals).filter(([f, x]) => JSON.stringify(field(v, f)) !== JSON.stringify(x));
          if (diff.length) fail(diff.map(([f, x]) => `expected ${f} = ${JSON.stringify(x)}, found ${JSON.stringify(field(v, f))}`).join(', ') + ` (${k})`, [k]);
        }
      }
      if (e.matchesRequest && keyField) {
        const fields = Object.entries(e.matchesRequest);
        const byKey = new Map(rows);
        const wrong: { k: string; text: string }[] = [];
        for (const [k, body] of requestedBodies(trace, keyField)) {
          const row = byKey.get(k);
          if (row === undefined) {
            if (!rule.keys) wrong.push({ k, text: 'no row' });
            continue;
          }
          const diff = fields.filter(([rf, bf]) => JSON.stringify(field(row, rf)) !== JSON.stringify(field(body, bf)));
          if (diff.length) wrong.push({ k, text: diff.map(([rf, bf]) => `${rf}=${JSON.stringify(field(row, rf)) ?? 'absent'}, its request said ${bf === rf ? '' : `${bf}=`}${JSON.stringify(field(body, bf))}`).join(', ') });
        }
        if (wrong.length) {
          const { seqs } = why(wrong.filter((w) => w.text === 'no row').map((w) => w.k));
          fail(`expected each ${keyField}'s row to hold what its request said (${fields.map(([rf, bf]) => (rf === bf ? rf : `${rf} = ${bf}`)).join(', ')}); ${wrong.length} do not: ${wrong.slice(0, SHOWN_MAX).map((w) => `${w.k} (${w.text})`).join('; ')}${more(wrong)}`, wrong.map((w) => w.k), seqs);
        }
      }
      if (e.groupsLikeRequest && keyField) {
        const byKey = new Map(rows);
        const pairs = [...requestedBodies(trace, keyField)].filter(([k]) => byKey.has(k)).map(([k, body]) => ({ k, row: byKey.get(k)!, body }));
        for (const [rf, bf] of Object.entries(e.groupsLikeRequest)) {
          let clash: string | undefined;
          for (let i = 0; i < pairs.length && !clash; i++) {
            for (let j = i + 1; j < pairs.length && !clash; j++) {
              const a = pairs[i]!;
              const b = pairs[j]!;
              const sameRow = JSON.stringify(field(a.row, rf)) === JSON.stringify(field(b.row, rf));
              const sameAsked = JSON.stringify(field(a.body, bf)) === JSON.stringify(field(b.body, bf));
              if (sameRow === sameAsked) continue;
              clash = sameAsked
                ? `${a.k} and ${b.k} come from one ${bf} but their rows hold different ${rf} values (${JSON.stringify(field(a.row, rf)) ?? 'absent'}, ${JSON.stringify(field(b.row, rf)) ?? 'absent'})`
                : `${a.k} and ${b.k} come from different ${bf} values but their rows hold the same ${rf} (${JSON.stringify(field(a.row, rf)) ?? 'absent'})`;
            }
          }
          if (clash) fail(`expected ${rf} to tell rows apart exactly as the requests' ${bf} does (one ${bf}, one ${rf}): ${clash}`, []);
        }
      }
      if (e.sumOfRequests && rule.keyField) {
        const s = e.sumOfRequests;
        const wrong = wrongTotals(trace, scenario, rule.service, rule.table, rows, rule.keyField, s, rule.key);
        if (wrong.length) {
          const list = wrong.slice(0, SHOWN_MAX).map((w) => `${w.row} (${s.field}=${JSON.stringify(w.found) ?? 'absent'}, expected ${w.expected} = ${w.from})`).join('; ');
          fail(`expected ${s.groupBy ? `each ${s.groupBy}'s` : 'the'} ${s.field} to add up what its requests asked${s.add ? ` (${s.add}, each ${rule.keyField} once)` : ` (one per ${rule.keyField})`}; ${wrong.length} do${wrong.length === 1 ? 'es' : ''} not: ${list}${more(wrong)}`, wrong.map((w) => w.row));
        }
      }
      if (e.onlyAfter) {
        const early = reachedTooEarly(trace, rule, e.onlyAfter);
        if (early.length > 0) {
          const a = e.onlyAfter;
          const state = Object.entries(a.when).map(([f, c]) => `${f} ${show(c)}`).join(', ');
          const list = early.slice(0, SHOWN_MAX).map((x) => `${x.key} at ${formatTicks(x.tick)} by ${x.by}, ${x.laterTick === null ? `and ${a.service} never did` : `${a.service} only at ${formatTicks(x.laterTick)}`}`).join('; ');
          fail(`expected a row to reach ${state} only after ${a.service}.${a.table} has committed its key — a record may only report what has happened; ${early.length} did so first: ${list}${more(early)}`, [], early.map((x) => x.seq));
        }
      }
      if (e.sum) {
        const total = rows.reduce((s, [, v]) => s + (Number(field(v, e.sum!.field)) || 0), 0);
        const want: Range = e.sum.equals ?? { min: e.sum.min, max: e.sum.max };
        if (!inRange(total, want)) fail(`expected the sum of ${e.sum.field} ${show(want)}, found ${total}`, rows.map(([k]) => k));
      }
    }
    return errors;
  },
};

/** Rows named one by one in a failure, with their story; the rest are counted. */
const SHOWN_MAX = 3;
const more = (list: unknown[]) => (list.length > SHOWN_MAX ? `; and ${list.length - SHOWN_MAX} more` : '');

/** The last `n` commits of the rule's service that wrote one of `keys` to its table. */
function writes(trace: readonly TraceEvent[], rule: DbRule, keys: string[], n: number): TraceEvent[] {
  const wanted = new Set(keys);
  return lastOf(trace, ['db.committed'], n, (e) => e.data.service === rule.service && e.data.writes.some((w) => w.table === rule.table && wanted.has(w.key)));
}

function writeRefs(trace: readonly TraceEvent[], rule: DbRule, keys: string[]): number[] {
  return writes(trace, rule, keys, 10).map((e) => e.seq);
}

function writers(trace: readonly TraceEvent[], rule: DbRule, keys: string[]): string {
  const w = writes(trace, rule, keys, 4);
  if (w.length === 0) return '';
  return ` (last written by ${w.map((e) => `${e.messageId ?? e.actor} at ${formatTicks(e.tick)}`).join(', ')})`;
}

/** Commits that put a row into `when` before `service`.`table` had committed the same key. */
function reachedTooEarly(trace: readonly TraceEvent[], rule: DbRule, a: NonNullable<NonNullable<DbRule['expect']>['onlyAfter']>): { key: string; tick: number; seq: number; by: string; laterTick: number | null }[] {
  const done = new Set<string>();
  const early = new Map<string, { key: string; tick: number; seq: number; by: string; laterTick: number | null }>();
  for (const e of eachOf(trace, ['db.committed'])) {
    for (const w of e.data.writes) {
      if (e.data.service === a.service && w.table === a.table && w.value !== null) {
        done.add(w.key);
        const x = early.get(w.key);
        if (x && x.laterTick === null) x.laterTick = e.tick;
      }
      if (e.data.service === rule.service && w.table === rule.table && w.value !== null && !done.has(w.key) && !early.has(w.key)) {
        if (Object.entries(a.when).every(([f, c]) => holds(field(w.value!, f), c))) early.set(w.key, { key: w.key, tick: e.tick, seq: e.seq, by: `${e.actor}${e.messageId ? ` handling ${e.messageId}` : ''}`, laterTick: null });
      }
    }
  }
  return [...early.values()];
}
