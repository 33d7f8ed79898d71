// Loads QuickJS (compiled to WebAssembly) for the handler realm, once per host — the worker at
// boot, the vitest setup, the CLI, the benchmarks — and installs it as the engine's small realm
// interface (`RealmModule` in src/engine/handlers/realm-types.ts). The engine stays pure and
// never sees wasm pointers (the binding itself is quickjs-wasm.ts).
//
// One wasm instance per realm, from a pool of snapshots. Making a realm means a QuickJS runtime,
// a context and the prelude compiled in it (~5 ms, nearly all of it the compile: QuickJS has no
// code cache a context can share). So every realm gets a wasm instance of its own (its own
// linear memory), and the first realm booted with a given prelude key leaves a *template*: a
// copy of the bytes of its instance's memory right after the boot (the data segment and the
// heap, ~300 KB). The next realm with that key is that template copied into a free instance —
// byte for byte the state a fresh boot reaches, so the realm is as fresh as a new one and the
// same on every host, for ~0.1 ms. A released realm gives its instance back to the pool
// (nothing to free: the next snapshot overwrites it). Each template also remembers the module
// loads done in its realms (module-loads.ts): a realm loading the same modules as an earlier
// one is given that realm's memory rather than compiling them again. The memory left beyond the restored heap
// is garbage the allocator treats as free (C code never reads memory it has not written; calloc
// clears); the stack holds nothing between calls.
//
// Instances are made synchronously (~2 ms: `new WebAssembly.Instance` of the module compiled
// once at load, the emscripten glue run up to its first await), a few at load and more in the
// background between runs, and on the spot when the pool is empty — so every realm, always,
// lives alone in its instance and no realm ever shares a heap with another.
//
// The memory cap. QuickJS's own memory limit does not hold in this build: it counts only a
// fixed overhead per allocation (emscripten's malloc gives it no usable sizes), so it stops one
// huge allocation but not many small ones kept alive. The cap is the instance's wasm memory
// instead: it is created with a `maximum` of the realm's memory limit, so the heap cannot grow
// beyond it whatever the allocations; malloc fails, QuickJS throws "out of memory" inside the
// realm, and the refused growth marks the realm (`memoryRefused`): the call is interrupted at
// its next check and the engine fails the attempt with a named error. An instance whose memory
// grew is never reused: every realm starts in a memory of the initial size, so the cap bites at
// the same point on every run and every host.
//
// One thing is pinned while instantiating: emscripten answers C's `localtime` by asking the
// host's JavaScript Date, so QuickJS's local time (Date parsing without a zone, getHours,
// toString) would follow the machine's time zone. That import is replaced by one that answers
// in UTC, so local time inside every realm is UTC on every machine. The loader fails loudly if
// a future build no longer has that import, or no longer instantiates synchronously.

import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import { HANDLER_MEMORY_MAX_BYTES, installHandlerRealm } from '../engine/handlers/realm';
import type { RawRealm, RealmBoot, RealmModule, RealmOptions } from '../engine/handlers/realm-types';
import { Wasm, type Emscripten, type WasmBuffers } from './quickjs-wasm';
import { Realm, type RealmPointers } from './quickjs-realm';
import { findBreakAddress, LoadTree } from './module-loads';

type WasmImports = Record<string, Record<string, unknown>>;
/** The emscripten glue's module factory. */
export type EmscriptenLoader = (options: Record<string, unknown>) => Promise<Emscripten>;

/** The bytes (or compiled module) of the QuickJS wasm file, fetched the host's way. */
export type WasmSource = () => Promise<BufferSource | WebAssembly.Module>;

/** C `localtime_r` answered in UTC: writes a `struct tm` (9 ints + gmtoff) into wasm memory. */
function utcLocaltime(memory: () => WebAssembly.Memory) {
  return (seconds: number | bigint, tmPointer: number): void => {
    const date = new Date(Number(seconds) * 1000);
    const heap = new Int32Array(memory().buffer, tmPointer, 10);
    const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
    heap[0] = date.getUTCSeconds();
    heap[1] = date.getUTCMinutes();
    heap[2] = date.getUTCHours();
    heap[3] = date.getUTCDate();
    heap[4] = date.getUTCMonth();
    heap[5] = date.getUTCFullYear() - 1900;
    heap[6] = date.getUTCDay();
    heap[7] = Math.floor((date.getTime() - yearStart) / 86_400_000);
    heap[8] = 0; // tm_isdst
    heap[9] = 0; // tm_gmtoff
  };
}

