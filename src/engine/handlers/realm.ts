// The isolation boundary for handler code: a QuickJS realm compiled to WebAssembly, with its own
// heap, its own built-ins and nothing of the host's global. One realm is one service process:
// it is created when the service starts and thrown away when it crashes, so module state never
// outlives a crash, and every run starts from fresh realms.
//
// What crosses the boundary is text: the host hands the realm JSON (messages, ctx replies) and
// the realm answers with JSON (ctx operations, suspensions, results, thrown values already read
// into { name, message }). The host never holds or calls a handler-made object. Limits are the
// realm's own and deterministic: handler work is counted in QuickJS interrupt-handler calls (a
// fixed number of interpreter steps each, the same in every host for the same wasm build),
// memory and stack are capped per realm.
//
// Loading wasm is asynchronous and host-specific, so the engine does not load it: the host
// (vitest setup, CLI, bench, the worker at boot) loads QuickJS once and installs it with
// `installHandlerRealm`. The engine only sees the small interface of realm-types.ts.

import { PRELUDE } from './prelude';
import { TICK_VALUE_MAX } from '../scenario/bounds';
import { RealmThrew, type RawRealm, type RealmBoot, type RealmModule, type RealmOptions } from './realm-types';
import { fromRealm } from './realm-data';
import { admit, leave, touchGroup } from './realm-groups';

let installed: RealmModule | null = null;

/** The host hands the engine its loaded QuickJS (see src/realm/quickjs.ts). */
export function installHandlerRealm(module: RealmModule): void {
  installed = module;
}

export function handlerRealmInstalled(): boolean {
  return installed !== null;
}

function realmModule(): RealmModule {
  if (!installed) throw new Error('the handler realm (QuickJS) is not loaded: the host must call loadHandlerRealm() before running handler code');
  return installed;
}

/** Memory one realm (one service process) may use: its whole heap, enforced by the host (src/realm/quickjs.ts). */
export const HANDLER_MEMORY_MAX_BYTES = 32 * 1024 * 1024;
/**
 * Work units per QuickJS interrupt-handler call (QuickJS calls it every 10,000 calls and
 * backward jumps, about every 5,000 iterations of a simple loop). Scaled so the default
 * `handlerWorkMax` (1,000,000) is 50 interrupts: an endless loop or a backtracking regex stops
 * within tens of milliseconds, far above what any sensible handler does (~250,000 iterations).
 */
export const WORK_UNITS_PER_INTERRUPT = 20_000;
/** Stack bytes per allowed nested call (handlerCallDepthMax), and the cap that keeps the host's own stack safe. */
const STACK_BYTES_PER_CALL = 320;
const STACK_BYTES_MAX = 160 * 1024;
const STACK_BYTES_MIN = 16 * 1024;

const boots = new Map<string, RealmBoot>();

/** The prelude booted with these limits: one key per limits, so realms can be made from a snapshot of the first. */
function preludeBoot(callDepthMax: number, stackBytes: number): RealmBoot {
  const key = `prelude/${HANDLER_MEMORY_MAX_BYTES}/${stackBytes}/${callDepthMax}/${TICK_VALUE_MAX}`;
  let boot = boots.get(key);
  if (!boot) {
    boot = {
      key,
      boot(raw) {
        const factory = raw.compile(PRELUDE, 'brokerlab:prelude');
        const f = raw.functions;
        const api = raw.callForFunction(factory, [{ fn: f.host }, { fn: f.now }, { fn: f.random }, callDepthMax, TICK_VALUE_MAX]);
        raw.free(factory);
        return api;
      },
    };
    boots.set(key, boot);
  }
  return boot;
}

export interface RealmEnv {
  /** Virtual time in ticks. */
  now(): number;
  /** Seeded random in [0, 1) (Math.random inside the realm). */
  random(): number;
  workMax: number;
  callDepthMax: number;
  /** The run this realm belongs to (realm-groups.ts bounds live realms per run and per host). */
  group: object;
}

/** The work budget of one attempt (or one module's top level), in interrupt calls. */
export class RealmMeter {
  interrupts = 0;
  /** Work charged by the prelude for built-ins that run in C over large data (in units). */
  charged = 0;
  exceeded = false;
  constructor(readonly workMax: number) {}
  get interruptsMax(): number {
    return Math.max(1, Math.ceil(this.workMax / WORK_UNITS_PER_INTERRUPT));
  }
  /** Counts one interrupt; true once the budget is spent. */
  tick(): boolean {
    if (++this.interrupts + this.charged / WORK_UNITS_PER_INTERRUPT > this.interruptsMax) this.exceeded = true;
    return this.exceeded;
  }
  /** Charges `units` of work done in one C built-in call; true once the budget is spent. */
  charge(units: number): boolean {
    this.charged += units;
    if (this.interrupts + this.charged / WORK_UNITS_PER_INTERRUPT > this.interruptsMax) this.exceeded = true;
    return this.exceeded;
  }
}

