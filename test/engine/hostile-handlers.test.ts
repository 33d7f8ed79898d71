// Hostile handler code, engine level: the escape corpus. Handler code runs in a QuickJS realm
// (src/engine/handlers/realm.ts) with its own heap and built-ins; the browser suite
// test/browser/hostile-handlers.test.ts drives the same kinds of code through the editor.
// Every case asserts three things: nothing escaped (no marker on the host's global, no host
// object reached), the same hash on a rerun, and a clear failure where the code does wrong.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario, ValidationError, type Scenario } from '../../src/engine/index';
import { oneQueueScenario } from './helpers';

const once = { queue: { maxDeliveryCount: 1 } };
const scenarioOf = (body: string, limits?: Scenario['limits'], prelude = '') => {
  const scenario = oneQueueScenario(`${prelude}\nexport default async (msg, ctx) => {\n${body}\n};`, once);
  return limits ? { ...scenario, limits } : scenario;
};
const run = (body: string, limits?: Scenario['limits'], prelude = '') => runScenario(scenarioOf(body, limits, prelude));
const failures = (r: ReturnType<typeof run>) => r.trace.filter((e) => e.kind === 'handler.failed').map((e) => (e.data as { error: string }).error);
const logs = (r: ReturnType<typeof run>) => r.trace.filter((e) => e.kind === 'handler.logged').map((e) => (e.data as { text: string }).text);
const healthySource = `ctx.log(String(Object.keys({}).length + [1, 2].push(3) + ('polluted' in {} ? 100 : 0) + parseInt('7') + (typeof Proxy)));`;
const healthy = () => {
  const r = run(healthySource);
  expect(logs(r)).toEqual(['10function']);
  expect(failures(r)).toEqual([]);
  return r.hash;
};
const healthyHash = healthy();

/** Host globals an escape would touch: none may appear. */
const hostGlobal = globalThis as Record<string, unknown>;
afterEach(() => {
  expect(hostGlobal.__escaped).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
});

/** Runs twice: same hash, and the next clean run is unaffected. */
function hostile(body: string, limits?: Scenario['limits'], prelude = '') {
  const first = run(body, limits, prelude);
  const second = run(body, limits, prelude);
  expect(second.hash, body).toBe(first.hash);
  expect(run(healthySource).hash).toBe(healthyHash);
  return first;
}

