// Loads QuickJS (compiled to WebAssembly) for the handler realm, once per host — the worker at
// boot, the vitest setup, the CLI, the benchmarks — and installs it as the engine's small realm
// interface (`RealmModule` in src/engine/handlers/realm-types.ts). The engine stays pure and
// never sees wasm pointers (the binding itself is quickjs-wasm.ts).
//
// Why a pool of instances and snapshots: making a realm means a QuickJS runtime, a context and
// the prelude compiled in it (~5 ms, nearly all of it the compile: QuickJS has no code cache a
// context can share, and its bytecode cannot be moved between contexts). So every realm gets a
// wasm instance of its own (its own linear memory), and the first realm booted with a given
// prelude key leaves a *template*: a copy of the bytes of its instance's memory right after the
// boot (the data segment and the heap, ~300 KB). The next realm with that key is that template
// copied into a free instance — byte for byte the state a fresh boot reaches, so the realm is
// as fresh as a new one and the same on every host, for ~0.1 ms. A released realm gives its
// instance back to the pool (nothing to free: the next snapshot overwrites it). Isolation is
// stronger than sharing one heap: a realm's memory is its own instance's.
//
// The memory left beyond the restored heap is garbage the allocator treats as free (C code
// never reads memory it has not written; calloc clears); the stack holds nothing between calls.
// Instances are made asynchronously (emscripten's loader is async): a few at load, more in the
// background. When none is free a realm is made the old way in one shared instance (boot
// compiled in place), which behaves the same, only slower.
//
// One thing is pinned while instantiating: emscripten answers C's `localtime` by asking the
// host's JavaScript Date, so QuickJS's local time (Date parsing without a zone, getHours,
// toString) would follow the machine's time zone. That import is replaced by one that answers
// in UTC, so local time inside every realm is UTC on every machine. The loader fails loudly if
// a future build no longer has that import.

import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import { installHandlerRealm } from '../engine/handlers/realm';
import type { RawRealm, RealmBoot, RealmModule, RealmOptions } from '../engine/handlers/realm-types';
import { Realm, Wasm, type Emscripten, type RealmPointers, type WasmBuffers } from './quickjs-wasm';

type WasmImports = Record<string, Record<string, unknown>>;
type EmscriptenLoader = (options: Record<string, unknown>) => Promise<Emscripten>;

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
/** An instance whose memory grew beyond this is let go instead of reused. */
const REUSE_MEMORY_MAX_BYTES = 64 * 1024 * 1024;
const PAGE_BYTES = 4096;
/** The zero run between the data segment and the heap (emscripten's stack) is at least this long. */
const STACK_GAP_MIN_BYTES = 1024 * 1024;

/** A booted realm's memory (data segment and heap) and pointers, to make more of it. */
interface Template {
  ranges: { start: number; bytes: Uint8Array }[];
  pointers: RealmPointers;
  buffers: WasmBuffers;
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

/** QuickJS as the engine's RealmModule: pooled instances, templates, the shared fallback. */
class QuickJS implements RealmModule {
  private readonly idle: Wasm[] = [];
  private readonly templates = new Map<string, Template | null>();
  private filling = false;
  /** Figures for the benchmarks: realms made from a template, booted in a pooled instance, in the shared one. */
  readonly counts = { restored: 0, booted: 0, shared: 0, instances: 0 };

  constructor(private readonly shared: Wasm, private readonly spawn: () => Promise<Wasm>) {}

  newRealm(options: RealmOptions, boot: RealmBoot): RawRealm {
    const template = this.templates.get(boot.key);
    if (template) {
      const w = this.idle.pop();
      this.fill();
      if (w) return this.restore(w, template, options);
    } else if (template === undefined) {
      const at = this.idle.findIndex((w) => w.pristine);
      if (at >= 0) {
        const w = this.idle.splice(at, 1)[0]!;
        this.fill();
        return this.bootTemplate(w, options, boot);
      }
      this.fill(true);
    }
    this.counts.shared++;
    const realm = new Realm(this.shared, options, () => undefined);
    this.boot(realm, boot);
    return realm;
  }

