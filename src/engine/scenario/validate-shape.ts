// The shape of untrusted input, checked before anything else reads it: a scenario or fault plan
// from a file or a link must be plain JSON data — no functions, class instances, getters,
// NaN/Infinity, no `__proto__`/`constructor`/`prototype` keys — no deeper than SCENARIO_BOUNDS.depthMax, with bounded strings and a bounded
// number of values. The walk itself is bounded (it stops at the depth limit and after the value
// budget), so a hostile value 100,000 levels deep gets one issue with a path, not a stack
// overflow. Seeds are checked here too.

import type { ValidationIssue } from './validate-types';
import { SCENARIO_BOUNDS, SEED_MAX } from './bounds';
import { FORBIDDEN_KEYS } from './named';

export interface ShapeOptions {
  depthMax?: number;
  /** Values (objects, lists, scalars) in the whole input. */
  valuesMax?: number;
  stringCharsMax?: number;
  /** A longer ceiling for strings at paths ending with these keys (handler source). */
  longStringKeys?: Record<string, number>;
}

/** At most this many values in one scenario or fault plan (objects, lists and scalars). */
export const VALUES_MAX = 1_000_000;

const describe = (v: unknown): string =>
  typeof v === 'number' ? String(v) : typeof v === 'function' ? 'a function' : typeof v === 'bigint' ? 'a bigint' : typeof v === 'symbol' ? 'a symbol' : typeof v === 'undefined' ? 'undefined' : typeof v;

const keyPath = (path: string, key: string) => (/^[A-Za-z_$][\w$-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}]`);

/**
 * Issues for everything in `input` that is not plain bounded JSON data. Undefined object
 * properties are allowed (absent options); undefined list items are not.
 */
export function validateShape(input: unknown, path: string, options: ShapeOptions = {}): ValidationIssue[] {
  const depthMax = options.depthMax ?? SCENARIO_BOUNDS.depthMax;
  const valuesMax = options.valuesMax ?? VALUES_MAX;
  const charsMax = options.stringCharsMax ?? SCENARIO_BOUNDS.stringCharsMax;
  const long = options.longStringKeys ?? {};
  const issues: ValidationIssue[] = [];
  let values = 0;
  const seen = new Set<object>();
  const add = (at: string, message: string) => {
    if (issues.length < 20) issues.push({ path: at, message });
  };

  const walk = (v: unknown, at: string, depth: number, key: string): void => {
    if (issues.length >= 20) return;
    if (++values > valuesMax) {
      if (values === valuesMax + 1) add(at, `too large: more than ${valuesMax.toLocaleString('en')} values`);
      return;
    }
    if (v === null || typeof v === 'boolean') return;
    if (typeof v === 'string') {
      const max = long[key] ?? charsMax;
      if (v.length > max) add(at, `text too long: ${v.length.toLocaleString('en')} characters (at most ${max.toLocaleString('en')})`);
      return;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) add(at, `must be a finite number, got ${v}`);
      return;
    }
    if (typeof v !== 'object') return add(at, `must be plain data (JSON), got ${describe(v)}`);
    if (depth >= depthMax) return add(at, `nested too deeply (more than ${depthMax} levels)`);
    if (seen.has(v)) return add(at, 'refers back to itself (a cycle): must be plain data');
    seen.add(v);
    if (Array.isArray(v)) {
      if (Object.getPrototypeOf(v) !== Array.prototype) return add(at, 'must be a plain list');
      for (let i = 0; i < v.length && issues.length < 20 && values <= valuesMax; i++) {
        const desc = Object.getOwnPropertyDescriptor(v, i);
        if (!desc || !('value' in desc)) add(`${at}[${i}]`, desc ? 'must be a plain value, not a getter' : 'must not be empty (a hole in the list)');
        else if (desc.value === undefined) add(`${at}[${i}]`, 'must not be undefined');
        else walk(desc.value, `${at}[${i}]`, depth + 1, key);
      }
    } else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return add(at, 'must be a plain object (JSON), not an instance of a class');
      for (const k of Object.keys(v)) {
        if (issues.length >= 20 || values > valuesMax) break;
        const desc = Object.getOwnPropertyDescriptor(v, k)!;
        const next = keyPath(at, k);
        if (FORBIDDEN_KEYS.has(k)) add(next, `"${k}" is not allowed as a key (every object has it built in)`);
        else if (!('value' in desc)) add(next, 'must be a plain value, not a getter');
        else if (desc.value !== undefined) walk(desc.value, next, depth + 1, k);
      }
    }
    seen.delete(v);
  };
  walk(input, path, 0, '');
  return issues;
}

/** A seed: an integer from 0 to SEED_MAX (2³²−1). */
export function validateSeed(seed: unknown, path = 'seed'): ValidationIssue[] {
  if (typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= SEED_MAX) return [];
  const got = typeof seed === 'string' ? JSON.stringify(seed.length > 20 ? `${seed.slice(0, 20)}…` : seed) : typeof seed === 'number' || seed === null ? String(seed) : describe(seed);
  return [{ path, message: `must be an integer from 0 to ${SEED_MAX}, got ${got}` }];
}