describe('the work budget (QuickJS interrupt handler)', () => {
  it('stops an endless loop with "work budget exceeded", at the same point on every run', () => {
    const a = hostile(`let i = 0; while (true) { i++; }`);
    expect(failures(a)[0]).toMatch(/^BudgetExceeded: work budget exceeded: more than 1,000,000 units of work in one attempt/);
    expect(a.trace.some((e) => e.kind === 'message.dead-lettered')).toBe(true);
  });

  it('cannot be caught: a catch or finally block does not run on a spent budget', () => {
    const r = hostile(`try { for (;;) {} } catch (e) { ctx.log('caught ' + e.message); } finally { ctx.log('finally'); }\nctx.log('after');`);
    expect(failures(r)[0]).toMatch(/work budget exceeded/);
    expect(logs(r)).toEqual([]);
  });

  it('counts loops in every shape, callbacks run by built-ins and getters', () => {
    for (const loop of ['do {} while (true)', 'for (const x of (function* () { for (;;) yield 1; })()) {}', 'let a = [1]; for (const x of a) a.push(x);',
      'const o = { get x() { for (;;) {} } }; o.x;', '[1, 2, 3].sort(() => { for (;;) {} });']) {
      expect(failures(hostile(loop))[0], loop).toMatch(/work budget exceeded/);
    }
  });

  it('stops catastrophic regular-expression backtracking (the regex engine runs inside the realm)', () => {
    const started = performance.now();
    const r = hostile(`ctx.log(String(/(a+)+$/.test('a'.repeat(40) + '!')));`, { handlerWorkMax: 100_000 });
    expect(failures(r)[0]).toMatch(/^BudgetExceeded: work budget exceeded: more than 100,000 units of work/);
    expect(logs(r)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  it('takes its limit from the scenario', () => {
    const loop = `let n = 0; for (let i = 0; i < 50000; i++) n++; ctx.log(String(n));`;
    expect(logs(run(loop))).toEqual(['50000']);
    expect(failures(run(loop, { handlerWorkMax: 10_000 }))[0]).toMatch(/more than 10,000 units of work/);
  });

  it('bounds the module top level too: a load-time endless loop is a validation issue', () => {
    const scenario = oneQueueScenario(`while (true) {}\nexport default async () => {};`);
    expect(() => runScenario(scenario)).toThrow(ValidationError);
    expect(() => runScenario(scenario)).toThrow(/work budget exceeded/);
  });
});

describe('the realm stack', () => {
  it('stops runaway recursion, sync and async, with a stack overflow', () => {
    expect(failures(hostile(`const f = (n) => f(n + 1); f(0);`))[0]).toMatch(/^InternalError: stack overflow \(runaway recursion\?\)/);
    expect(failures(hostile(`async function f(n) { return await f(n + 1); } await f(0);`))[0]).toMatch(/^RangeError: call depth exceeded: more than 400 nested awaits/);
    expect(failures(hostile(`const o = { get x() { return this.x; } }; o.x;`))[0]).toMatch(/stack overflow/);
  });

  it('takes its depth from the scenario', () => {
    const deep = `const f = (n) => (n === 0 ? 0 : 1 + f(n - 1)); ctx.log(String(f(300)));`;
    expect(logs(run(deep))).toEqual(['300']);
    expect(failures(run(deep, { handlerCallDepthMax: 20 }))[0]).toMatch(/stack overflow/);
  });
});

describe('memory per realm (the wasm memory of its instance, capped)', () => {
  const MEMORY = /^MemoryLimitExceeded: handler exceeded its memory limit of 32 MB/;

  it('stops many allocations, each far under the cap, kept alive: strings, typed arrays, arrays, a Map', () => {
    for (const bomb of [
      `const chunk = 'y'.repeat(65536); const kept = []; for (;;) kept.push(chunk.slice(kept.length % 7));`,
      `const kept = []; for (;;) kept.push(new Float64Array(8192));`,
      `const kept = []; for (;;) kept.push(new Array(4096).fill(kept.length));`,
      `const m = new Map(); for (let i = 0; ; i++) m.set('k' + i, new Float64Array(512));`,
    ]) {
      const r = hostile(bomb, { handlerWorkMax: 10_000_000 });
      expect(failures(r)[0], bomb).toMatch(MEMORY);
    }
  });

  it('stops one huge allocation at once', () => {
    for (const bomb of [`new Uint8Array(64 * 1024 * 1024);`, `new ArrayBuffer(40e6);`]) {
      expect(failures(hostile(bomb))[0], bomb).toMatch(MEMORY);
    }
    // A fill this large is charged more work than an attempt has before it starts (or meets the cap).
    for (const bomb of [`new Array(5e6).fill(0);`, `const a = []; a[4e6] = 1; a.fill('x');`]) {
      expect(failures(hostile(bomb))[0], bomb).toMatch(/^(MemoryLimitExceeded: handler exceeded its memory limit of 32 MB|BudgetExceeded: work budget exceeded)/);
    }
    // Longer than any array a realm can hold: refused before the C loop starts.
    expect(failures(hostile(`[].constructor(1e9).fill(0);`))[0]).toMatch(/^RangeError: Array\.prototype\.fill over a length of 1000000000/);
  });

  it('stops a growing string, by the memory cap or the string length limit, whichever comes first', () => {
    expect(failures(hostile(`let s = 'x'; for (;;) s += s;`))[0]).toMatch(/^(MemoryLimitExceeded: handler exceeded its memory limit|RangeError: invalid string length|InternalError: string too long)/);
    expect(failures(hostile(`let s = ''; for (let i = 0; ; i++) s += 'abcdefghij'.repeat(1000) + i;`))[0]).toMatch(MEMORY);
    expect(failures(hostile(`'x'.repeat(2 ** 30);`))[0]).toMatch(/string too long|invalid string length|MemoryLimitExceeded|BudgetExceeded: work budget exceeded/);
  });

  it('cannot be caught: code that catches the "out of memory" and goes on still fails', () => {
    const r = hostile(`let kept = []; try { for (;;) kept.push(new Array(100000).fill(1)); } catch (e) { kept = []; ctx.log('caught ' + e.message); }\nctx.log('after');`, { handlerWorkMax: 10_000_000 });
    expect(failures(r)[0]).toMatch(MEMORY);
    expect(r.trace.some((e) => e.kind === 'message.dead-lettered')).toBe(true);
  });

  it('leaves recursion to the stack limit, not to memory', () => {
    expect(failures(hostile(`const f = (n) => [n, f(n + 1)]; f(0);`))[0]).toMatch(/^InternalError: stack overflow/);
    expect(failures(hostile(`const f = (n) => f(n + 1) + new Array(1000).fill(n).length; f(0);`))[0]).toMatch(/^InternalError: stack overflow/);
  });

  it("lets a service that keeps a memory bomb in module state fail alone: the other service's realm is untouched", () => {
    const hog = `const kept: string[] = [];\nexport default async (msg, ctx) => { kept.push('x'.repeat(8e6) + msg.id); ctx.log('kept ' + kept.length); };`;
    const scenario = structuredClone(oneQueueScenario(hog, { count: 16, consumers: 2 }));
    const [first, second] = scenario.services.filter((s) => s.name.startsWith('Worker'));
    second!.handlers[0]!.code = { source: `export default async (msg, ctx) => { ctx.log('fine ' + new Array(1000).fill(1).length); };` };
    const r = runScenario(scenario);
    expect(runScenario(scenario).hash).toBe(r.hash);
    const failed = r.trace.filter((e) => e.kind === 'handler.failed').map((e) => e.data as { service: string; error: string });
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) {
      expect(f.service).toBe(first!.name);
      expect(f.error).toMatch(MEMORY);
    }
    expect(logs(r).filter((t) => t.startsWith('kept ')).length).toBeGreaterThan(0);
    expect(logs(r).filter((t) => t.startsWith('fine')).length).toBeGreaterThan(0);
    expect(run(healthySource).hash).toBe(healthyHash);
  });
});

// Each case allocates megabytes and spends a whole work budget: seconds on a quiet machine,
// 35 s seen at load 16. The timeout is a hang guard (before the meter, each case ran for minutes).
describe('built-ins that loop in C over a length (not metered between interrupts)', { timeout: 180_000 }, () => {
  it('refuse a sparse array or an array-like longer than 10,000,000 at once, instead of running without end', () => {
    for (const [stmt, method] of [
      ['new Array(2 ** 32 - 1).lastIndexOf(1)', 'lastIndexOf'],
      ['Array.prototype.forEach.call({ length: 2 ** 53 - 1 }, () => 0)', 'forEach'],
      ['const a = []; a.length = 2 ** 32 - 1; a.reverse()', 'reverse'],
      ['String(new Array(2 ** 32 - 1))', 'toString'],
      ['Array.prototype.includes.call(new Proxy({ length: 1e12 }, {}), 1)', 'includes'],
    ]) {
      expect(failures(hostile(`${stmt};`))[0], stmt).toMatch(new RegExp(`^RangeError: Array\\.prototype\\.${method} over a length of \\d+: handlers may go over at most 10,000,000 elements`));
    }
  });

  it('charge the work they do in C over large data, so a loop of them spends its budget in a few calls instead of running for minutes', () => {
    // Each ran for more than a minute before (the interrupt handler is not called inside a C built-in).
    for (const loop of [
      `const s = 'x'.repeat(8e6); let n = 0; for (;;) n += s.indexOf('y');`,
      `const s = 'x'.repeat(8e6); for (;;) s.split('y');`,
      `const a = new Float64Array(3e6); for (;;) a.fill(1);`,
      `const a = new Array(1e6).fill('x'); for (;;) a.join('');`,
      `const o = {}; for (let i = 0; i < 50000; i++) o['k' + i] = i; for (;;) Object.keys(o);`,
      `const t = JSON.stringify(new Array(100000).fill(1)); for (;;) JSON.parse(t);`,
      `try { const s = 'x'.repeat(8e6); for (;;) s.includes('y'); } catch (e) { ctx.log('caught ' + e); }`,
    ]) {
      const r = hostile(loop);
      expect(failures(r)[0], loop).toMatch(/^BudgetExceeded: work budget exceeded/);
      expect(logs(r), loop).toEqual([]);
    }
  });

  it('charge what spreading, Array.from, apply and typed-array constructors copy in C', () => {
    // Each ran for minutes before: a spread or a copy is one C loop, with no interrupt check inside.
    for (const loop of [
      `const a = new Array(1e6).fill(1); for (;;) [...a];`,
      `const a = new Array(1e6).fill(1); for (;;) Math.max(...a.slice(0, 60000));`,
      `const m = new Map(); for (let i = 0; i < 300000; i++) m.set(i, i); for (;;) [...m.keys()];`,
      `const s = new Set(new Array(300000).fill(0).map((_, i) => i)); for (;;) Array.from(s);`,
      `const a = new Array(1e6).fill(1); for (;;) Array.from(a);`,
      `const a = new Uint8Array(8e6); for (;;) new Uint8Array(a);`,
      `const a = new Uint8Array(8e6); for (;;) new a.constructor(a);`,
      `const a = new Float64Array(1e6); for (;;) Float64Array.from(a);`,
      `const a = new Array(60000).fill(1); for (;;) Math.max.apply(null, a);`,
      `const a = new Array(60000).fill(1); for (;;) Reflect.apply(Math.max, null, a);`,
      `const s = 'x'.repeat(4e6); for (;;) [...s].length;`,
    ]) {
      const r = hostile(loop);
      expect(failures(r)[0], loop).toMatch(/^BudgetExceeded: work budget exceeded/);
    }
  });

  it('fail an attempt whose budget ran out inside a built-in that hands the interrupt back as a catchable error', () => {
    // The Set constructor closes its iterator and rethrows: the interrupt reached the catch block
    // as "InternalError: interrupted", and the attempt counted as a transient failure, or went on.
    const r = hostile(`try { new Set(new Array(300000).fill(0).map((_, i) => i)); } catch (e) { ctx.log('caught ' + e); }\nctx.log('after');`);
    expect(failures(r)[0]).toMatch(/^BudgetExceeded: work budget exceeded/);
    expect(logs(r)).toEqual([]);
  });

  it('leave ordinary spreads, iterators, apply and typed arrays alone: same results, names and identities', () => {
    const r = hostile(`const a = [3, 1, 2]; const b = [...a, ...new Set([4, 5]), ...new Map([[6, 7]]).keys()]; const u = new Uint8Array([1, 2, 3]);
class Bytes extends Uint8Array {}
ctx.log([b.join(), Math.max(...b), Math.max.apply(null, a), Reflect.apply(Math.min, null, a), u.join(), u instanceof Uint8Array, u.constructor === Uint8Array, Object.getPrototypeOf(u) === Uint8Array.prototype,
  new Bytes(4).length, new Bytes(2) instanceof Uint8Array, u.slice(1).constructor === Uint8Array, Uint8Array.from([9, 8]).join(), Uint8Array.name, Uint8Array.BYTES_PER_ELEMENT,
  Array.from('héllo').length, [...'ab'].join('+'), Array.prototype.values === Array.prototype[Symbol.iterator], Array.prototype.values.name, [...[1, 2].entries()].join(';'),
  Array.from({ length: 3 }, (_, i) => i * 2).join(), typeof Reflect.construct(Date, [0]).getTime()].join('|'));`);
    expect(logs(r)).toEqual(['3,1,2,4,5,6|6|3|1|1,2,3|true|true|true|4|true|true|9,8|Uint8Array|1|5|a+b|true|values|0,1;1,2|0,2,4|number']);
  });

  it('leave ordinary strings, typed arrays, JSON and keys alone: same results, names and lengths', () => {
    const r = hostile(`const s = 'ab'.repeat(5000); const t = new Uint8Array(10000).fill(3);
ctx.log([s.indexOf('ba'), s.split('a').length, s.replace(/b/g, '').length, 'x'.padStart(5000, '-').length, t.indexOf(3), t.slice(1).length, JSON.parse(JSON.stringify({ k: s })).k.length, Object.keys(s).length, String.prototype.indexOf.name, String.prototype.padStart.length, JSON.stringify.length].join('|'));`);
    expect(logs(r)).toEqual(['1|5001|5000|5000|0|9999|10000|10000|indexOf|1|3']);
  });

  it('leave ordinary arrays alone: same results, names and lengths', () => {
    const r = hostile(`ctx.log([[3, 1, 2].sort().join(), [1, 2, 3].map((x) => x * 2), [1, [2, [3]]].flat(2).length, Array.prototype.map.name, Array.prototype.reduce.length, [1, 2].includes(2), [1, 2, 3].indexOf(3), new Array(1e6).fill(1).lastIndexOf(1)].join('|'));`);
    expect(logs(r)).toEqual(['1,2,3|2,4,6|3|map|1|true|2|999999']);
  });
});

describe('thrown values of any kind', () => {
  it('are read inside the realm into one readable line, even when reading them runs more hostile code', () => {
    const cases: [string, RegExp][] = [
      [`throw 'a string'`, /^a string$/],
      [`throw null`, /^threw null$/],
      [`throw undefined`, /^threw undefined$/],
      [`throw { code: 42 }`, /^threw \{"code":42\}$/],
      [`throw 17`, /^threw 17$/],
      [`throw Symbol('s')`, /^threw /],
      [`throw Object.create(null)`, /^threw \{\}$/],
      [`throw { get message() { throw new Error('gotcha'); } }`, /^threw a value that could not be read \(reading it threw gotcha\)$/],
      [`throw { get message() { for (;;) {} } }`, /work budget exceeded/],
      [`throw new Proxy({}, { get() { for (;;) {} } })`, /work budget exceeded/],
      [`throw new Proxy({}, { get(t, k) { return k === 'message' ? 'from a proxy' : undefined; } })`, /^from a proxy$/],
      [`throw { toJSON() { throw 1; } }`, /^threw \[object Object\]$/],
      [`const e = new Error('x'); Object.defineProperty(e, 'message', { get() { return 'sneaky'; } }); throw e`, /^sneaky$/],
      [`class Custom extends Error { constructor() { super('custom'); this.name = 'Custom'; } } throw new Custom()`, /^Custom: custom$/],
      [`throw Object.assign(new Error('bad input'), { poison: true })`, /^bad input$/],
    ];
    for (const [stmt, expected] of cases) {
      const r = hostile(`${stmt};`);
      expect(failures(r)[0], stmt).toMatch(expected);
      expect(r.trace.some((e) => e.kind === 'message.dead-lettered'), stmt).toBe(true);
    }
  });
});

describe('containment', () => {
  it('makes every reach for the page, storage, network or host a clear failure', () => {
    const reaches = ['document.title', 'window.alert(1)', 'self.postMessage(1)', 'globalThis.fetch', 'fetch("/x")', 'localStorage.getItem("a")',
      'sessionStorage.length', 'indexedDB.open("x")', 'new XMLHttpRequest()', 'new WebSocket("ws://x")', 'importScripts("x.js")',
      'addEventListener("message", () => 1)', 'close()', 'console.log(1)', 'navigator.userAgent', 'process.exit(1)', 'setTimeout(() => 1, 5)',
      'new Worker("x")', 'new BroadcastChannel("x")', 'structuredClone({})', 'WebAssembly.compile', 'caches.open("x")', 'Intl.DateTimeFormat()',
      'require("fs")', 'globalThis.process', 'Reflect.get(globalThis, "fetch")'];
    for (const stmt of reaches) {
      expect(failures(hostile(`${stmt};`))[0], stmt).toMatch(/is not available in handlers: /);
    }
    expect(failures(hostile(`someUndeclaredGlobal.x;`))[0]).toMatch(/ReferenceError: 'someUndeclaredGlobal' is not defined/);
  });

  it('lets constructors of functions, generators and async functions reach only the realm', () => {
    const escapes = [
      `(function () {}).constructor('return this')()`,
      `({}).constructor.constructor('return this')()`,
      `(function* () {}).constructor('return this')().next().value`,
      `Object.getPrototypeOf(async function () {}).constructor('return this')`,
      `[].map.constructor('return this')()`,
      `ctx.log.constructor('return this')()`,
      `ctx.db.get.constructor('return globalThis')()`,
      `new Function('return this')()`,
      `(0, eval)('this')`,
    ];
    for (const expr of escapes) {
      const r = hostile(`const g = ${expr}; if (g && typeof g === 'object') { g.__escaped = true; ctx.log(Object.getOwnPropertyNames(g).includes('Date') ? 'realm global' : 'other'); } else ctx.log(typeof g);`);
      expect(failures(r), expr).toEqual([]);
      expect(logs(r)[0], expr).toMatch(/^(realm global|other|function|object)$/);
    }
    expect(() => runScenario(oneQueueScenario(`export default async () => { await import('x'); }`))).toThrow(/dynamic import\(\) is not available/);
  });

  it('keeps built-ins a handler changes inside its own realm: the next run starts clean', () => {
    const changes = [
      `Object.prototype.polluted = 1`,
      `Array.prototype.push = () => 0`,
      `JSON.stringify = () => '{}'; JSON.parse = () => ({})`,
      `Error.stackTraceLimit = 0; Error.prepareStackTrace = () => globalThis`,
      `parseInt = () => 0; globalThis.Proxy = function () { return globalThis; }`,
      `Map.prototype.get = () => 1; Set.prototype.add = () => 1`,
      `Object.getPrototypeOf(function* () {}).prototype.next = () => ({ done: true })`,
      `Function.prototype.call = () => 0; Reflect.apply = () => 0`,
    ];
    for (const stmt of changes) {
      // Its own ctx operations still work: the driver captured what it uses before user code ran.
      const r = hostile(`${stmt};\nawait ctx.work(5);\nctx.log('still working');`);
      expect(logs(r), stmt).toEqual(['still working']);
    }
  });

  it('never lets the host call a method of a handler-made object: what is not plain data is refused, proxies are read inside the realm', () => {
    // Values cross as JSON the realm writes without calling getters (prelude.ts `enc`); whatever
    // is not plain data arrives as an engine-made stand-in the engine's own checks refuse.
    const refused = [
      `{ toJSON() { globalThis.__escaped = 1; return { safe: true }; } }`,
      `{ get x() { globalThis.__escaped = 1; return (function () { return this; })(); } }`,
      `{ valueOf() { return 1; }, toString() { return 'x'; } }`,
      `new Date(0)`,
      `{ n: NaN }`,
    ];
    const send = (value: string) => hostile(`if (msg.body.job === undefined) return;
        const v = ${value};
        ctx.publish('JobSubmitted', v, { headers: { h: v } });
        ctx.db.put('t', 'k', v);
        await ctx.db.transaction(async (tx) => { tx.put('t', 'k2', v); tx.outbox.publish('JobSubmitted', v); });
        ctx.log('done');`);
    for (const value of refused) {
      const r = send(value);
      expect(logs(r), value).toEqual([]);
      expect(failures(r)[0], value).toMatch(/plain JSON/);
    }
    // A proxy answers the realm's questions inside the realm; what crosses is the data it gave.
    const r = send(`new Proxy({}, { ownKeys() { return ['a']; }, getOwnPropertyDescriptor() { return { value: 1, enumerable: true, configurable: true }; }, get() { return 2; } })`);
    expect(logs(r)).toEqual(['done']);
    expect(failures(r)).toEqual([]);
    const published = r.trace.filter((e) => e.kind === 'message.published').slice(1).map((e) => JSON.stringify((e.data as { body: unknown }).body));
    expect(published.length).toBeGreaterThan(0);
    for (const body of published) expect(JSON.parse(body)).toEqual({ a: 1 });
  });

  it('does not let handler code replace ctx methods', () => {
    for (const stmt of [`ctx.publish = () => 0`, `ctx.db.put = () => 0`, `ctx.inbox.seen = () => true`, `Object.defineProperty(ctx, 'log', { value: () => 0 })`, `(ctx as any).extra = 1`]) {
      expect(failures(hostile(`${stmt};`))[0], stmt).toMatch(/TypeError: /);
    }
    // ctx's members live on a frozen prototype: deleting one changes nothing.
    const r = hostile(`delete (ctx as any).log; ctx.log('still here');`);
    expect(logs(r)).toEqual(['still here']);
  });

  it('keeps module.exports getters and proxies inside the realm at load', () => {
    const prelude = `module.exports = new Proxy({}, { get(t, k) { globalThis.__escaped = 1; return k === 'default' ? (msg, ctx) => ctx.log('proxied') : undefined; } });`;
    const r = runScenario(oneQueueScenario(prelude));
    expect(logs(r)).toEqual(['proxied']);
    expect(runScenario(oneQueueScenario(prelude)).hash).toBe(r.hash);
  });
});

describe('time, randomness and locale inside the realm', () => {
  it('keeps dates in UTC, parses strings without a zone as UTC, and gives fixed locale results', () => {
    const r = hostile(`ctx.log([new Date(2026, 0, 2, 3).getHours(), new Date(0).getTimezoneOffset(), String(new Date(0)),
      new Date('2026-03-08T02:30:00').toISOString(), Date.parse('2026-11-01 01:30'), new Date('March 7, 2026 10:00').getHours(),
      (1234.5).toLocaleString(), 'a'.localeCompare('b'), new Date(0).toLocaleString()].join('|'));`);
    expect(logs(r)).toEqual(['3|0|Thu Jan 01 1970 00:00:00 GMT+0000|2026-03-08T02:30:00.000Z|1793496600000|10|1234.5|-1|01/01/1970, 12:00:00 AM']);
  });

  it('gives virtual time and seeded randomness', () => {
    const r = hostile(`ctx.log([Date.now(), performance.now(), new Date().toISOString(), typeof Math.random(), crypto.randomUUID().length].join('|'));`);
    expect(logs(r)[0]).toMatch(/^1767225600\d{3}\|\d+\|2026-01-01T00:00:00\.\d{3}Z\|number\|36$/);
  });

  it('has the same built-ins in every host: error texts, stack access, newer built-ins', () => {
    const r = hostile(`let text = ''; try { JSON.parse('{x'); } catch (e) { text = e.message + '|' + typeof e.stack; }
      ctx.log([text, typeof Object.groupBy, JSON.stringify(Object.groupBy([1, 2, 3], (n) => (n % 2 ? 'odd' : 'even')))].join('|'));`);
    expect(logs(r)).toEqual(['expecting property name|string|function|{"odd":[1,3],"even":[2]}']);
  });
});
