// The sandbox a compiled handler module is evaluated in. Handler code sees the seeded
// `Math.random`, a virtual `Date` and `performance.now()` that read the simulation clock, and a
// `crypto.randomUUID()` from the seed; the page, storage, timers and the network are absent and
// any use of them is a clear error. The module must `export default` a handler function
// (optionally wrapped in `defineHandler`).
//
// Globals are an allowlist: every free name the code mentions (compile.ts lists them) that is
// not standard, deterministic JavaScript is shadowed by a stub that throws a SandboxViolation
// naming it, so nothing of the host (worker or Node) is reachable, whatever the host has. The
// realm's built-ins are hardened before the first module runs (harden.ts), and the module's top
// level runs under a work budget like any handler attempt (budget.ts).

import type { Handler, HandlerOptions } from './api';
import { cloneJson, isJson, type Json } from '../scenario/json';
import { BudgetExceeded, budgetHooks, HANDLER_CALL_DEPTH_MAX_DEFAULT, HANDLER_WORK_MAX_DEFAULT, Meter, runMetered, type BudgetLimits } from './budget';
import type { CompiledHandler } from './compile';
import { hardenRealm } from './harden';

export interface SandboxEnv {
  /** Virtual time in ticks. */
  now(): number;
  /** Seeded random in [0, 1). */
  random(): number;
  /** The work budget of the module's top level (attempts get theirs from the coroutine driver). */
  limits?: BudgetLimits;
}

/** Standard JavaScript that handlers may use as is (Math, Date and friends are replaced). */
const ALLOWED = new Set([
  'Object', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'JSON', 'Map', 'Set', 'WeakMap', 'WeakSet',
  'RegExp', 'Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError', 'AggregateError',
  'Reflect', 'Proxy', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent',
  'encodeURI', 'decodeURI', 'NaN', 'Infinity', 'undefined',
]);

/** Largest array a handler may create in one go (bounded so a typo cannot take the worker down). */
export const HANDLER_ARRAY_LENGTH_MAX = 10_000_000;

/** Virtual wall clock: tick 0 is 2026-01-01T00:00:00Z. */
export const EPOCH_MS = 1_767_225_600_000;

const BLOCKED: Record<string, string> = {
  fetch: 'there is no network in the simulation; model remote calls as messages',
  XMLHttpRequest: 'there is no network in the simulation',
  WebSocket: 'there is no network in the simulation',
  EventSource: 'there is no network in the simulation',
  importScripts: 'handlers cannot load code',
  setTimeout: 'timers do not exist in virtual time; use ctx.work(ms) or a delayed publish',
  setInterval: 'timers do not exist in virtual time; use ctx.work(ms) or a delayed publish',
  setImmediate: 'timers do not exist in virtual time',
  queueMicrotask: 'timers do not exist in virtual time',
  document: 'handlers run inside the simulated service, not the page',
  window: 'handlers run inside the simulated service, not the page',
  self: 'handlers run inside the simulated service, not the page',
  globalThis: 'handlers run inside the simulated service; use ctx for everything',
  localStorage: 'a service keeps its state in ctx.db',
  sessionStorage: 'a service keeps its state in ctx.db',
  indexedDB: 'a service keeps its state in ctx.db',
  caches: 'a service keeps its state in ctx.db',
  process: 'handlers run inside the simulated service',
  postMessage: 'handlers run inside the simulated service',
  navigator: 'handlers run inside the simulated service',
  location: 'handlers run inside the simulated service',
  Worker: 'handlers run inside the simulated service',
  SharedWorker: 'handlers run inside the simulated service',
  addEventListener: 'handlers run inside the simulated service, not the page',
  removeEventListener: 'handlers run inside the simulated service, not the page',
  onmessage: 'handlers run inside the simulated service',
  close: 'handlers run inside the simulated service',
  parent: 'handlers run inside the simulated service, not the page',
  top: 'handlers run inside the simulated service, not the page',
  opener: 'handlers run inside the simulated service, not the page',
  frames: 'handlers run inside the simulated service, not the page',
  global: 'handlers run inside the simulated service',
  Buffer: 'handlers run inside the simulated service',
  console: 'use ctx.log(text): it appears in the trace',
  BroadcastChannel: 'there is no network in the simulation',
  MessageChannel: 'handlers run inside the simulated service',
  Notification: 'handlers run inside the simulated service, not the page',
  requestAnimationFrame: 'timers do not exist in virtual time',
  structuredClone: 'copy plain data with JSON or spread instead',
  WebAssembly: 'handlers cannot load code',
  Atomics: 'handlers run one at a time in virtual time',
  SharedArrayBuffer: 'handlers run one at a time in virtual time',
  WeakRef: 'garbage collection timing is not deterministic',
  FinalizationRegistry: 'garbage collection timing is not deterministic',
  Intl: "formatting depends on the machine's locale; use toFixed or toISOString",
  ArrayBuffer: 'handlers work on plain JSON data',
  DataView: 'handlers work on plain JSON data',
  Blob: 'handlers work on plain JSON data',
  URL: 'handlers work on plain JSON data',
  Promise: 'ctx operations complete in virtual time: await them one at a time (a real Promise would run outside the simulation)',
};

