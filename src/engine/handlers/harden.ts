// Hardening the JavaScript realm the engine shares with handler code. Handler code runs in the
// same realm as the engine (a Worker in the browser, the process in Node), so it could change
// the built-ins the engine depends on (`Array.prototype.push = …`, `Object.prototype.x = 1`) or
// climb to the global object through a constructor chain (`(function(){}).constructor('return
// this')()`). Instead of snapshotting and restoring hundreds of properties around every step of
// a handler (measured: ~100 µs per check of ~560 properties, more than a step itself), the first time handler
// code is loaded we harden the realm once, the way Hardened JavaScript (SES `lockdown`) does:
//
// - the prototypes and namespaces of the built-ins are frozen, so no code, handler or not, can
//   change them: a handler that tries fails at that line, nothing leaks into the next run;
// - a few inherited names people legitimately assign on their own objects (`this.name = …` in
//   an Error subclass, `obj.toString = …`) become accessors that define an own property on the
//   object instead, because a frozen prototype would otherwise refuse the assignment ("the
//   override mistake");
// - the `constructor` links of function prototypes lead to a stub that throws while user code
//   runs, so `Function` is unreachable from handlers; engine code sees the real ones;
// - locale- and timezone-dependent built-ins are made deterministic while user code runs:
//   Date's local-time methods use UTC, `toLocale*String` and `localeCompare` are refused.
//
// Everything here is idempotent and depends only on the language, not on the host, so Node and
// the browser behave the same. Cost outside handlers: none on hot paths (measured by
// scripts/bench.ts, which runs built-in handlers, and test/engine/harden.test.ts).

import { inUserCode } from './budget';

let hardened = false;

/** Names assignable on ordinary objects even though a frozen prototype has them. */
const OVERRIDABLE = ['constructor', 'name', 'message', 'toString', 'toLocaleString', 'valueOf', 'toJSON', 'then', 'catch', 'finally', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'push', 'concat', 'stack'];

/** Error constructor properties the host runtime itself writes (stack traces). */
const ERROR_HOST_PROPERTIES = new Set(['stackTraceLimit', 'prepareStackTrace', 'captureStackTrace']);

export class RealmHardeningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxViolation';
  }
}

export function isRealmHardened(): boolean {
  return hardened;
}

/** Hardens the realm (once). Call before evaluating any user code. */
export function hardenRealm(): void {
  if (hardened) return;
  hardened = true;
  tameFunctionConstructors();
  tameDates();
  tameLocale();
  for (const object of intrinsicPrototypes()) freezeWithOverrides(object);
  for (const object of intrinsicNamespaces()) freezeNamespace(object);
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyObject = Record<PropertyKey, any>;

function intrinsicConstructors(): AnyObject[] {
  const g = globalThis as AnyObject;
  const names = [
    'Object', 'Function', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'Error', 'EvalError', 'RangeError',
    'ReferenceError', 'SyntaxError', 'TypeError', 'URIError', 'AggregateError', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Promise',
    'RegExp', 'Date', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
    'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array',
    'BigUint64Array', 'Iterator', 'WeakRef', 'FinalizationRegistry',
  ];
  const constructors = names.map((n) => g[n]).filter((c): c is AnyObject => typeof c === 'function');
  const hidden = [
    Object.getPrototypeOf(Int8Array), // %TypedArray%
    (function* () {}).constructor, // %GeneratorFunction%
    (async function () {}).constructor, // %AsyncFunction%
    (async function* () {}).constructor, // %AsyncGeneratorFunction%
  ];
  return [...constructors, ...hidden.filter((c) => typeof c === 'function')];
}

function intrinsicPrototypes(): AnyObject[] {
  const protos = new Set<AnyObject>();
  for (const ctor of intrinsicConstructors()) if (ctor.prototype && typeof ctor.prototype === 'object') protos.add(ctor.prototype);
  const add = (o: unknown) => {
    if (o && (typeof o === 'object' || typeof o === 'function')) protos.add(o as AnyObject);
  };
  add(Function.prototype);
  add(Object.getPrototypeOf([][Symbol.iterator]())); // %ArrayIteratorPrototype%
  add(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()))); // %IteratorPrototype%
  add(Object.getPrototypeOf(new Map()[Symbol.iterator]()));
  add(Object.getPrototypeOf(new Set()[Symbol.iterator]()));
  add(Object.getPrototypeOf(''[Symbol.iterator]()));
  add(Object.getPrototypeOf('a'.matchAll(/a/g)));
  const gen = (function* () {})();
  add(Object.getPrototypeOf(gen)); // %GeneratorFunction.prototype.prototype% of that function
  add(Object.getPrototypeOf(Object.getPrototypeOf(gen))); // %GeneratorPrototype%
  add(Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}.prototype)));
  return [...protos];
}

function intrinsicNamespaces(): AnyObject[] {
  const g = globalThis as AnyObject;
  return [...intrinsicConstructors(), Math, JSON, Reflect, g.Atomics, g.Intl].filter(Boolean);
}

function freezeWithOverrides(proto: AnyObject): void {
  for (const key of OVERRIDABLE) {
    const desc = Object.getOwnPropertyDescriptor(proto, key);
    if (!desc || !('value' in desc) || !desc.configurable) continue;
    const value = desc.value;
    Object.defineProperty(proto, key, {
      configurable: false,
      enumerable: desc.enumerable,
      get() {
        return value;
      },
      set(this: unknown, next: unknown) {
        if (this === proto) throw new TypeError(`Cannot assign to read only property '${key}' of a built-in prototype`);
        Object.defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
      },
    });
  }
  Object.freeze(proto);
}

