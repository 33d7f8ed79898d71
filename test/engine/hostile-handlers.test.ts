// Hostile handler code, engine level (the browser suite test/browser/hostile-handlers.test.ts
// drives the same cases through the editor). Whatever the code does — loop forever, recurse,
// allocate without end, throw oddities, reach for the page, climb constructor chains, change
// built-ins, replace ctx methods — the attempt fails with a clear message at the same point on
// every run, the engine keeps working, and the next run is clean.
import { describe, expect, it } from 'vitest';
import { runScenario, ValidationError, type Scenario } from '../../src/engine/index';
import { oneQueueScenario } from './helpers';

const once = { queue: { maxDeliveryCount: 1 } };
const run = (body: string, limits?: Scenario['limits']) => {
  const scenario = oneQueueScenario(`export default async (msg, ctx) => {\n${body}\n};`, once);
  return runScenario(limits ? { ...scenario, limits } : scenario);
};
const failures = (r: ReturnType<typeof run>) => r.trace.filter((e) => e.kind === 'handler.failed').map((e) => (e.data as { error: string }).error);
const logs = (r: ReturnType<typeof run>) => r.trace.filter((e) => e.kind === 'handler.logged').map((e) => (e.data as { text: string }).text);
const healthy = () => {
  const r = run(`ctx.log(String(Object.keys({}).length + [1, 2].push(3) + ('polluted' in {} ? 100 : 0)));`);
  expect(logs(r)).toEqual(['3']);
  expect(failures(r)).toEqual([]);
};

describe('the work budget', () => {
  it('stops an endless loop with "work budget exceeded", at the same point on every run', () => {
    const started = performance.now();
    const a = run(`let i = 0; while (true) { i++; }`);
    const elapsedMs = performance.now() - started;
    expect(failures(a)[0]).toMatch(/^BudgetExceeded: work budget exceeded: more than 1,000,000 loop iterations/);
    expect(a.trace.some((e) => e.kind === 'message.dead-lettered')).toBe(true);
    expect(run(`let i = 0; while (true) { i++; }`).hash).toBe(a.hash);
    expect(elapsedMs).toBeLessThan(2_000);
    healthy();
  });

  it('cannot be caught: a catch or finally block re-throws a spent budget', () => {
    const r = run(`try { for (;;) {} } catch (e) { ctx.log('caught ' + e.message); } finally { ctx.log('finally'); }\nctx.log('after');`);
    expect(failures(r)[0]).toMatch(/work budget exceeded/);
    expect(logs(r)).toEqual([]);
  });

  it('counts loops in every shape and callbacks run by built-ins', () => {
    for (const loop of ['do {} while (true)', 'for (const x of (function* () { for (;;) yield 1; })()) {}', '[1].forEach(function f() { [1].forEach(f); })', 'let a = [1]; for (const x of a) a.push(x);']) {
      expect(failures(run(loop))[0], loop).toMatch(/work budget exceeded|call depth exceeded/);
    }
  });

  it('stops runaway recursion, sync and async, with "call depth exceeded"', () => {
    expect(failures(run(`const f = (n) => f(n + 1); f(0);`))[0]).toMatch(/^BudgetExceeded: call depth exceeded: more than 400 nested calls/);
    expect(failures(run(`async function f(n) { return await f(n + 1); } await f(0);`))[0]).toMatch(/call depth exceeded/);
    expect(failures(run(`const o = { get x() { return this.x; } }; o.x;`))[0]).toMatch(/call depth exceeded/);
    healthy();
  });

  it('takes its limits from the scenario', () => {
    const loop = `let n = 0; for (let i = 0; i < 5000; i++) n++; ctx.log(String(n));`;
    expect(logs(run(loop))).toEqual(['5000']);
    expect(failures(run(loop, { handlerWorkMax: 1000 }))[0]).toMatch(/more than 1,000 loop iterations/);
    const deep = `const f = (n) => (n === 0 ? 0 : 1 + f(n - 1)); ctx.log(String(f(50)));`;
    expect(logs(run(deep))).toEqual(['50']);
    expect(failures(run(deep, { handlerCallDepthMax: 20 }))[0]).toMatch(/more than 20 nested calls/);
  });

  it('bounds the module top level too: a load-time endless loop is a validation issue', () => {
    const scenario = oneQueueScenario(`while (true) {}\nexport default async () => {};`);
    expect(() => runScenario(scenario)).toThrow(ValidationError);
    expect(() => runScenario(scenario)).toThrow(/work budget exceeded/);
  });
});