function pinLocaltimeToUtc(imports: WasmImports, memory: () => WebAssembly.Memory): void {
  let replaced = 0;
  for (const namespace of Object.values(imports)) {
    for (const [name, fn] of Object.entries(namespace)) {
      if (typeof fn !== 'function') continue;
      const text = String(fn);
      if (text.includes('getTimezoneOffset') && text.includes('getSeconds')) {
        namespace[name] = utcLocaltime(memory);
        replaced++;
      }
    }
  }
  if (replaced !== 1) throw new Error(`the QuickJS build changed: expected one localtime import to pin to UTC, found ${replaced}`);
}

/** Free instances kept for reuse; how many the pool is filled to in the background; made at load. */
const IDLE_MAX = 16;
const POOL_TARGET = 12;
const POOL_AT_LOAD = 6;
const PAGE_BYTES = 4096;
const WASM_PAGE_BYTES = 65536;
/** The memory every instance starts with: the build's INITIAL_MEMORY (16 MB). */
const INITIAL_WASM_PAGES = 256;
/** The zero run between the data segment and the heap (emscripten's stack) is at least this long. */
const STACK_GAP_MIN_BYTES = 1024 * 1024;

/**
 * Marks the instance when emscripten's heap-resize import could not grow its memory (the
 * memory's `maximum` is the realm's cap): the realm's call is then interrupted (quickjs-wasm.ts).
 */
function watchHeapGrowth(imports: WasmImports, wasm: () => Wasm | undefined): void {
  let wrapped = 0;
  for (const namespace of Object.values(imports)) {
    for (const [name, fn] of Object.entries(namespace)) {
      if (typeof fn !== 'function' || !String(fn).includes('.grow(')) continue;
      const resize = fn as (bytes: number) => unknown;
      namespace[name] = (bytes: number) => {
        const grown = resize(bytes);
        const w = wasm();
        if (!grown && w) w.memoryRefused = true;
        return grown;
      };
      wrapped++;
    }
  }
  if (wrapped !== 1) throw new Error(`the QuickJS build changed: expected one heap-resize import to watch, found ${wrapped}`);
}

/** A booted realm's memory (data segment and heap) and pointers, to make more of it. */
interface Template {
  ranges: { start: number; bytes: Uint8Array }[];
  pointers: RealmPointers;
  buffers: WasmBuffers;
  /** The module loads remembered from it (null: the allocator's break could not be found). */
  loads: LoadTree | null;
}

/**
 * The bytes of a pristine instance after one boot: everything from address 0 to the last
 * non-zero page, less the longest zero run (the stack, empty between calls). Null when the
 * memory is not laid out that way (then realms are booted in place).
 */
function snapshot(heap: Uint8Array): Template['ranges'] | null {
  const pages = Math.ceil(heap.length / PAGE_BYTES);
  const used: boolean[] = new Array<boolean>(pages);
  const words = new Int32Array(heap.buffer, heap.byteOffset, Math.floor(heap.length / 4));
  for (let p = 0; p < pages; p++) {
    let nonZero = false;
    for (let i = (p * PAGE_BYTES) / 4, end = Math.min(words.length, ((p + 1) * PAGE_BYTES) / 4); i < end; i++) {
      if (words[i] !== 0) {
        nonZero = true;
        break;
      }
    }
    used[p] = nonZero;
  }
  const last = used.lastIndexOf(true);
  if (last < 0) return null;
  let gapStart = -1;
  let gapPages = 0;
  for (let p = 0; p <= last; ) {
    if (used[p]) {
      p++;
      continue;
    }
    let q = p;
    while (q <= last && !used[q]) q++;
    if (q - p > gapPages) {
      gapStart = p;
      gapPages = q - p;
    }
    p = q;
  }
  if (gapPages * PAGE_BYTES < STACK_GAP_MIN_BYTES) return null;
  const end = (last + 1) * PAGE_BYTES;
  const heapStart = (gapStart + gapPages) * PAGE_BYTES;
  return [
    { start: 0, bytes: heap.slice(0, gapStart * PAGE_BYTES) },
    { start: heapStart, bytes: heap.slice(heapStart, end) },
  ];
}

/** QuickJS as the engine's RealmModule: one instance per realm, from a pool; templates per prelude key. */
class QuickJS implements RealmModule {
  private readonly idle: Wasm[] = [];
  private readonly templates = new Map<string, Template | null>();
  private filling = false;
  /** Where the allocator keeps its break in every instance's memory (undefined: not looked for yet). */
  private breakAddress: number | null | undefined;
  /** Realms follow the templates' trees of module loads (tests turn it off to compare). */
  rememberLoads = true;
  /** Figures for the benchmarks and tests: realms restored from a template, booted; instances made (`onDemand`: on the spot), let go after growing. */
  readonly counts = { restored: 0, booted: 0, instances: 0, onDemand: 0, grownDropped: 0 };

