// db-predicate: declarative assertions over the final database state, as plain JSON so that
// lessons can state goals ("every order ends completed or cancelled", "sku-1 has 3 reserved").
//   { rules: [{ service, table, key?, where?, expect: { count?, every?, equals?, sum?, absent? },
//               describe? }] }
// A condition is a value (equality) or { eq, ne, in, gt, gte, lt, lte, exists }. Failures name
// the rows and the commits that last wrote them.

import type { Check, CheckError } from './types';
import type { Json } from '../scenario/json';
import type { TraceEvent } from '../trace/types';
import { formatTicks } from './why';

type Cond = Json | { eq?: Json; ne?: Json; in?: Json[]; gt?: number; gte?: number; lt?: number; lte?: number; exists?: boolean };
type Range = number | { min?: number; max?: number };

export interface DbRule {
  service: string;
  table: string;
  key?: string;
  where?: Record<string, Cond>;
  expect: { count?: Range; every?: Record<string, Cond>; equals?: Record<string, Json>; sum?: { field: string } & { equals?: number; min?: number; max?: number }; absent?: boolean };
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
      const e = r?.expect as Record<string, unknown> | undefined;
      const known = ['count', 'every', 'equals', 'sum', 'absent'];
      if (!e || typeof e !== 'object' || !Object.keys(e).some((k) => known.includes(k))) issues.push({ path: join('expect'), message: `must say what to expect: one of ${known.join(', ')}` });
      else for (const k of Object.keys(e)) if (!known.includes(k)) issues.push({ path: join(`expect.${k}`), message: `unknown expectation (known: ${known.join(', ')})` });
    });
    return issues;
  },
  run({ trace, finalDb, options }) {
    const o = (options ?? {}) as { rules?: DbRule[] } & Partial<DbRule>;
    const rules: DbRule[] = o.rules ?? (o.service ? [o as DbRule] : []);
    const errors: CheckError[] = [];
    for (const rule of rules) {
      const table = finalDb[rule.service]?.[rule.table] ?? {};
      let rows = Object.entries(table).filter(([k]) => rule.key === undefined || k === rule.key);
      if (rule.where) rows = rows.filter(([, v]) => Object.entries(rule.where!).every(([f, c]) => holds(field(v, f), c)));
      const where = `${rule.service}.${rule.table}${rule.key ? `[${rule.key}]` : ''}${rule.where ? ` where ${Object.entries(rule.where).map(([f, c]) => `${f} ${show(c)}`).join(' and ')}` : ''}`;
      const fail = (what: string, keys: string[]) => errors.push({
        anomaly: 'db-predicate',
        explanation: `${rule.describe ? `${rule.describe}: ` : ''}${where}: ${what}${writers(trace, rule, keys)}`,
        eventRefs: writeRefs(trace, rule, keys),
      });
      const e = rule.expect;
      if (e.absent && rows.length > 0) fail(`expected no row, found ${rows.map(([k]) => k).join(', ')}`, rows.map(([k]) => k));
      if (e.count !== undefined && !inRange(rows.length, e.count)) fail(`expected ${show(e.count)} row(s), found ${rows.length}`, rows.map(([k]) => k));
      if (e.every) {
        const bad = rows.filter(([, v]) => !Object.entries(e.every!).every(([f, c]) => holds(field(v, f), c)));
        if (bad.length) fail(`expected every row to have ${Object.entries(e.every).map(([f, c]) => `${f} ${show(c)}`).join(', ')}; not: ${bad.slice(0, 5).map(([k, v]) => `${k} (${Object.keys(e.every!).map((f) => `${f}=${JSON.stringify(field(v, f))}`).join(', ')})`).join(', ')}`, bad.map(([k]) => k));
      }
      if (e.equals) {
        if (rows.length === 0) fail('expected a row, found none', []);
        for (const [k, v] of rows) {
          const diff = Object.entries(e.equals).filter(([f, x]) => JSON.stringify(field(v, f)) !== JSON.stringify(x));
          if (diff.length) fail(diff.map(([f, x]) => `expected ${f} = ${JSON.stringify(x)}, found ${JSON.stringify(field(v, f))}`).join(', ') + ` (${k})`, [k]);
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

function writes(trace: readonly TraceEvent[], rule: DbRule, keys: string[]): TraceEvent[] {
  const wanted = new Set(keys);
  return trace.filter((e) => e.kind === 'db.committed' && e.data.service === rule.service && e.data.writes.some((w) => w.table === rule.table && wanted.has(w.key)));
}

function writeRefs(trace: readonly TraceEvent[], rule: DbRule, keys: string[]): number[] {
  return writes(trace, rule, keys).slice(-10).map((e) => e.seq);
}

function writers(trace: readonly TraceEvent[], rule: DbRule, keys: string[]): string {
  const w = writes(trace, rule, keys).slice(-4);
  if (w.length === 0) return '';
  return ` (last written by ${w.map((e) => `${e.messageId ?? e.actor} at ${formatTicks(e.tick)}`).join(', ')})`;
}
