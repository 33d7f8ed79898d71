// What every fault module shares: matching the moments it strikes (which service, handler and
// message type; the nth occurrence, every one, or with a seeded probability), validating its
// options into path+reason issues, and recording `fault.injected` with a readable explanation.
// Occurrences are counted the same way everywhere, so a chaos injection can be written down as
// an explicit fault ("the 3rd delivery of OrderPlaced to Inventory") that replays it.

import type { FaultSpec, Scenario } from '../scenario/types';
import type { ValidationIssue } from '../scenario/validate-types';
import type { Json } from '../scenario/json';
import type { World } from '../world';
import type { Random } from '../kernel/random';
import { TICK_VALUE_MAX } from '../scenario/bounds';

export interface MatchSpec {
  service?: string;
  handler?: string;
  messageType?: string;
  /** Strike at the nth matching occurrence (1-based, default 1), once. */
  nth?: number;
  /** Strike at every matching occurrence. */
  every?: boolean;
  /** Strike each matching occurrence with this probability (seeded). */
  probability?: number;
}

export interface Moment {
  service: string;
  handler?: string;
  messageType?: string;
}

/** Counts matching moments and decides which ones the fault strikes. */
export class Matcher {
  private seen = 0;
  private fired = false;

  constructor(private readonly spec: MatchSpec, private readonly rng: Random) {}

  matches(m: Moment): boolean {
    const s = this.spec;
    return (s.service === undefined || s.service === m.service) && (s.handler === undefined || s.handler === m.handler) && (s.messageType === undefined || s.messageType === m.messageType);
  }

  /** Is this moment struck? Counts it when it matches. */
  strike(m: Moment): boolean {
    if (!this.matches(m)) return false;
    this.seen++;
    if (this.spec.probability !== undefined) return this.rng.chance(this.spec.probability);
    if (this.spec.every) return true;
    if (this.fired || this.seen !== (this.spec.nth ?? 1)) return false;
    this.fired = true;
    return true;
  }

  get count(): number {
    return this.seen;
  }
}

/** The fault's own random stream, named by its options so faults never share numbers. */
export function faultRandom(world: World, spec: FaultSpec): Random {
  return world.random(`fault/${spec.type}/${JSON.stringify(spec)}`);
}

export function injected(world: World, fault: string, target: string, text: string, extra: { messageId?: string; correlationId?: string; deliveryId?: string; details?: Record<string, Json> } = {}): void {
  const { details, ...refs } = extra;
  world.record({ kind: 'fault.injected', actor: 'sim', ...refs, data: { fault, target, ...(details ? { details } : {}) }, text });
}

export function nth(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** Option validation, collecting path+reason issues. */
export class Issues {
  readonly list: ValidationIssue[] = [];
  constructor(private readonly spec: FaultSpec, private readonly scenario: Scenario) {}

  add(path: string, message: string): this {
    this.list.push({ path, message });
    return this;
  }

  /** An integer from `min` to `max` (default: any tick value, TICK_VALUE_MAX). */
  int(field: string, { required = false, min = 0, max = TICK_VALUE_MAX } = {}): this {
    const v = this.spec[field];
    const range = max === TICK_VALUE_MAX ? `an integer ≥ ${min}` : `an integer from ${min} to ${max.toLocaleString('en')}`;
    if (v === undefined) return required ? this.add(field, `is required (${range})`) : this;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.add(field, `must be ${range}, got ${JSON.stringify(v)}`);
    else if (v > max) this.add(field, `must be at most ${max.toLocaleString('en')}, got ${v.toLocaleString('en')}`);
    return this;
  }

  probability(field: string, required = false): this {
    const v = this.spec[field];
    if (v === undefined) return required ? this.add(field, 'is required (a probability between 0 and 1)') : this;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) this.add(field, `must be a probability between 0 and 1, got ${JSON.stringify(v)}`);
    return this;
  }

  oneOf(field: string, values: readonly string[], required = false): this {
    const v = this.spec[field];
    if (v === undefined) return required ? this.add(field, `is required (one of ${values.join(', ')})`) : this;
    if (typeof v !== 'string' || !values.includes(v)) this.add(field, `must be one of ${values.join(', ')}, got ${JSON.stringify(v)}`);
    return this;
  }

  service(field = 'service', required = true): this {
    const v = this.spec[field];
    if (v === undefined) return required ? this.add(field, 'is required (a service name)') : this;
    if (!this.scenario.services.some((s) => s.name === v)) this.add(field, `no service named ${JSON.stringify(v)} (known: ${this.scenario.services.map((s) => s.name).join(', ')})`);
    return this;
  }

  handler(field = 'handler'): this {
    const v = this.spec[field];
    if (v === undefined) return this;
    const svc = this.scenario.services.find((s) => s.name === this.spec.service);
    const pool = svc ? svc.handlers : this.scenario.services.flatMap((s) => s.handlers);
    if (v !== 'outbox-relay' && !pool.some((h) => h.name === v)) this.add(field, `no handler named ${JSON.stringify(v)}${svc ? ` in ${svc.name}` : ''}`);
    return this;
  }

  messageType(field = 'messageType'): this {
    const v = this.spec[field];
    if (v === undefined) return this;
    if (!this.scenario.messages.some((m) => m.type === v)) this.add(field, `no message type ${JSON.stringify(v)} in the catalog`);
    return this;
  }

  /** Faults on a message in transit match its producer service and type; the handler is not known there. */
  transit(): this {
    if (this.spec.handler !== undefined) this.add('handler', 'a message in transit is matched by its producer service and message type, not by handler');
    return this;
  }

  /** The shared matching options: service, handler, messageType, nth, every, probability. */
  match({ serviceRequired = false } = {}): this {
    this.service('service', serviceRequired).handler().messageType().int('nth', { min: 1 }).probability('probability');
    if (this.spec.every !== undefined && typeof this.spec.every !== 'boolean') this.add('every', 'must be true or false');
    return this;
  }
}

export function matchSpec(spec: FaultSpec): MatchSpec {
  return spec as unknown as MatchSpec;
}
