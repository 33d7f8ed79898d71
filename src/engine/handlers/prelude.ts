// The prelude of a handler realm: JavaScript source evaluated first in every fresh realm, before
// any handler module. It holds the realm's side of the boundary:
// - the globals handlers see instead of the host's: virtual Date/performance (the simulation
//   clock), seeded Math.random and crypto, `require('brokerlab')`, and accessors that fail
//   clearly for the page, storage, network and timers (the realm has none of them anyway);
// - the coroutine driver (the realm-side twin of coroutine.ts): it runs a handler whose async
//   functions were compiled to generators, delegates to nested frames (awaited helpers,
//   transactions, calls), and returns to the host at every suspension (`ctx.work`, `ctx.call`);
// - the ctx object, whose operations call one host function with JSON text and read JSON text
//   back: values cross the boundary only as text the engine parses.
//
// The text is compiled once per realm (QuickJS has no code cache across realms), at about a
// quarter of a microsecond per character, so it is written densely and without comments; this
// header is the commentary. The built-ins the driver uses are captured before any handler runs
// (a handler may replace Reflect.construct or Array.prototype[Symbol.iterator], never what the
// driver calls), and the hot ones are called through `call` bound once (`gNextOf(g, v)`, not
// `apply(gNext, g, [v])`: no array per call), with no array spread (`[id, ...a]` walks the
// array's iterator, which the prelude meters). Every value a handler hands to the engine goes
// through `enc`, a JSON encoder that marks what JSON cannot say ({"\u0000bl":"n…"} for NaN and
// infinities, "u" undefined, "f" a function, "s" a symbol, "b" a bigint, "g" a getter, "o" an
// object that is not plain data) without calling getters, so the engine's validation
// (publish-options.ts, isJson) sees what the handler passed and refuses it with its own message.
// Its strings (keys and values) of up to 64 characters are quoted through a cache of the last
// ≤512 (`q`): JSON.stringify costs ~0.5 µs a call in QuickJS, nearly all of it setting up. Thrown values are read here
// into plain { name, message } data. `ctx` members are accessors on a shared prototype that make
// each operation's function on first use, so an invocation costs one small object.
//
// Array methods that QuickJS runs as one C loop over `length` (indexOf over a sparse array of
// length 2³², forEach over {length: 2⁵³}) are not metered by the work budget between interrupts:
// they are wrapped to refuse a length beyond 10,000,000 (no dense array fits in a realm's 32 MB).
// Work a built-in does in C over large data is charged instead of counted: array, string and
// typed-array methods, JSON and Object.keys/values/entries charge for what they go over (from
// 4,096 elements, characters or bytes up; a unit per 64 characters or bytes, per ~3 array
// elements, per key listed; n·log n to sort) through the host function ('$' + units),
// before the call (after it for what only the result tells). A loop of `s.indexOf` over 8 MB
// ran for minutes inside its budget; now it spends the budget in a few calls and fails
// "work budget exceeded" like any loop (the spin after a refused charge meets the interrupt).
//
// Entry points, one function `api(kind, a, b)`: 0 load(name, moduleFactory) → '' | 'o'+options |
// 'e'+error; 1 start(payload: the JSON array [invocation, message, service, handler, attempt,
// idempotencyKey, session id | null], realm.ts startPayload) and 2 resume(id, answer?) → 'x'
// gone | 's'+ticks asleep | 'c'+call waiting (resumed with the call's answer as JSON) | 'd'+ticks,pending,value done |
// 'f'+ticks,pending,error failed; 3 drop(id). ctx.publish/send answer a number when the
// handler's channel is in confirm mode: the publish returns a frame that, awaited, waits for that
// confirm like a call (its nack is thrown there); not awaited, nobody hears of it. An operation is the JSON array [name, invocation,
// …arguments] (name + '~' while a transaction callback runs); the host answers undefined, a
// boolean or a number as themselves, 'x' when the invocation is gone, anything else as JSON (an
// engine error as {"\u0000e":{n,m,i,f}}). Transactions are numbered here and cost one crossing
// per operation plus their commit.

