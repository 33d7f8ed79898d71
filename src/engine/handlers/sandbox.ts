// The sandbox a compiled handler module is evaluated in. Handler code sees the seeded
// `Math.random`, a virtual `Date` and `performance.now()` that read the simulation clock, and a
// `crypto.randomUUID()` from the seed; the page, storage, timers and the network are absent and
// any use of them is a clear error. The module must `export default` a handler function
// (optionally wrapped in `defineHandler`).

import type { Handler } from './api';

export interface SandboxEnv {
  /** Virtual time in ticks. */
  now(): number;
  /** Seeded random in [0, 1). */
  random(): number;
}

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
};

export class SandboxViolation extends Error {
  constructor(name: string, why: string) {
    super(`${name} is not available in handlers: ${why}`);
    this.name = 'SandboxViolation';
  }
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
    if (!new.target) return Reflect.construct(BaseDate, [ms ?? EPOCH_MS + env.now()]).toString();
    return Reflect.construct(BaseDate, ms === undefined ? args : [ms], new.target);
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

/** Brokerlab's module for handler code: `import { defineHandler } from 'brokerlab'`. */
export function defineHandler(nameOrFn: string | Handler, fn?: Handler): Handler {
  const handler = typeof nameOrFn === 'function' ? nameOrFn : fn;
  if (typeof handler !== 'function') throw new TypeError('defineHandler needs a handler function');
  return handler;
}

/** Evaluates compiled module code and returns its default export as a handler. */
export function loadHandlerModule(js: string, env: SandboxEnv, file: string): Handler {
  const names = Object.keys(BLOCKED);
  const values = names.map((n) => blocked(n, BLOCKED[n]));
  const exportsObject: Record<string, unknown> = {};
  const module = { exports: exportsObject };
  const requireFn = (id: string): unknown => {
    if (id === 'brokerlab') return { defineHandler };
    throw new SandboxViolation(`import "${id}"`, 'only "brokerlab" can be imported in handlers');
  };
  const performance = Object.freeze({ now: () => env.now() });
  const factory = new Function(
    'exports', 'module', 'require', 'Math', 'Date', 'performance', 'crypto', ...names,
    `"use strict";\n${js}\n//# sourceURL=${file.replace(/[^\w./-]/g, '_')}`,
  );
  factory(exportsObject, module, requireFn, virtualMath(env), virtualDate(env), performance, virtualCrypto(env), ...values);
  const exported = (module.exports as Record<string, unknown>).default ?? module.exports;
  if (typeof exported !== 'function') {
    throw new TypeError(`${file}: the module must \`export default\` a handler function (msg, ctx) => …`);
  }
  return exported as Handler;
}