describe('huge allocations', () => {
  it('fail as handler errors, not as a dead worker', () => {
    expect(failures(run(`new Array(1e9).fill(0);`))[0]).toMatch(/RangeError: arrays in handlers are limited to 10000000 elements/);
    expect(failures(run(`Array(2 ** 31);`))[0]).toMatch(/RangeError: arrays in handlers are limited/);
    expect(failures(run(`Array.from({ length: 1e9 }, () => 0);`))[0]).toMatch(/RangeError: arrays in handlers are limited/);
    expect(failures(run(`let s = 'x'; for (;;) s += s;`))[0]).toMatch(/RangeError: Invalid string length \(an allocation too large for a handler\)/);
    expect(failures(run(`'x'.repeat(2 ** 30);`))[0]).toMatch(/RangeError: Invalid (string length|count value)/);
    expect(failures(run(`new Uint8Array(1e9);`))[0]).toMatch(/Uint8Array is not available in handlers/);
    healthy();
  });
});

describe('thrown values of any kind', () => {
  it('become one readable line, even when reading them would run more hostile code', () => {
    const cases: [string, RegExp][] = [
      [`throw 'a string'`, /^a string$/],
      [`throw null`, /^threw null$/],
      [`throw undefined`, /^threw undefined$/],
      [`throw { code: 42 }`, /^threw \{"code":42\}$/],
      [`throw 17`, /^threw 17$/],
      [`throw Symbol('s')`, /^threw /],
      [`throw Object.create(null)`, /^threw \{\}$/],
      [`throw { get message() { throw new Error('gotcha'); } }`, /^threw a value that could not be read/],
      [`throw { get message() { for (;;) {} } }`, /work budget exceeded/],
      [`throw new Proxy({}, { get() { for (;;) {} } })`, /work budget exceeded/],
      [`throw { toJSON() { throw 1; } }`, /^threw a value that could not be read|^threw \[object Object\]$/],
      [`const e = new Error('x'); Object.defineProperty(e, 'message', { get() { return 'sneaky'; } }); throw e`, /^sneaky$/],
      [`class Custom extends Error { constructor() { super('custom'); this.name = 'Custom'; } } throw new Custom()`, /^Custom: custom$/],
      [`throw Object.assign(new Error('bad input'), { poison: true })`, /^bad input$/],
    ];
    for (const [stmt, expected] of cases) {
      const r = run(`${stmt};`);
      expect(failures(r)[0], stmt).toMatch(expected);
      expect(r.trace.some((e) => e.kind === 'message.dead-lettered'), stmt).toBe(true);
    }
    healthy();
  });
});