/** Work budget or a realm limit, spent: the attempt fails with this, deterministically. */
export class BudgetExceeded extends Error {
  constructor(readonly reason: 'work budget exceeded' | 'memory limit exceeded' | 'realm released', detail: string) {
    super(`${reason}: ${detail}`);
    this.name = 'BudgetExceeded';
  }
}

const workBudgetExceeded = (meter: RealmMeter) =>
  new BudgetExceeded('work budget exceeded', `more than ${grouped(meter.workMax)} units of work in one attempt (an endless loop, or a regular expression backtracking without end?)`);

/** The realm's memory reached its cap: the attempt fails with this, at the same point on every run. */
export class MemoryLimitExceeded extends BudgetExceeded {
  constructor(limitBytes: number) {
    super('memory limit exceeded', '');
    this.name = 'MemoryLimitExceeded';
    this.message = `handler exceeded its memory limit of ${limitBytes / 1024 / 1024} MB (all of its service's handlers share it, with what their modules keep between messages: an allocation without end, or data kept forever?)`;
  }
}

/** A handler realm call that did not return normally (budget, memory, a broken realm). */
export class RealmFailure extends Error {
  constructor(readonly error: Error) {
    super(error.message);
  }
}

/** Host operations of one invocation, by name, over arguments decoded from the realm. */
export type RealmOperations = (op: string, args: unknown[]) => unknown;

/** Who runs an invocation, as its ctx shows it (ctx.service, ctx.handler, ctx.attempt, ctx.idempotencyKey). */
export interface InvocationInfo {
  service: string;
  handler: string;
  attempt: number;
  idempotencyKey: string;
}

/**
 * What `ServiceRealm.start` hands the realm: one JSON array, the invocation's facts positionally
 * (QuickJS parses an object's keys at ~0.4 µs each; the realm rebuilds the same info itself).
 */
export function startPayload(id: number, message: unknown, info: InvocationInfo, session: string | null): string {
  return JSON.stringify([id, message, info.service, info.handler, info.attempt, info.idempotencyKey, session]);
}

/** The engine error behind a host error the realm saw (kept so retry policies see the real one). */
const HOST_ERROR_KEY = '\u0000e';

export class ServiceRealm {
  private readonly raw: RawRealm;
  private readonly api: number;
  private meter: RealmMeter | null = null;
  private depth = 0;
  private released = false;
  private disposed = false;
  /** Operations of the invocations running in this realm, by invocation number. */
  readonly operations = new Map<number, { ops: RealmOperations; alive: () => boolean }>();
  /** Engine errors thrown into the realm by ctx operations, by the number the realm keeps. */
  readonly hostErrors = new Map<number, unknown>();
  private nextHostError = 1;
  private nextInvocation = 1;

  get workMax(): number {
    return this.env.workMax;
  }

  constructor(readonly name: string, private readonly env: RealmEnv) {
    const stackBytes = Math.min(STACK_BYTES_MAX, Math.max(STACK_BYTES_MIN, env.callDepthMax * STACK_BYTES_PER_CALL));
    const options: RealmOptions = {
      memoryBytes: HANDLER_MEMORY_MAX_BYTES,
      stackBytes,
      interrupt: () => {
        const m = this.meter;
        if (!m) return false;
        if (m.exceeded) return true;
        return m.tick();
      },
      functions: { host: (text) => this.dispatch(text), now: env.now, random: env.random },
    };
    admit(env.group, this);
    try {
      this.raw = realmModule().newRealm(options, preludeBoot(env.callDepthMax, stackBytes));
    } catch (error) {
      leave(env.group, this);
      throw new Error(`the handler realm's prelude failed: ${(error as Error).message}`);
    }
    this.api = this.raw.entry;
  }

  /** A number for a new invocation, and where its ctx operations go. */
  enroll(ops: RealmOperations, alive: () => boolean): number {
    const id = this.nextInvocation++;
    this.operations.set(id, { ops, alive });
    return id;
  }