  /** `spawn(maxBytes)` makes a pristine instance whose memory may grow to `maxBytes`; the pool holds those of `memoryBytes`. */
  constructor(private readonly spawn: (maxBytes: number) => Wasm, readonly memoryBytes: number) {}

  newRealm(options: RealmOptions, boot: RealmBoot): RawRealm {
    const pooled = options.memoryBytes === this.memoryBytes;
    const template = this.templates.get(boot.key);
    if (template && pooled) {
      const w = this.idle.pop() ?? this.onDemand(options.memoryBytes);
      this.fill();
      if (!template.loads || !this.rememberLoads) return this.restore(w, template, options);
      // Written on first use, from the template or from a remembered module load's image.
      this.counts.restored++;
      w.pristine = false;
      const realm = new Realm(w, options, () => this.giveBack(w), template.pointers);
      realm.onTree(template.loads, true);
      return realm;
    }
    let w: Wasm | undefined;
    if (pooled) {
      const at = this.idle.findIndex((i) => i.pristine);
      if (at >= 0) w = this.idle.splice(at, 1)[0]!;
      this.fill();
    }
    w ??= this.onDemand(options.memoryBytes);
    return template === undefined && pooled ? this.bootTemplate(w, options, boot) : this.bootIn(w, options, boot);
  }

  private onDemand(maxBytes: number): Wasm {
    this.counts.onDemand++;
    return this.made(maxBytes);
  }

  private made(maxBytes: number): Wasm {
    this.counts.instances++;
    return this.spawn(maxBytes);
  }

  /** Boots the prelude in a pristine instance. */
  private bootIn(w: Wasm, options: RealmOptions, boot: RealmBoot): Realm {
    this.counts.booted++;
    w.pristine = false;
    const realm = new Realm(w, options, () => this.giveBack(w));
    realm.booting = true;
    try {
      realm.entry = boot.boot(realm);
    } catch (error) {
      realm.dispose();
      throw error;
    } finally {
      realm.booting = false;
    }
    return realm;
  }

  private bootTemplate(w: Wasm, options: RealmOptions, boot: RealmBoot): Realm {
    const realm = this.bootIn(w, options, boot);
    const heap = w.m.HEAPU8;
    const ranges = snapshot(heap);
    if (!ranges) {
      this.templates.set(boot.key, null);
      return realm;
    }
    const pointers = realm.pointers();
    const buffers = { ...w.buffers };
    const loads = this.loadTree(heap, ranges, { ranges, buffers, owned: pointers.owned });
    this.templates.set(boot.key, { ranges, pointers, buffers, loads });
    if (loads) realm.onTree(loads, false);
    return realm;
  }

  /** The tree of module loads for a template just booted in `heap` (null when its layout is not the one expected). */
  private loadTree(heap: Uint8Array, ranges: Template['ranges'], image: { ranges: Template['ranges']; buffers: WasmBuffers; owned: number[] }): LoadTree | null {
    const [data, rest] = ranges;
    if (ranges.length !== 2 || data!.start !== 0) return null;
    if (this.breakAddress === undefined) {
      // A pristine instance of its own, spent on finding the break (made once per host).
      const probe = this.made(this.memoryBytes);
      this.breakAddress = findBreakAddress(() => probe.m.HEAPU8, (n) => probe.m._malloc(n), (p) => probe.m._free(p), data!.bytes.length);
    }
    const at = this.breakAddress;
    if (at === null) return null;
    const end = new DataView(heap.buffer, heap.byteOffset).getUint32(at, true);
    const heapStart = rest!.start;
    if (end < heapStart || end > heap.length || end + PAGE_BYTES < heapStart + rest!.bytes.length) return null;
    return new LoadTree({ dataEnd: data!.bytes.length, heapStart, breakAddress: at, memoryBytes: heap.length }, image);
  }

  private restore(w: Wasm, template: Template, options: RealmOptions): Realm {
    this.counts.restored++;
    w.pristine = false;
    const heap = w.m.HEAPU8;
    for (const range of template.ranges) heap.set(range.bytes, range.start);
    Object.assign(w.buffers, template.buffers);
    return new Realm(w, options, () => this.giveBack(w), template.pointers);
  }

  private giveBack(w: Wasm): void {
    // A memory that grew is let go: every realm starts in a memory of the initial size, so its cap bites at the same point.
    const grew = w.m.HEAPU8.length > INITIAL_WASM_PAGES * WASM_PAGE_BYTES;
    if (grew) this.counts.grownDropped++;
    if (w.broken || grew || w.maxBytes !== this.memoryBytes || this.idle.length >= IDLE_MAX) return;
    w.memoryRefused = false;
    this.idle.push(w);
  }