  private boot(realm: Realm, boot: RealmBoot): void {
    realm.booting = true;
    try {
      realm.entry = boot.boot(realm);
    } catch (error) {
      realm.dispose();
      throw error;
    } finally {
      realm.booting = false;
    }
  }

  private bootTemplate(w: Wasm, options: RealmOptions, boot: RealmBoot): Realm {
    this.counts.booted++;
    w.pristine = false;
    const realm = new Realm(w, options, () => this.giveBack(w));
    this.boot(realm, boot);
    const ranges = snapshot(w.m.HEAPU8);
    this.templates.set(boot.key, ranges && { ranges, pointers: realm.pointers(), buffers: { ...w.buffers } });
    return realm;
  }

  private restore(w: Wasm, template: Template, options: RealmOptions): Realm {
    this.counts.restored++;
    const heap = w.m.HEAPU8;
    for (const range of template.ranges) heap.set(range.bytes, range.start);
    Object.assign(w.buffers, template.buffers);
    return new Realm(w, options, () => this.giveBack(w), template.pointers);
  }

  private giveBack(w: Wasm): void {
    if (w.broken || w.m.HEAPU8.length > REUSE_MEMORY_MAX_BYTES || this.idle.length >= IDLE_MAX) return;
    this.idle.push(w);
  }

  /** Makes instances in the background until the pool has its target. */
  fill(pristine = false): Promise<void> {
    const wanted = () => this.idle.length < POOL_TARGET || (pristine && !this.idle.some((w) => w.pristine));
    if (this.filling || !wanted()) return Promise.resolve();
    this.filling = true;
    return (async () => {
      try {
        while (wanted() && this.idle.length < IDLE_MAX) {
          this.idle.push(await this.spawn());
          this.counts.instances++;
        }
      } catch {
        /* no more instances: realms use the shared one */
      } finally {
        this.filling = false;
      }
    })();
  }

  /** Makes `count` instances now (at load). */
  async prefill(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      this.idle.push(await this.spawn());
      this.counts.instances++;
    }
  }
}

/** One emscripten instance of the compiled module, with local time pinned to UTC. */
async function instantiate(loader: EmscriptenLoader, module: WebAssembly.Module, pooled: boolean): Promise<Wasm> {
  const m = await loader({
    instantiateWasm(imports: WasmImports, done: (instance: WebAssembly.Instance, module?: WebAssembly.Module) => void) {
      let memory: WebAssembly.Memory | undefined;
      pinLocaltimeToUtc(imports, () => memory!);
      void WebAssembly.instantiate(module, imports as WebAssembly.Imports).then((instance) => {
        memory = Object.values(instance.exports).find((e): e is WebAssembly.Memory => e instanceof WebAssembly.Memory)
          ?? Object.values(imports).flatMap((ns) => Object.values(ns)).find((e): e is WebAssembly.Memory => e instanceof WebAssembly.Memory);
        if (!memory) throw new Error('the QuickJS build changed: no wasm memory found');
        done(instance, module);
      });
      return {};
    },
  });
  if (typeof m._QTS_Call !== 'function' || typeof m._QTS_NewFunction !== 'function') throw new Error('the QuickJS build changed: its wasm exports are not the ones this binding knows');
  return new Wasm(m, pooled);
}

let loading: Promise<RealmModule> | null = null;

/** Loads QuickJS once and installs it as the engine's handler realm. */
export function loadHandlerRealm(wasm: WasmSource): Promise<RealmModule> {
  loading ??= (async () => {
    const loader = (await releaseSync.importModuleLoader()) as unknown as EmscriptenLoader;
    const source = await wasm();
    const module = source instanceof WebAssembly.Module ? source : await WebAssembly.compile(source);
    const quickjs = new QuickJS(await instantiate(loader, module, false), () => instantiate(loader, module, true));
    await quickjs.prefill(POOL_AT_LOAD);
    void quickjs.fill();
    installHandlerRealm(quickjs);
    return quickjs;
  })();
  return loading;
}
