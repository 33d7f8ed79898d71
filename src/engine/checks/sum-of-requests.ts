// A running total must be what the requests asked for, not a number someone typed: db-predicate's
// `sumOfRequests: { field: 'balance', groupBy: 'account', add: 'amount' }` wants each row of the
// table (its key = a request's `groupBy` value) to hold its initial `field` plus the `add` values
// of the distinct requests (one per keyField value: a payment id) that named it — or their count
// when `add` is absent. Without `groupBy`, every request adds to the rule's one row (`key`: a
// counter of all orders). The workload draws amounts, accounts and quantities from the seed, so a
// handler that writes the lesson's expected end state by hand (a balance of 30) fails on some
// seed, while one that applies each distinct message exactly once passes on all of them.
// "Requests" are what the outside world sent and was told was taken (missing.ts).

import type { Json } from '../scenario/json';
import type { Scenario } from '../scenario/types';
import type { TraceEvent } from '../trace/types';
import { requestedBodies } from './missing';

export interface SumOfRequests {
  /** The row field holding the total (balance). */
  field: string;
  /** The request body field naming the row (account); absent: every request adds to the rule's `key`. */
  groupBy?: string;
  /** The request body field each request adds (amount); absent: each request adds 1. */
  add?: string;
}

export function sumOfRequestsIssue(value: unknown, key: unknown): string | null {
  const v = value as Partial<Record<keyof SumOfRequests, unknown>> | null;
  if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof v.field !== 'string' || (v.groupBy !== undefined && typeof v.groupBy !== 'string') || (v.add !== undefined && typeof v.add !== 'string')) {
    return 'must be { field: <row field>, groupBy?: <body field naming the row>, add?: <body field to add> }';
  }
  if (v.groupBy === undefined && typeof key !== 'string') return 'without groupBy, the rule needs a key: the one row every request adds to';
  return null;
}

const fieldOf = (v: Json | undefined, f: string): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Json>)[f] : undefined);
const asKey = (v: Json | undefined): string | undefined => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v));

export interface TotalWrong {
  row: string;
  found: Json | undefined;
  expected: number;
  /** "pay-1 (12) + pay-3 (40)": the requests that add up to it. */
  from: string;
}

/** Rows whose total is not their initial value plus what their requests added. */
export function wrongTotals(trace: readonly TraceEvent[], scenario: Scenario, service: string, table: string, rows: [string, Json][], keyField: string, s: SumOfRequests, key?: string): TotalWrong[] {
  const initial = scenario.services.find((x) => x.name === service)?.db?.[table] ?? {};
  const groups = new Map<string, { total: number; parts: string[] }>();
  for (const [k, body] of requestedBodies(trace, keyField)) {
    const row = s.groupBy === undefined ? key : asKey(fieldOf(body, s.groupBy));
    if (row === undefined) continue;
    const n = s.add === undefined ? 1 : Number(fieldOf(body, s.add));
    const g = groups.get(row) ?? { total: 0, parts: [] };
    g.total += Number.isFinite(n) ? n : 0;
    g.parts.push(s.add === undefined ? k : `${k} (${JSON.stringify(fieldOf(body, s.add))})`);
    groups.set(row, g);
  }
  const present = new Map(rows);
  const out: TotalWrong[] = [];
  for (const row of new Set([...present.keys(), ...groups.keys()])) {
    const start = Number(fieldOf(initial[row], s.field) ?? 0) || 0;
    const g = groups.get(row);
    const expected = start + (g?.total ?? 0);
    const found = fieldOf(present.get(row), s.field);
    if (found === expected || (found === undefined && !present.has(row) && expected === start && start === 0)) continue;
    const asked = g ? g.parts.join(' + ') : 'no request';
    out.push({ row, found, expected, from: `${start !== 0 ? `${start} at the start + ` : ''}${asked}` });
  }
  return out;
}