  /** The realm side calls the host: route to the invocation's operations, answer in JSON. */
  private dispatch(text: string): string | number | boolean | undefined {
    // '$units': the prelude charges work a C built-in is about to do (or did) over large data.
    if (text.charCodeAt(0) === 36) {
      const units = Number(text.slice(1));
      return this.meter !== null && Number.isFinite(units) && units > 0 ? this.meter.charge(units) : false;
    }
    // Nothing a handler asks after its budget is spent reaches the engine (code that got the
    // interrupt back as an ordinary error and went on).
    if (this.meter?.exceeded) return 'x';
    let args: unknown[];
    try {
      args = fromRealm(text) as unknown[];
    } catch {
      return 'x';
    }
    const op = String(args[0]);
    const entry = this.operations.get(Number(args[1]));
    if (!entry || !entry.alive()) return 'x';
    try {
      const value = entry.ops(op, args.slice(2));
      if (!entry.alive()) return 'x';
      // undefined, booleans and finite numbers cross as themselves; the rest as JSON text.
      if (value === undefined || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
      return JSON.stringify(value);
    } catch (error) {
      return this.hostError(error);
    }
  }

  /** An engine error as the realm will throw it (kept here, so retry policies later see the real one). */
  hostError(error: unknown): string {
    const id = this.nextHostError++;
    this.hostErrors.set(id, error);
    const e = error as { name?: unknown; message?: unknown };
    const name = typeof e?.name === 'string' ? e.name : 'Error';
    const message = typeof e?.message === 'string' ? e.message : String(error);
    // The engine error's own plain fields (CallFailed's reason and target…) go along as data.
    const fields: Record<string, string | number | boolean | null> = {};
    if (typeof error === 'object' && error !== null) {
      for (const [key, value] of Object.entries(error)) {
        if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[key] = value;
      }
    }
    return JSON.stringify({ [HOST_ERROR_KEY]: { n: name, m: message, i: id, f: fields } });
  }

  /** Evaluates a compiled module (CommonJS text) and keeps its default export under `handler`: '' | 'o'+options | 'e'+error. */
  load(handler: string, js: string, file: string, meter: RealmMeter): string {
    return this.enter(meter, () => {
      const factory = this.raw.compile(`(function (module, exports, require) {${js}\n})`, file);
      try {
        return this.raw.call(this.api, [0, handler, { fn: factory }]);
      } finally {
        this.raw.free(factory);
      }
    });
  }

  start(meter: RealmMeter, payload: string): string {
    return this.enter(meter, () => this.raw.call(this.api, [1, payload]));
  }

  /** Resumes an invocation; `answer` is what its awaited ctx.call gave (JSON, '' for undefined, or a host error). */
  resume(meter: RealmMeter, id: number, answer?: string): string {
    return this.enter(meter, () => this.raw.call(this.api, answer === undefined ? [2, id] : [2, id, answer]));
  }

  /** Forgets an invocation (its budget ran out, or its realm call failed). */
  drop(id: number): void {
    this.operations.delete(id);
    if (this.disposed || this.depth > 0) return;
    try {
      this.enter(new RealmMeter(this.env.workMax), () => this.raw.call(this.api, [3, id]));
    } catch {
      /* the realm is spent; nothing to forget */
    }
  }

  private enter<T>(meter: RealmMeter, body: () => T): T {
    if (this.disposed) throw new RealmFailure(new BudgetExceeded('realm released', `${this.name}'s process is gone (its run ended or it crashed)`));
    if (this.depth === 0) touchGroup(this.env.group);
    const previous = this.meter;
    this.meter = meter;
    if (this.depth === 0) this.raw.memoryExceeded = false;
    this.depth++;
    try {
      const result = body();
      // Code that caught the "out of memory" and went on still fails: the cap cannot be caught.
      if (this.depth === 1 && this.raw.memoryExceeded) throw new RealmFailure(new MemoryLimitExceeded(HANDLER_MEMORY_MAX_BYTES));
      // Likewise a spent budget: QuickJS's interrupt error can come back as an ordinary failure
      // when a C built-in (the Set constructor closing its iterator) rethrows it as caught.
      if (meter.exceeded) throw new RealmFailure(workBudgetExceeded(meter));
      return result;
    } catch (error) {
      if (error instanceof RealmThrew) throw new RealmFailure(this.failure(error, meter));
      throw error;
    } finally {
      this.depth--;
      this.meter = previous;
      if (this.depth === 0 && this.released) this.dispose();
    }
  }

  /** What an error that escaped the driver (budget, memory, stack) means for the attempt. */
  private failure(error: RealmThrew, meter: RealmMeter): Error {
    if (this.raw.memoryExceeded || /out of memory/i.test(error.message)) return new MemoryLimitExceeded(HANDLER_MEMORY_MAX_BYTES);
    if (meter.exceeded) return workBudgetExceeded(meter);
    const e = new Error(error.message);
    e.name = error.thrownName;
    return e;
  }

  /** The service crashed or the run ended: the realm goes as soon as nothing runs in it. */
  release(): void {
    this.released = true;
    leave(this.env.group, this);
    if (this.depth === 0) this.dispose();
  }

  private dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.raw.dispose();
  }
}

/** 1000000 → "1,000,000" without locale APIs. */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