export class SandboxViolation extends Error {
  constructor(name: string, why: string) {
    super(`${name} is not available in handlers: ${why}`);
    this.name = 'SandboxViolation';
  }
}

function whyBlocked(name: string): string {
  if (Object.prototype.hasOwnProperty.call(BLOCKED, name)) return BLOCKED[name];
  if (/^(Int|Uint|Float|BigInt|BigUint)(8|16|32|64)(Clamped)?Array$/.test(name)) return 'handlers work on plain JSON data';
  return 'only standard JavaScript, the message and ctx are available (is it declared?)';
}

function blocked(name: string, why: string): unknown {
  const fail = (): never => {
    throw new SandboxViolation(name, why);
  };
  return new Proxy(function blockedGlobal() {}, {
    get: fail, set: fail, has: fail, apply: fail, construct: fail, getPrototypeOf: fail, ownKeys: fail,
  });
}

function virtualMath(env: SandboxEnv): Math {
  const math = Object.create(null) as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(Math)) math[name] = (Math as unknown as Record<string, unknown>)[name];
  math.random = () => env.random();
  return Object.freeze(math) as unknown as Math;
}

function virtualDate(env: SandboxEnv): DateConstructor {
  // The one place the engine names the real Date class: to derive the virtual one from it.
  // eslint-disable-next-line no-restricted-globals
  const BaseDate = Date;
  function VirtualDate(this: unknown, ...args: unknown[]): unknown {
    const ms = args.length === 0 ? EPOCH_MS + env.now() : undefined;
    if (!new.target) return Reflect.construct(BaseDate, [EPOCH_MS + env.now()]).toUTCString();
    // Year, month, day… mean UTC inside handlers: the machine's timezone must not matter.
    const utc = args.length >= 2 ? [BaseDate.UTC(...(args as [number, number]))] : args;
    return Reflect.construct(BaseDate, ms === undefined ? utc : [ms], new.target);
  }
  VirtualDate.prototype = BaseDate.prototype;
  VirtualDate.now = () => EPOCH_MS + env.now();
  VirtualDate.UTC = BaseDate.UTC;
  VirtualDate.parse = BaseDate.parse;
  return VirtualDate as unknown as DateConstructor;
}