describe('containment', () => {
  it('makes every reach for the page, storage, network or host a clear failure', () => {
    const reaches = ['document.title', 'window.alert(1)', 'self.postMessage(1)', 'globalThis.fetch', 'fetch("/x")', 'localStorage.getItem("a")',
      'sessionStorage.length', 'indexedDB.open("x")', 'new XMLHttpRequest()', 'new WebSocket("ws://x")', 'importScripts("x.js")',
      'addEventListener("message", () => 1)', 'Promise.resolve().then(() => 1)', 'close()', 'console.log(1)', 'navigator.userAgent', 'process.exit(1)',
      'new Worker("x")', 'new BroadcastChannel("x")', 'structuredClone({})', 'WebAssembly.compile', 'caches.open("x")', 'Intl.DateTimeFormat()',
      'someUndeclaredGlobal.x', 'require("fs")'];
    for (const stmt of reaches) {
      expect(failures(run(`${stmt};`))[0], stmt).toMatch(/is not available in handlers: /);
    }
  });

  it('cuts constructor chains to Function and to the real clock', () => {
    const escapes = [
      `(function () {}).constructor('return this')()`,
      `({}).constructor.constructor('return this')()`,
      `(async () => {}).constructor('return 1')`,
      `Object.getPrototypeOf(function* () {}).constructor('yield 1')`,
      `[].map.constructor('return this')()`,
      `Reflect.getPrototypeOf(() => 1).constructor('return this')()`,
      `new (new Date().constructor)()`,
      `ctx.log.constructor('return this')()`,
    ];
    for (const stmt of escapes) expect(failures(run(`${stmt};`))[0], stmt).toMatch(/(Function|AsyncFunction|GeneratorFunction|Date) is not available in handlers/);
    expect(() => runScenario(oneQueueScenario(`export default () => eval('1')`))).toThrow(/eval is not available/);
    expect(() => runScenario(oneQueueScenario(`export default async () => { await import('x'); }`))).toThrow(/import/);
    expect(() => runScenario(oneQueueScenario(`const __bl_w = () => 0; export default () => 1;`))).toThrow(/reserved/);
  });

  it('refuses changes to built-ins, which therefore never reach the engine or the next run', () => {
    const changes = [
      `Object.prototype.polluted = 1`,
      `Array.prototype.push = () => 0`,
      `Object.defineProperty(Object.prototype, 'polluted', { value: 1 })`,
      `Object.setPrototypeOf(Array.prototype, null)`,
      `JSON.stringify = () => '{}'`,
      `Map.prototype.get = () => 1`,
      `delete Array.prototype.map`,
      `Object.getPrototypeOf(function* () {}).prototype.next = () => ({ done: true })`,
      `Error.prototype.toString = () => 'x'`,
    ];
    for (const stmt of changes) {
      expect(failures(run(`${stmt};`))[0], stmt).toMatch(/TypeError: .*(built-in objects are frozen|read only|not extensible|Cannot)/);
      healthy();
    }
  });

  it('still lets handlers assign names that frozen prototypes also have, on their own objects', () => {
    const r = run(`class E extends Error { constructor(m) { super(m); this.name = 'E'; } }
      const o = {}; o.toString = () => 'mine'; o.constructor = 1;
      ctx.log(String(o) + ' ' + new E('m').name + ' ' + o.constructor);`);
    expect(logs(r)).toEqual(['mine E 1']);
  });

  it('does not let handler code replace ctx methods', () => {
    for (const stmt of [`ctx.publish = () => 0`, `ctx.db.put = () => 0`, `ctx.inbox.seen = () => true`, `Object.defineProperty(ctx, 'log', { value: () => 0 })`, `delete ctx.log`]) {
      expect(failures(run(`${stmt};`))[0], stmt).toMatch(/TypeError: /);
    }
    healthy();
  });

  it('keeps dates in UTC and refuses locale-dependent formatting inside handlers', () => {
    const r = run(`ctx.log([new Date(2026, 0, 2, 3).getHours(), new Date(0).getTimezoneOffset(), String(new Date(0)).slice(0, 16)].join('|'));`);
    expect(logs(r)).toEqual(['3|0|Thu, 01 Jan 1970']);
    expect(failures(run(`(1234.5).toLocaleString();`))[0]).toMatch(/toLocaleString is not available in handlers/);
    expect(failures(run(`'a'.localeCompare('b');`))[0]).toMatch(/localeCompare is not available in handlers/);
    // Outside handlers the realm behaves as usual.
    expect(typeof (1234.5).toLocaleString()).toBe('string');
    expect(Object.getPrototypeOf(function () {}).constructor).toBe(Function);
  });
});