/** Constructors and namespaces: their own properties become read-only; the host's stack-trace knobs stay. */
function freezeNamespace(object: AnyObject): void {
  if (object === Error) {
    for (const key of Reflect.ownKeys(object)) {
      if (typeof key === 'string' && ERROR_HOST_PROPERTIES.has(key)) continue;
      const desc = Object.getOwnPropertyDescriptor(object, key);
      if (desc?.configurable) Object.defineProperty(object, key, { ...('value' in desc ? { writable: false } : {}), configurable: false });
    }
    return;
  }
  Object.freeze(object);
}

/** `(function(){}).constructor` and its async/generator cousins throw while user code runs. */
function tameFunctionConstructors(): void {
  const samples: [unknown, string][] = [
    [function () {}, 'Function'],
    [function* () {}, 'GeneratorFunction'],
    [async function () {}, 'AsyncFunction'],
    [async function* () {}, 'AsyncGeneratorFunction'],
  ];
  for (const [sample, name] of samples) {
    gateConstructor(Object.getPrototypeOf(sample) as AnyObject, name, 'handlers cannot create code');
  }
}

/** While user code runs, `proto.constructor` is a stub that throws; otherwise the real one. */
function gateConstructor(proto: AnyObject, name: string, why: string): void {
  {
    const real = proto.constructor as AnyObject;
    const stub = function () {
      throw new RealmHardeningError(`${name} is not available in handlers: ${why}`);
    };
    Object.defineProperty(stub, 'name', { value: name });
    stub.prototype = proto;
    Object.defineProperty(proto, 'constructor', {
      configurable: false,
      enumerable: false,
      get() {
        return inUserCode() ? stub : real;
      },
      set(this: unknown, next: unknown) {
        if (this === proto) throw new TypeError(`Cannot assign to read only property 'constructor' of a built-in prototype`);
        Object.defineProperty(this, 'constructor', { value: next, writable: true, enumerable: true, configurable: true });
      },
    });
  }
}

const LOCAL_TO_UTC: Record<string, string> = {
  getFullYear: 'getUTCFullYear', getMonth: 'getUTCMonth', getDate: 'getUTCDate', getDay: 'getUTCDay', getHours: 'getUTCHours',
  getMinutes: 'getUTCMinutes', getSeconds: 'getUTCSeconds', getMilliseconds: 'getUTCMilliseconds', setFullYear: 'setUTCFullYear',
  setMonth: 'setUTCMonth', setDate: 'setUTCDate', setHours: 'setUTCHours', setMinutes: 'setUTCMinutes', setSeconds: 'setUTCSeconds',
  setMilliseconds: 'setUTCMilliseconds', toString: 'toUTCString', toDateString: 'toUTCString', toTimeString: 'toUTCString',
};

/** Inside handlers, dates live in UTC: the machine's timezone must not change a trace. */
function tameDates(): void {
  // The one place besides sandbox.ts that names the real Date: to tame its local-time methods.
  // eslint-disable-next-line no-restricted-globals
  const proto = Date.prototype as AnyObject;
  for (const [local, utc] of Object.entries(LOCAL_TO_UTC)) {
    const original = proto[local] as (...a: unknown[]) => unknown;
    const replacement = proto[utc] as (...a: unknown[]) => unknown;
    const tamed = {
      [local](this: unknown, ...args: unknown[]) {
        return (inUserCode() ? replacement : original).apply(this, args);
      },
    }[local];
    Object.defineProperty(proto, local, { value: tamed, writable: true, enumerable: false, configurable: true });
  }
  gateConstructor(proto, 'Date', 'the real Date reads the machine clock; use Date (the virtual one)');
  const offset = proto.getTimezoneOffset as (...a: unknown[]) => unknown;
  Object.defineProperty(proto, 'getTimezoneOffset', {
    value: function getTimezoneOffset(this: unknown) {
      return inUserCode() ? 0 : offset.apply(this);
    },
    writable: true, enumerable: false, configurable: true,
  });
}

/** Locale-dependent formatting differs between machines: refused inside handlers. */
function tameLocale(): void {
  // eslint-disable-next-line no-restricted-globals
  const dateProto = Date.prototype;
  const targets: [AnyObject, string][] = [
    [dateProto, 'toLocaleString'], [dateProto, 'toLocaleDateString'], [dateProto, 'toLocaleTimeString'],
    [Number.prototype, 'toLocaleString'], [Array.prototype, 'toLocaleString'], [String.prototype, 'localeCompare'],
    [String.prototype, 'toLocaleUpperCase'], [String.prototype, 'toLocaleLowerCase'], [BigInt.prototype, 'toLocaleString'],
    [Object.prototype, 'toLocaleString'],
  ];
  for (const [proto, key] of targets) {
    const original = proto[key] as (...a: unknown[]) => unknown;
    if (typeof original !== 'function') continue;
    const tamed = {
      [key](this: unknown, ...args: unknown[]) {
        if (inUserCode()) throw new RealmHardeningError(`${key} is not available in handlers: it depends on the machine's locale (use toFixed, toISOString, or < and > on strings)`);
        return original.apply(this, args);
      },
    }[key];
    Object.defineProperty(proto, key, { value: tamed, writable: true, enumerable: false, configurable: true });
  }
}