  /** Makes instances in the background, one per macrotask, until the pool has its target. */
  fill(): void {
    if (this.filling || this.idle.length >= POOL_TARGET) return;
    this.filling = true;
    const next = (): void => {
      try {
        if (this.idle.length < POOL_TARGET) this.idle.push(this.made(this.memoryBytes));
      } catch {
        this.filling = false; // no more instances for now: realms make theirs on the spot
        return;
      }
      if (this.idle.length < POOL_TARGET) later(next);
      else this.filling = false;
    };
    later(next);
  }

  /** Makes `count` instances now (at load). */
  prefill(count: number): void {
    for (let i = 0; i < count; i++) this.idle.push(this.made(this.memoryBytes));
  }
}

/** Runs `fn` in a later macrotask, without keeping a Node process alive for it. */
function later(fn: () => void): void {
  const timer = setTimeout(fn, 0) as unknown as { unref?: () => void };
  timer.unref?.();
}

/**
 * One emscripten instance of the compiled module, made synchronously: the glue (its browser and
 * CommonJS builds) runs `instantiateWasm` before its first await, and the wasm constructors are
 * run here rather than by the glue's later, asynchronous part (they are not idempotent: run
 * twice they change memory). Its memory starts at the build's initial size and may grow to
 * `maxBytes`; local time is pinned to UTC and refused heap growth marks the instance.
 */
function instantiate(loader: EmscriptenLoader, module: WebAssembly.Module, maxBytes: number): Wasm {
  const memory = new WebAssembly.Memory({ initial: INITIAL_WASM_PAGES, maximum: Math.max(INITIAL_WASM_PAGES, Math.floor(maxBytes / WASM_PAGE_BYTES)) });
  let wasm: Wasm | undefined;
  let constructors: (() => void) | undefined;
  const options: Record<string, unknown> = {
    wasmMemory: memory,
    instantiateWasm(imports: WasmImports, done: (instance: WebAssembly.Instance, module?: WebAssembly.Module) => void) {
      pinLocaltimeToUtc(imports, () => memory);
      watchHeapGrowth(imports, () => wasm);
      const instance = new WebAssembly.Instance(module, imports as WebAssembly.Imports);
      // The glue reads every export it binds at once; the one it leaves for later is the constructors.
      const read = new Set<string>();
      const exports: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(instance.exports)) {
        Object.defineProperty(exports, name, { enumerable: true, configurable: true, get: () => (read.add(name), value) });
      }
      done({ exports } as unknown as WebAssembly.Instance, module);
      const unread = Object.entries(instance.exports).filter(([name, value]) => typeof value === 'function' && !read.has(name));
      if (unread.length !== 1) throw new Error(`the QuickJS build changed: expected one export left for the constructors, found ${unread.length}`);
      const [ctorName, ctor] = unread[0]!;
      Object.defineProperty(exports, ctorName, { value: () => undefined });
      constructors = ctor as () => void;
      return {};
    },
  };
  void Promise.resolve(loader(options)).catch(() => undefined);
  const m = options as unknown as Emscripten;
  if (!constructors || typeof m._QTS_Call !== 'function' || typeof m._QTS_NewFunction !== 'function' || !(m.HEAPU8 instanceof Uint8Array)) {
    throw new Error('the QuickJS build changed: its loader no longer instantiates synchronously with the exports this binding knows');
  }
  constructors();
  wasm = new Wasm(m, maxBytes);
  return wasm;
}

let loading: Promise<RealmModule> | null = null;
/** The compiled wasm module, once loaded (a helper worker is handed it instead of compiling its own). */
let compiled: WebAssembly.Module | null = null;

export function handlerRealmWasmModule(): WebAssembly.Module | null {
  return compiled;
}

/** Loads QuickJS once and installs it as the engine's handler realm; `loader` gives the emscripten glue (by default the package's). */
export function loadHandlerRealm(wasm: WasmSource, loader?: () => Promise<EmscriptenLoader>): Promise<RealmModule> {
  loading ??= (async () => {
    const glue = loader ? await loader() : ((await releaseSync.importModuleLoader()) as unknown as EmscriptenLoader);
    const source = await wasm();
    const module = source instanceof WebAssembly.Module ? source : await WebAssembly.compile(source);
    compiled = module;
    const quickjs = new QuickJS((maxBytes) => instantiate(glue, module, maxBytes), HANDLER_MEMORY_MAX_BYTES);
    quickjs.prefill(POOL_AT_LOAD);
    quickjs.fill();
    installHandlerRealm(quickjs);
    return quickjs;
  })();
  return loading;
}
