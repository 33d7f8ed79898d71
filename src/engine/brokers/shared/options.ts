// Reading and checking broker options from plain scenario data. Scenarios come from files and
// links, so every option is checked with a path and a reason; the readers here return the
// documented default when an option is absent.

import type { Json } from '../../scenario/json';
import type { ValidationIssue } from '../../scenario/validate-types';

export type Obj = Record<string, Json | undefined>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function num(o: Obj | undefined, key: string, fallback: number): number {
  const v = o?.[key];
  return typeof v === 'number' ? v : fallback;
}

export function bool(o: Obj | undefined, key: string, fallback: boolean): boolean {
  const v = o?.[key];
  return typeof v === 'boolean' ? v : fallback;
}

export function str<T extends string>(o: Obj | undefined, key: string, fallback: T): T {
  const v = o?.[key];
  return typeof v === 'string' ? (v as T) : fallback;
}

/** Collects issues for one entity or handler, with its path. */
export class Checker {
  constructor(readonly issues: ValidationIssue[], private readonly at: string) {}

  /** A checker for a nested object (`arguments`, `options`). */
  sub(field: string): Checker {
    return new Checker(this.issues, `${this.at}.${field}`);
  }

  add(field: string, message: string): void {
    this.issues.push({ path: field ? `${this.at}.${field}` : this.at, message });
  }

  int(o: Obj, field: string, min: number, max = Number.MAX_SAFE_INTEGER, what = ''): void {
    const v = o[field];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
      this.add(field, `must be ${range}${what ? ` (${what})` : ''}, got ${JSON.stringify(v)}`);
    }
  }

  /** Every key of `o` is one of `known`: an option the broker does not read is a typo, not a no-op. */
  known(o: Obj, known: readonly string[]): void {
    for (const k of Object.keys(o)) if (!known.includes(k)) this.add(k, `is not an option here (known: ${known.join(', ') || 'none'})`);
  }

  bool(o: Obj, field: string): void {
    if (o[field] !== undefined && typeof o[field] !== 'boolean') this.add(field, `must be true or false, got ${JSON.stringify(o[field])}`);
  }

  oneOf(o: Obj, field: string, values: readonly string[]): void {
    const v = o[field];
    if (v !== undefined && (typeof v !== 'string' || !values.includes(v))) this.add(field, `must be one of ${values.map((x) => `"${x}"`).join(', ')}, got ${JSON.stringify(v)}`);
  }
}
