// Options handler code passes to the engine — publish/send and outbox options, ctx.call options,
// ctx.work's milliseconds, nack/reject options, dead-letter reasons — are untrusted data. They
// are checked by type here, on the host, before anything uses them, and copied into a fresh
// engine-owned object that is the only one read afterwards. A wrong type fails the handler with
// the option's name and the type expected (`{ delayTicks: '11' }` at tick 3 used to schedule the
// message at tick 311, by string concatenation).

import type { PublishOptions } from '../handlers/api';
import { isJson, type Json } from '../scenario/json';
import { TICK_VALUE_MAX } from '../scenario/bounds';

/** A handler passed an option of the wrong type or range; fails the attempt like any throw. */
export class OptionError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'OptionError';
  }
}

type Check = (value: unknown) => string | null;

const isString: Check = (v) => (typeof v === 'string' ? null : 'a string');
const isNonEmptyString: Check = (v) => (typeof v === 'string' && v !== '' ? null : 'a non-empty string');
const isBoolean: Check = (v) => (typeof v === 'boolean' ? null : 'true or false');
const isTicks: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= TICK_VALUE_MAX ? null : `a whole number of ticks between 0 and ${TICK_VALUE_MAX}`);
const isPositiveTicks: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= TICK_VALUE_MAX ? null : `a whole number of ticks between 1 and ${TICK_VALUE_MAX}`);
const isVersion: Check = (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1_000_000 ? null : 'a positive integer (a contract version)');
const isHeaders: Check = (v) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && isJson(v) ? null : 'an object of plain JSON values';

const PUBLISH_OPTIONS: Record<keyof PublishOptions, Check> = {
  to: isNonEmptyString,
  key: isString,
  routingKey: isString,
  headers: isHeaders,
  delayTicks: isTicks,
  idempotencyKey: isNonEmptyString,
  version: isVersion,
  correlationId: isString,
  traceparent: isString,
};

const CALL_OPTIONS: Record<string, Check> = { timeoutTicks: isPositiveTicks, idempotencyKey: isNonEmptyString };
const SETTLE_OPTIONS: Record<string, Check> = { requeue: isBoolean };

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (typeof value === 'bigint') return `${typeof value}`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * Reads an options object once, own data properties only (a getter or a non-plain object is
 * refused, so nothing of the handler's runs while the engine reads it), checks every field and
 * returns an engine-owned copy without the undefined ones.
 */
function readOptions<T>(raw: unknown, checks: Record<string, Check>, where: string): T | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new OptionError(`${where}: the options must be an object, got ${show(raw)}`);
  const proto = Object.getPrototypeOf(raw);
  if (proto !== Object.prototype && proto !== null) throw new OptionError(`${where}: the options must be a plain object ({ … })`);
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(raw)) {
    const check = checks[name];
    if (!check) throw new OptionError(`${where}: unknown option "${name.slice(0, 40)}" (known: ${Object.keys(checks).join(', ')})`);
    const desc = Object.getOwnPropertyDescriptor(raw, name);
    if (!desc || !('value' in desc)) throw new OptionError(`${where}: option ${name} must be a plain value, not a getter`);
    const value: unknown = desc.value;
    if (value === undefined) continue;
    const expected = check(value);
    if (expected) throw new OptionError(`${where}: option ${name} must be ${expected}, got ${show(value)}`);
    out[name] = value;
  }
  return out as T;
}

/** publish/send/outbox options: checked, copied. `call` names the operation for the message ("ctx.publish('OrderPlaced')"). */
export function publishOptions(raw: unknown, call: string): PublishOptions | undefined {
  const options = readOptions<PublishOptions>(raw, PUBLISH_OPTIONS, call);
  if (options?.headers) options.headers = JSON.parse(JSON.stringify(options.headers)) as Record<string, Json>;
  return options;
}

/** ctx.call's options ({ timeoutTicks, idempotencyKey }). */
export function callOptions(raw: unknown, call: string): { timeoutTicks?: number; idempotencyKey?: string } | undefined {
  return readOptions(raw, CALL_OPTIONS, call);
}

/** nack/reject options ({ requeue }). */
export function settleOptions(raw: unknown, call: string): { requeue?: boolean } | undefined {
  return readOptions(raw, SETTLE_OPTIONS, call);
}

/** ctx.work(ms): a finite, non-negative number of milliseconds, rounded to whole ticks. */
export function workTicks(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > TICK_VALUE_MAX) {
    throw new OptionError(`ctx.work(ms) needs a number of milliseconds between 0 and ${TICK_VALUE_MAX}, got ${show(ms)}`);
  }
  return Math.round(ms);
}

/** A text argument (dead-letter reason, description): a string, or a clear failure. */
export function textArgument(value: unknown, what: string, optional = false): string | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string') throw new OptionError(`${what} must be a string, got ${show(value)}`);
  return value;
}