export const PRELUDE = String.raw`(function (host, clock, rnd, framesMax, ticksMax) {
'use strict';
const G = globalThis, O = Object, A = Array, S = String, E = Error, R = Reflect, D = Date, J = JSON, N = Number;
const apply = R.apply, construct = R.construct, def = O.defineProperty, freeze = O.freeze, getProto = O.getPrototypeOf, keys = O.keys, values = O.values, gopd = O.getOwnPropertyDescriptor;
const stringify = J.stringify, parse = J.parse, isArray = A.isArray, isFin = N.isFinite, floor = Math.floor, round = Math.round;
const OP = O.prototype, toStr = OP.toString, hasOwn = OP.hasOwnProperty, isFrozen = O.isFrozen, pe = O.preventExtensions;
const GP = getProto(getProto((function* () {})())), gNext = GP.next, gThrow = GP.throw;
const mp = Map.prototype, mGet = mp.get, mSet = mp.set, mDel = mp.delete, sp = Set.prototype, sAdd = sp.add, sDel = sp.delete, sSize = gopd(sp, 'size').get;
const FP = Function.prototype, uc = (f) => apply(FP.bind, FP.call, [f]);
const toStrOf = uc(toStr), hasOwnOf = uc(hasOwn), gNextOf = uc(gNext), gThrowOf = uc(gThrow), mGetOf = uc(mGet), mSetOf = uc(mSet), mDelOf = uc(mDel), sAddOf = uc(sAdd), sDelOf = uc(sDel), sSizeOf = uc(sSize);
const newMap = () => new Map(), newSet = () => new Set();
const EPOCH = 1767225600000, MK = '{"\\u0000bl":"', HE = '\u0000e';
const isGen = (v) => typeof v === 'object' && v !== null && toStrOf(v) === '[object Generator]';
let qc = newMap(), qn = 0;
const q = (v) => {
  if (v.length > 64) return stringify(v);
  let t = mGetOf(qc, v);
  if (t === undefined) { t = stringify(v); if (qn === 512) { qc = newMap(); qn = 0; } mSetOf(qc, v, t); qn++; }
  return t;
};
const isThen = (v) => (typeof v === 'object' || typeof v === 'function') && v !== null && typeof v.then === 'function';
function named(n, m) { const e = new E(m); def(e, 'name', { value: n, writable: true, configurable: true }); return e; }
const awaited = () => named('PromiseAwaitedError', 'awaited a Promise that is not a ctx operation: there are no timers or network in the simulation (use ctx.work(ms) to spend time)');
function enc(v, d) {
  switch (typeof v) {
    case 'string': return q(v);
    case 'number': return isFin(v) ? '' + v : MK + 'n' + v + '"}';
    case 'boolean': return v ? 'true' : 'false';
    case 'undefined': return MK + 'u"}';
    case 'object': break;
    default: return MK + (typeof v)[0] + '"}';
  }
  if (v === null) return 'null';
  if (d > 64) return MK + 'o"}';
  if (isArray(v)) { let t = '['; for (let i = 0; i < v.length; i++) t += (i ? ',' : '') + enc(v[i], d + 1); return t + ']'; }
  const p = getProto(v);
  if (p !== OP && p !== null) return MK + 'o"}';
  let t = '{', f = '';
  const ks = keys(v);
  for (let i = 0; i < ks.length; i++) {
    const k = ks[i], x = gopd(v, k);
    let y = k.length > 64 ? undefined : mGetOf(qc, k);
    t += f + (y === undefined ? q(k) : y) + ':';
    f = ',';
    if (!hasOwnOf(x, 'value')) { t += MK + 'g"}'; continue; }
    y = x.value;
    if (typeof y === 'string') { const z = y.length > 64 ? undefined : mGetOf(qc, y); t += z === undefined ? q(y) : z; } else t += typeof y === 'number' && isFin(y) ? '' + y : enc(y, d + 1);
  }
  return t + '}';
}
function hostError(h) {
  const e = named(h.n, h.m);
  const ks = keys(h.f);
  for (let i = 0; i < ks.length; i++) e[ks[i]] = h.f[ks[i]];
  def(e, '__blHostError', { value: h.i });
  return e;
}
function reply(r) {
  const v = parse(r);
  if (typeof v === 'object' && v !== null && hasOwnOf(v, HE)) throw hostError(v[HE]);
  return v;
}
function op(s, name, a, tid) {
  let t = '["' + name + (s.otx > 0 ? '~",' : '",') + s.id, n = a.length;
  if (tid !== undefined) t += ',' + tid;
  while (n > 0 && a[n - 1] === undefined) n--;
  for (let i = 0; i < n; i++) { const x = a[i]; t += ',' + (typeof x === 'string' ? q(x) : enc(x, 0)); }
  const r = host(t + ']');
  if (typeof r !== 'string') return r;
  if (r === 'x') { s.dead = true; return undefined; }
  return reply(r);
}
function VD(...a) {
  if (!new.target) return new D(EPOCH + clock()).toString();
  return construct(D, a.length === 0 ? [EPOCH + clock()] : a, new.target);
}
VD.prototype = D.prototype;
def(D.prototype, 'constructor', { value: VD, writable: true, configurable: true });
VD.now = function now() { return EPOCH + clock(); };
VD.UTC = D.UTC; VD.parse = D.parse; G.Date = VD;
Math.random = function random() { return rnd(); };
const hex = (n) => { let t = ''; for (let i = 0; i < n; i++) t += floor(rnd() * 16).toString(16); return t; };
G.performance = freeze({ now() { return clock(); } });
G.crypto = freeze({
  randomUUID() { return hex(8) + '-' + hex(4) + '-4' + hex(3) + '-' + '89ab'[floor(rnd() * 4)] + hex(3) + '-' + hex(12); },
  getRandomValues(x) { for (let i = 0; i < x.length; i++) x[i] = floor(rnd() * 256); return x; },
});
const WHY = { n: 'there is no network in the simulation; model remote calls as messages', c: 'handlers cannot load code',
  t: 'timers do not exist in virtual time; use ctx.work(ms) or a delayed publish', p: 'handlers run inside the simulated service, not the page',
  s: 'a service keeps its state in ctx.db', h: 'handlers run inside the simulated service', l: 'use ctx.log(text): it appears in the trace',
  j: 'copy plain data with JSON or spread instead', i: "formatting depends on the machine's locale; use toFixed or toISOString" };
for (const w of 'fetch:n XMLHttpRequest:n WebSocket:n EventSource:n BroadcastChannel:n importScripts:c WebAssembly:c setTimeout:t setInterval:t setImmediate:t queueMicrotask:t requestAnimationFrame:t document:p window:p self:p parent:p top:p opener:p frames:p addEventListener:p removeEventListener:p Notification:p localStorage:s sessionStorage:s indexedDB:s caches:s process:h global:h Buffer:h postMessage:h navigator:h location:h Worker:h SharedWorker:h MessageChannel:h close:h console:l structuredClone:j Intl:i'.split(' ')) {
  const k = w.split(':'), no = () => { throw named('SandboxViolation', k[0] + ' is not available in handlers: ' + WHY[k[1]]); };
  def(G, k[0], { get: no, set: no });
}
const AP = A.prototype, LEN_MAX = 1e7, CH = 4096, PER = 64, clz = Math.clz32;
const charge = (n, x) => { if (n >= CH && host('$' + floor((n * x) / PER)) === true) for (;;) {} };
const wrap = (P, k, size, x, after) => {
  const f = P[k];
  if (typeof f !== 'function') return;
  const w = after ? { [k](...a) { const r = apply(f, this, a); charge(size(r), x); return r; } }[k] : { [k](...a) { charge(size(this, a), x); return apply(f, this, a); } }[k];
  def(w, 'length', { value: f.length }); def(P, k, { value: w, writable: true, configurable: true });
};
for (const k of 'indexOf lastIndexOf includes forEach map filter some every find findIndex findLast findLastIndex reduce reduceRight reverse copyWithin fill join toString toLocaleString splice slice flat flatMap sort toSorted toReversed toSpliced with concat unshift shift'.split(' ')) {
  wrap(AP, k, function (t) {
    const n = t === null || t === undefined ? 0 : +O(t).length;
    if (n > LEN_MAX) throw new RangeError('Array.prototype.' + k + ' over a length of ' + n + ': handlers may go over at most 10,000,000 elements (a sparse array or an array-like this long would keep the simulator busy without end)');
    return k === 'sort' || k === 'toSorted' ? n * (32 - clz(n)) : n;
  }, 24);
}
const slen = (v) => (typeof v === 'string' ? v.length : 0), SP = S.prototype;
for (const k of 'indexOf lastIndexOf includes startsWith endsWith search match matchAll replace replaceAll split concat slice substring substr toUpperCase toLowerCase toLocaleUpperCase toLocaleLowerCase trim trimStart trimEnd normalize localeCompare repeat padStart padEnd'.split(' ')) {
  wrap(SP, k, (t, a) => (k === 'repeat' ? slen(t) * (typeof a[0] === 'number' ? a[0] : 0) : k === 'padStart' || k === 'padEnd' ? (typeof a[0] === 'number' ? a[0] : 0) : slen(t) + slen(a[0]) + slen(a[1])), 1);
}
const TAP = getProto(Int8Array.prototype), tbl = gopd(TAP, 'byteLength').get;
const tbytes = (t) => { try { return apply(tbl, t, []); } catch { return 0; } };
for (const k of 'fill set slice indexOf lastIndexOf includes join reverse sort copyWithin toSorted toReversed with map filter forEach reduce some every find findIndex'.split(' ')) {
  wrap(TAP, k, (t, a) => { const n = tbytes(t) + (a[0] !== null && typeof a[0] === 'object' ? tbytes(a[0]) || +a[0].length || 0 : 0); return k === 'sort' || k === 'toSorted' ? n * (32 - clz(n)) : n; }, 1);
}
const IT = Symbol.iterator, mSize = gopd(mp, 'size').get, tlen = gopd(TAP, 'length').get, ulen = (f) => (t) => { try { return apply(f, t, []); } catch { return 0; } };
const alen = (t) => (t === null || t === undefined ? 0 : +O(t).length || 0);
const witer = (P, ks, size) => {
  const made = newMap();
  for (const k of ks) {
    const f = P[k];
    if (typeof f !== 'function') continue;
    let w = apply(mGet, made, [f]);
    if (!w) { w = { [f.name](...a) { charge(size(this), 24); return apply(f, this, a); } }[f.name]; def(w, 'length', { value: f.length }); apply(mSet, made, [f, w]); }
    def(P, k, { value: w, writable: true, configurable: true });
  }
};
witer(AP, ['values', IT, 'keys', 'entries'], alen);
witer(TAP, ['values', IT, 'keys', 'entries'], ulen(tlen));
witer(SP, [IT], slen);
witer(mp, ['entries', IT, 'keys', 'values'], ulen(mSize));
witer(sp, ['values', IT, 'keys', 'entries'], ulen(sSize));
const cost = (a) => (a !== null && typeof a === 'object' ? (isArray(a) ? a.length * 24 : tbytes(a) || alen(a) * 24) : typeof a === 'string' ? a.length * 24 : 0);
wrap(A, 'from', (t, a) => cost(a[0]), 1);
wrap(getProto(Int8Array), 'from', (t, a) => cost(a[0]), 1);
wrap(Function.prototype, 'apply', (t, a) => cost(a[1]), 1);
wrap(R, 'apply', (t, a) => cost(a[2]), 1);
wrap(R, 'construct', (t, a) => cost(a[1]), 1);
for (const k of 'Int8Array Uint8Array Uint8ClampedArray Int16Array Uint16Array Int32Array Uint32Array Float32Array Float64Array BigInt64Array BigUint64Array'.split(' ')) {
  const C = G[k];
  if (typeof C !== 'function') continue;
  const W = new Proxy(C, { construct(c, a, nt) { charge(cost(a[0]), 1); return construct(c, a, nt === W ? c : nt); } });
  def(C.prototype, 'constructor', { value: W, writable: true, configurable: true });
  def(G, k, { value: W, writable: true, configurable: true });
}
wrap(J, 'parse', (t, a) => slen(a[0]), 16);
wrap(J, 'stringify', (r) => slen(r), 4, true);
for (const k of 'keys values entries getOwnPropertyNames'.split(' ')) wrap(O, k, (r) => (isArray(r) ? r.length : 0), 64, true);
const declared = newMap(), handlers = newMap(), runs = newMap();
function defineHandler(a, b, c) {
  const fn = typeof a === 'function' ? a : b, opts = typeof a === 'function' ? b : c;
  if (typeof fn !== 'function') throw new TypeError('defineHandler needs a handler function');
  if (opts !== undefined) apply(mSet, declared, [fn, opts]);
  return fn;
}
const BL = freeze({ defineHandler });
function req(id) {
  if (id === 'brokerlab') return BL;
  throw named('SandboxViolation', 'import "' + id + '" is not available in handlers: only "brokerlab" can be imported');
}
function describe(e) {
  try {
    if (typeof e === 'object' && e !== null && (e instanceof E || typeof e.message === 'string')) {
      const o = { name: typeof e.name === 'string' ? e.name : 'Error', message: typeof e.message === 'string' ? e.message : S(e.message) };
      if (e.poison === true) o.poison = true;
      if (e instanceof E && typeof e.__blHostError === 'number') o.host = e.__blHostError;
      return o;
    }
    if (typeof e === 'string') return { name: 'Error', message: e, plain: true };
    if (e === null || e === undefined) return { name: 'Error', message: 'threw ' + e, plain: true };
    let t;
    try { t = stringify(e); } catch (x) { t = undefined; }
    const o = { name: 'Error', message: 'threw ' + (t === undefined ? apply(toStr, e, []) : t.length > 200 ? t.slice(0, 200) + '…' : t), plain: true };
    if (typeof e === 'object' && e.poison === true) o.poison = true;
    return o;
  } catch (x) {
    let why = 'it could not be read';
    try { why = 'reading it threw ' + (x instanceof E ? x.message : typeof x); } catch (y) { }
    return { name: 'Error', message: 'threw a value that could not be read (' + why + ')', plain: true };
  }
}
function load(name, factory) {
  try {
    const ex = {}, module = { exports: ex };
    factory(module, ex, req);
    const m = module.exports, fn = m !== null && typeof m === 'object' && m.default !== undefined ? m.default : m;
    if (typeof fn !== 'function') throw new TypeError('the module must \u0060export default\u0060 a handler function (msg, ctx) => …');
    apply(mSet, handlers, [name, fn]);
    const o = apply(mGet, declared, [fn]);
    return o === undefined ? '' : 'o' + enc(o, 0);
  } catch (e) { return 'e' + stringify(describe(e)); }
}
function end(s, ok, v) {
  mDelOf(runs, s.id);
  const head = s.ticks + ',' + (s.p ? sSizeOf(s.p) : 0) + ',';
  if (ok) { try { return 'd' + head + (v === undefined ? '' : enc(v, 0)); } catch (e) { v = e; } }
  return 'f' + head + stringify(describe(v));
}
function step(s, input, thrown) {
  const k = s.stack;
  let v = input, th = thrown;
  for (;;) {
    if (s.dead) { mDelOf(runs, s.id); return 'x'; }
    const fr = k[k.length - 1];
    let r;
    try { r = th ? gThrowOf(fr, v) : gNextOf(fr, v); } catch (e) {
      k.length--;
      if (k.length === 0) return end(s, false, e);
      v = e; th = true; continue;
    }
    th = false;
    if (r.done) {
      k.length--;
      if (k.length === 0) return end(s, true, r.value);
      v = r.value;
    } else {
      const y = r.value;
      let kind;
      try { kind = isGen(y) ? 1 : isThen(y) ? 2 : 0; } catch (e) { kind = 3; v = e; th = true; }
      if (kind === 1 && k.length >= framesMax) { kind = 3; v = new RangeError('call depth exceeded: more than ' + framesMax + ' nested awaits (runaway recursion?)'); th = true; }
      if (kind === 1) { k[k.length] = y; if (s.p) sDelOf(s.p, y); v = undefined; continue; }
      if (kind === 2) { v = awaited(); th = true; } else if (kind === 0) v = y;
    }
    if (s.dead) { mDelOf(runs, s.id); return 'x'; }
    if (s.call !== null) { s.rv = v; s.rt = th; return 'c' + s.call; }
    if (s.ticks > 0) { const t = s.ticks; s.ticks = 0; s.rv = v; s.rt = th; return 's' + t; }
  }
}
function frozen(v) { freeze(v); const x = values(v); for (let i = 0; i < x.length; i++) { const y = x[i]; if (typeof y === 'object' && y !== null) frozen(y); } }
function deepFreeze(v) { if (typeof v === 'object' && v !== null) frozen(v); return v; }
const pend = (s, f) => { if (!s.p) s.p = newSet(); sAddOf(s.p, f); return f; };
function* txFrame(s, work) {
  const ts = { s, tid: ++s.tn, f: {}, ob: null, ib: null, sg: null };
  let r;
  s.otx++;
  try { r = work(construct(Api, [ts, KEY], TxT)); if (isGen(r)) r = yield* r; else if (isThen(r)) throw awaited(); } finally { s.otx--; }
  op(s, 'tx.commit', [ts.tid]);
  return r;
}
function* btxFrame(s, work) {
  const bid = ++s.tn, t = (n) => (...a) => op(s, n, a, bid);
  let r = work(freeze({ publish: t('btx.publish'), send: t('btx.send'), complete: t('btx.complete'), abandon: t('btx.abandon'), deadLetter: t('btx.deadLetter'), defer: t('btx.defer') }));
  if (isGen(r)) r = yield* r; else if (isThen(r)) throw awaited();
  op(s, 'btx.commit', [bid]);
  return r;
}
function* callFrame(s, a) {
  if (s.ticks > 0) yield undefined;
  const c = op(s, 'call.start', a);
  if (c === undefined) return undefined;
  s.call = c;
  const r = yield undefined;
  return r;
}
function* confirmFrame(s, c) {
  s.call = c;
  const r = yield undefined;
  return r;
}
const of = (s, n) => s.f[n] || (s.f[n] = (...a) => op(s, n, a));
const pub = (s, n) => s.f[n] || (s.f[n] = (...a) => { const c = op(s, n, a); return typeof c === 'number' ? confirmFrame(s, c) : c; });
const tof = (ts, n) => ts.f[n] || (ts.f[n] = (...a) => op(ts.s, n, a, ts.tid));
const KEY = {};
class Api { #s; constructor(s, key) { if (key !== KEY) throw new TypeError('ctx objects are made by the engine'); this.#s = s; pe(this); } static s(c) { return c.#s; } }
const sOf = Api.s;
delete Api.s;
function lazyApi(members) {
  const p = O.create(Api.prototype), ks = keys(members);
  for (let i = 0; i < ks.length; i++) { const get = members[ks[i]]; def(p, ks[i], { get() { return get(sOf(this)); } }); }
  const T = function () {};
  T.prototype = freeze(p);
  return T;
}
const nowFn = function now() { return clock(); };
const CtxT = lazyApi({
  publish: (s) => pub(s, 'publish'), send: (s) => pub(s, 'send'), random: (s) => of(s, 'random'), deadLetter: (s) => of(s, 'deadLetter'),
  complete: (s) => of(s, 'complete'), abandon: (s) => of(s, 'abandon'), defer: (s) => of(s, 'defer'), nack: (s) => of(s, 'nack'),
  reject: (s) => of(s, 'reject'), protect: (s) => of(s, 'protect'), reveal: (s) => of(s, 'reveal'),
  message: (s) => s.i.message, service: (s) => s.i.service, handler: (s) => s.i.handler, attempt: (s) => s.i.attempt,
  idempotencyKey: (s) => s.i.idempotencyKey, session: (s) => s.i.session,
  db: (s) => s.db || (s.db = freeze({ get: of(s, 'db.get'), keys: of(s, 'db.keys'), put: of(s, 'db.put'), transaction: (w) => pend(s, txFrame(s, w)) })),
  inbox: (s) => s.ib || (s.ib = freeze({ seen: of(s, 'inbox.seen') })),
  saga: (s) => s.sg || (s.sg = freeze({ stepCompleted: of(s, 'saga.stepCompleted'), compensated: of(s, 'saga.compensated') })),
  now: () => nowFn,
  log: (s) => s.f.log || (s.f.log = (x) => { op(s, 'log', [S(x)]); }),
  work: (s) => s.f.work || (s.f.work = (ms) => {
    if (typeof ms !== 'number' || !(ms >= 0 && ms <= ticksMax)) { op(s, 'work', [ms]); return; }
    s.ticks += round(ms);
  }),
  receiveDeferred: (s) => s.f.rd || (s.f.rd = (...a) => deepFreeze(op(s, 'receiveDeferred', a))),
  peek: (s) => s.f.pk || (s.f.pk = (...a) => deepFreeze(op(s, 'peek', a))),
  brokerTransaction: (s) => s.f.bt || (s.f.bt = (w) => pend(s, btxFrame(s, w))),
  call: (s) => s.f.call || (s.f.call = (...a) => pend(s, callFrame(s, a))),
});
const TxT = lazyApi({
  get: (t) => tof(t, 'tx.get'), put: (t) => tof(t, 'tx.put'), delete: (t) => tof(t, 'tx.delete'), keys: (t) => tof(t, 'tx.keys'),
  outbox: (t) => t.ob || (t.ob = freeze({ publish: tof(t, 'tx.outbox.publish'), send: tof(t, 'tx.outbox.send') })),
  inbox: (t) => t.ib || (t.ib = freeze({ seen: tof(t, 'tx.inbox.seen'), record: tof(t, 'tx.inbox.record') })),
  saga: (t) => t.sg || (t.sg = freeze({ stepCompleted: tof(t, 'tx.saga.stepCompleted'), compensated: tof(t, 'tx.saga.compensated') })),
});
freeze(Api.prototype); freeze(Api);
function start(text) {
  const p = parse(text), m = p[1];
  deepFreeze(m);
  const i = { service: p[2], handler: p[3], attempt: p[4], idempotencyKey: p[5] };
  if (p[6] !== null) i.session = freeze({ id: p[6], getState: (...a) => op(s, 'session.getState', a), setState: (...a) => op(s, 'session.setState', a) });
  i.message = m;
  const s = { id: p[0], i, f: {}, stack: [], ticks: 0, p: null, call: null, rv: undefined, rt: false, dead: false, db: null, ib: null, sg: null, tn: 0, otx: 0 };
  mSetOf(runs, s.id, s);
  let r;
  try { r = mGetOf(handlers, i.handler)(m, construct(Api, [s, KEY], CtxT)); } catch (e) { return end(s, false, e); }
  if (!isGen(r)) return isThen(r) ? end(s, false, awaited()) : end(s, true, r);
  s.stack[0] = r;
  return step(s, undefined, false);
}
return function api(kind, a, b) {
  if (kind === 1) return start(a);
  if (kind === 2) {
    const s = mGetOf(runs, a);
    if (s === undefined) return 'x';
    s.call = null;
    if (b === undefined) return step(s, s.rv, s.rt);
    let v, th = false;
    try { v = b === '' ? undefined : reply(b); } catch (e) { v = e; th = true; }
    return step(s, v, th);
  }
  if (kind === 0) return load(a, b);
  mDelOf(runs, a);
  return '';
};
})`;