function virtualCrypto(env: SandboxEnv): unknown {
  const hex = (n: number): string =>
    Array.from({ length: n }, () => Math.floor(env.random() * 16).toString(16)).join('');
  return Object.freeze({
    randomUUID: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(env.random() * 4)]}${hex(3)}-${hex(12)}`,
    getRandomValues: (array: Uint8Array) => {
      for (let i = 0; i < array.length; i++) array[i] = Math.floor(env.random() * 256);
      return array;
    },
  });
}

const BROKERLAB_MODULE = Object.freeze({ defineHandler });

/** Options handler code declared with `defineHandler(name, fn, options)`, by handler. */
const declaredOptions = new WeakMap<Handler, HandlerOptions>();

/** The options a handler's code declared (plain JSON, copied out of the sandbox), if any. */
export function declaredHandlerOptions(handler: Handler): HandlerOptions | undefined {
  return declaredOptions.get(handler);
}

/**
 * Brokerlab's module for handler code: `import { defineHandler } from 'brokerlab'`.
 * `defineHandler(name?, fn, options?)`: options (retry policy, circuit breaker, concurrency)
 * declared beside the code replace the scenario's for this handler.
 */
export function defineHandler(nameOrFn: string | Handler, fn?: Handler | HandlerOptions, options?: HandlerOptions): Handler {
  const named = typeof nameOrFn !== 'function';
  const handler = named ? fn : nameOrFn;
  const opts = named ? options : (fn as HandlerOptions | undefined);
  if (typeof handler !== 'function') throw new TypeError('defineHandler needs a handler function');
  if (opts !== undefined) {
    if (typeof opts !== 'object' || opts === null || Array.isArray(opts) || !isJson(opts)) throw new TypeError('defineHandler options must be a plain object of JSON data ({ retry, circuitBreaker, concurrency })');
    const unknown = Object.keys(opts).filter((k) => !HANDLER_OPTION_KEYS.includes(k));
    if (unknown.length > 0) throw new TypeError(`defineHandler: unknown option(s) ${unknown.join(', ')} (known: ${HANDLER_OPTION_KEYS.join(', ')})`);
    declaredOptions.set(handler as Handler, cloneJson(opts as unknown as Json) as unknown as HandlerOptions);
  }
  return handler as Handler;
}

export const HANDLER_OPTION_KEYS = ['retry', 'circuitBreaker', 'concurrency'];

/** Array, but refusing lengths that would take the worker's memory (new Array(1e9).fill(0)). */
function boundedArray(): ArrayConstructor {
  const check = (n: unknown) => {
    if (typeof n === 'number' && n > HANDLER_ARRAY_LENGTH_MAX) {
      throw new RangeError(`arrays in handlers are limited to ${HANDLER_ARRAY_LENGTH_MAX} elements (asked for ${n})`);
    }
  };
  function BoundedArray(...args: unknown[]): unknown {
    if (args.length === 1) check(args[0]);
    return Reflect.construct(Array, args);
  }
  BoundedArray.prototype = Array.prototype;
  BoundedArray.isArray = Array.isArray;
  BoundedArray.of = Array.of;
  BoundedArray.from = (items: unknown, ...rest: unknown[]) => {
    if (items && typeof items === 'object' && !(Symbol.iterator in (items as object))) check((items as { length?: unknown }).length);
    return (Array.from as (...a: unknown[]) => unknown)(items, ...rest);
  };
  return Object.freeze(BoundedArray) as unknown as ArrayConstructor;
}

const DEFAULT_MODULE_LIMITS: BudgetLimits = { workMax: HANDLER_WORK_MAX_DEFAULT, callDepthMax: HANDLER_CALL_DEPTH_MAX_DEFAULT };

const stubs = new Map<string, unknown>();

/** Stubs hold no state, so one per name serves every module and run. */
function stubFor(name: string): unknown {
  let stub = stubs.get(name);
  if (stub === undefined) stubs.set(name, (stub = blocked(name, whyBlocked(name))));
  return stub;
}

const factories = new Map<string, (...values: unknown[]) => unknown>();

/**
 * The module function for this text and these names. Evaluating it has no effect beyond its
 * arguments, so it is built once and called once per run (V8 parses it once).
 */
function factoryFor(js: string, names: string[], file: string): (...values: unknown[]) => unknown {
  const key = `${file}\u0000${names.join(',')}\u0000${js}`;
  let factory = factories.get(key);
  if (!factory) {
    // The module body runs in a nested function, so its own declarations shadow these names.
    factory = new Function(
      ...names,
      `"use strict";\nreturn (function () {\n${js}\n}).call(undefined);\n//# sourceURL=${file.replace(/[^\w./-]/g, '_')}`,
    ) as (...values: unknown[]) => unknown;
    if (factories.size > 200) factories.clear();
    factories.set(key, factory);
  }
  return factory;
}

/** Evaluates a compiled module and returns its default export as a handler. */
export function loadHandlerModule(compiled: CompiledHandler | string, env: SandboxEnv, file: string): Handler {
  hardenRealm();
  const { js, names: mentioned } = typeof compiled === 'string' ? { js: compiled, names: Object.keys(BLOCKED) } : compiled;
  const exportsObject: Record<string, unknown> = {};
  const module = { exports: exportsObject };
  const requireFn = (id: string): unknown => {
    if (id === 'brokerlab') return BROKERLAB_MODULE;
    throw new SandboxViolation(`import "${id}"`, 'only "brokerlab" can be imported in handlers');
  };
  const provided: Record<string, unknown> = {
    exports: exportsObject, module, require: requireFn, Math: virtualMath(env), Date: virtualDate(env),
    performance: Object.freeze({ now: () => env.now() }), crypto: virtualCrypto(env), Array: boundedArray(),
    ...budgetHooks(env.limits ?? DEFAULT_MODULE_LIMITS),
  };
  const shadowed = mentioned.filter((n) => !ALLOWED.has(n) && !(n in provided));
  const names = [...Object.keys(provided), ...shadowed];
  const values = [...Object.values(provided), ...shadowed.map(stubFor)];
  const factory = factoryFor(js, names, file);
  const meter = new Meter();
  runMetered(meter, () => factory(...values));
  if (meter.exceeded) throw meter.exceeded;
  const exported = (module.exports as Record<string, unknown>).default ?? module.exports;
  if (typeof exported !== 'function') {
    throw new TypeError(`${file}: the module must \`export default\` a handler function (msg, ctx) => …`);
  }
  return exported as Handler;
}

export { BudgetExceeded };
