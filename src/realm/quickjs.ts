// Loads QuickJS (compiled to WebAssembly) for the handler realm, once per host — the worker at
// boot, the vitest setup, the CLI, the benchmarks — and binds it to the engine's small realm
// interface (`RealmModule` in src/engine/handlers/realm-types.ts), which the engine receives
// through `installHandlerRealm`. The engine stays pure and never sees wasm pointers.
//
// The binding talks to the wasm exports directly (`_QTS_*` of the emscripten module, pinned at
// @jitl/quickjs-wasmfile-release-sync 0.32.0) instead of going through a wrapper library:
// strings cross as UTF-8 in the wasm memory, host functions are answered through the module's
// `callbacks` hook, and nothing is allocated per call on the JavaScript side. A crossing costs
// a few microseconds; handler code makes one for every ctx operation.
//
// One thing is pinned while instantiating: emscripten answers C's `localtime` by asking the
// host's JavaScript Date, so QuickJS's local time (Date parsing without a zone, getHours,
// toString) would follow the machine's time zone. That import is replaced by one that answers
// in UTC, so local time inside every realm is UTC on every machine. The loader fails loudly if
// a future build no longer has that import.

import releaseSync from '@jitl/quickjs-wasmfile-release-sync';
import { installHandlerRealm } from '../engine/handlers/realm';
import { RealmThrew, type RawRealm, type RealmArg, type RealmModule, type RealmOptions } from '../engine/handlers/realm-types';

type WasmImports = Record<string, Record<string, unknown>>;
type EmscriptenLoader = (options: Record<string, unknown>) => Promise<Emscripten>;

/** The part of the emscripten module this binding uses (wasm exports and memory views). */
interface Emscripten {
  HEAPU8: Uint8Array;
  callbacks: unknown;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  _QTS_NewRuntime(): number;
  _QTS_FreeRuntime(rt: number): void;
  _QTS_NewContext(rt: number, intrinsics: number): number;
  _QTS_FreeContext(ctx: number): void;
  _QTS_RuntimeSetMemoryLimit(rt: number, bytes: number): void;
  _QTS_RuntimeSetMaxStackSize(rt: number, bytes: number): void;
  _QTS_RuntimeEnableInterruptHandler(rt: number): void;
  _QTS_Eval(ctx: number, code: number, length: number, filename: number, detectModule: number, flags: number): number;
  _QTS_Call(ctx: number, fn: number, self: number, argc: number, argv: number): number;
  _QTS_ResolveException(ctx: number, value: number): number;
  _QTS_FreeValuePointer(ctx: number, value: number): void;
  _QTS_NewString(ctx: number, chars: number): number;
  _QTS_GetString(ctx: number, value: number): number;
  _QTS_FreeCString(ctx: number, chars: number): void;
  _QTS_NewFloat64(ctx: number, value: number): number;
  _QTS_GetUndefined(): number;
  _QTS_GetTrue(): number;
  _QTS_GetFalse(): number;
  _QTS_DupValuePointer(ctx: number, value: number): number;
  _QTS_NewFunction(ctx: number, name: number, length: number, isConstructor: number, id: number): number;
  _QTS_ArgvGetJSValueConstPointer(argv: number, index: number): number;
  _QTS_Typeof(ctx: number, value: number): number;
  _QTS_Dump(ctx: number, value: number): number;
}

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

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** QuickJS eval flags: global code, strict mode. */
const EVAL_STRICT = 1 << 3;
const EVAL_STRIP = Number(process.env.QJS_STRIP ?? 0);

/** The binding over one loaded emscripten module. */
class QuickJS implements RealmModule {
  private scratch = 0;
  private scratchBytes = 0;
  private readonly undefinedValue: number;
  readonly trueValue: number;
  readonly falseValue: number;
  /** Realms by context pointer (host calls) and by runtime pointer (interrupts). */
  private readonly byContext = new Map<number, Realm>();
  private readonly byRuntime = new Map<number, Realm>();

  constructor(readonly m: Emscripten) {
    this.undefinedValue = m._QTS_GetUndefined();
    this.trueValue = m._QTS_GetTrue();
    this.falseValue = m._QTS_GetFalse();
    m.callbacks = {
      callFunction: (_asyncify: unknown, ctx: number, _self: number, argc: number, argv: number, id: number) => this.byContext.get(ctx)?.answer(argc, argv, id) ?? 0,
      shouldInterrupt: (_asyncify: unknown, rt: number) => (this.byRuntime.get(rt)?.interrupt() ? 1 : 0),
      freeHostRef: () => undefined,
      loadModuleSource: () => 0,
      normalizeModule: () => 0,
    };
  }

  newRealm(options: RealmOptions): RawRealm {
    const realm = new Realm(this, options);
    this.byContext.set(realm.ctx, realm);
    this.byRuntime.set(realm.rt, realm);
    return realm;
  }

  forget(realm: Realm): void {
    this.byContext.delete(realm.ctx);
    this.byRuntime.delete(realm.rt);
  }

  get undefined(): number {
    return this.undefinedValue;
  }

  /** `text` as NUL-terminated UTF-8 in a scratch buffer of the wasm memory (valid until the next use). */
  chars(text: string): number {
    const need = text.length * 3 + 1;
    if (need > this.scratchBytes) {
      if (this.scratch) this.m._free(this.scratch);
      this.scratchBytes = Math.max(need, 4096);
      this.scratch = this.m._malloc(this.scratchBytes);
    }
    const { written } = encoder.encodeInto(text, this.m.HEAPU8.subarray(this.scratch, this.scratch + need - 1));
    this.m.HEAPU8[this.scratch + written] = 0;
    return this.scratch;
  }

  /** Reads a NUL-terminated UTF-8 string from the wasm memory. */
  read(ptr: number): string {
    const heap = this.m.HEAPU8;
    let end = ptr;
    while (heap[end] !== 0) end++;
    if (end - ptr <= 256) {
      let ascii = true;
      for (let i = ptr; i < end; i++) {
        if (heap[i]! > 127) {
          ascii = false;
          break;
        }
      }
      if (ascii) return String.fromCharCode.apply(null, heap.subarray(ptr, end) as unknown as number[]);
    }
    return decoder.decode(heap.subarray(ptr, end));
  }
}

const HOST_FUNCTIONS = ['host', 'now', 'random'] as const;

class Realm implements RawRealm {
  readonly rt: number;
  readonly ctx: number;
  readonly functions: { host: number; now: number; random: number };
  private argv = 0;
  private argvSlots = 0;
  private disposed = false;
  private readonly owned = new Set<number>();

  constructor(private readonly q: QuickJS, private readonly options: RealmOptions) {
    const m = q.m;
    this.rt = m._QTS_NewRuntime();
    m._QTS_RuntimeSetMemoryLimit(this.rt, options.memoryBytes);
    m._QTS_RuntimeSetMaxStackSize(this.rt, options.stackBytes);
    m._QTS_RuntimeEnableInterruptHandler(this.rt);
    this.ctx = m._QTS_NewContext(this.rt, 0);
    const made: number[] = [];
    HOST_FUNCTIONS.forEach((name, i) => {
      const fn = m._QTS_NewFunction(this.ctx, q.chars(name), 1, 0, i + 1);
      this.owned.add(fn);
      made.push(fn);
    });
    this.functions = { host: made[0]!, now: made[1]!, random: made[2]! };
  }

  interrupt(): boolean {
    return this.options.interrupt();
  }

  /** A host function called from inside the realm: returns an owned JSValue pointer (0: undefined). */
  answer(argc: number, argv: number, id: number): number {
    const m = this.q.m;
    const f = this.options.functions;
    if (id === 2) return m._QTS_NewFloat64(this.ctx, f.now());
    if (id === 3) return m._QTS_NewFloat64(this.ctx, f.random());
    const text = argc > 0 ? this.string(m._QTS_ArgvGetJSValueConstPointer(argv, 0)) : '';
    const reply = f.host(text);
    switch (typeof reply) {
      case 'string': return m._QTS_NewString(this.ctx, this.q.chars(reply));
      case 'number': return m._QTS_NewFloat64(this.ctx, reply);
      case 'boolean': return m._QTS_DupValuePointer(this.ctx, reply ? this.q.trueValue : this.q.falseValue);
      default: return 0;
    }
  }

  private string(value: number): string {
    const m = this.q.m;
    const chars = m._QTS_GetString(this.ctx, value);
    if (!chars) return '';
    const text = this.q.read(chars);
    m._QTS_FreeCString(this.ctx, chars);
    return text;
  }

  private live(): void {
    if (this.disposed) throw new Error('the handler realm was disposed');
  }

  compile(source: string, file: string): number {
    this.live();
    const m = this.q.m;
    const bytes = encoder.encode(source);
    const code = m._malloc(bytes.length + 1);
    m.HEAPU8.set(bytes, code);
    m.HEAPU8[code + bytes.length] = 0;
    const nameBytes = encoder.encode(file);
    const name = m._malloc(nameBytes.length + 1);
    m.HEAPU8.set(nameBytes, name);
    m.HEAPU8[name + nameBytes.length] = 0;
    try {
      const value = m._QTS_Eval(this.ctx, code, bytes.length, name, 0, EVAL_STRICT | EVAL_STRIP);
      return this.own(this.settle(value), 'the code evaluated to something other than a function');
    } finally {
      m._free(code);
      m._free(name);
    }
  }

  call(fn: number, args: readonly RealmArg[]): string {
    // The realm's entry points always answer with a string: read it as one.
    const value = this.invoke(fn, args);
    const text = this.string(value);
    this.q.m._QTS_FreeValuePointer(this.ctx, value);
    return text;
  }

  callForFunction(fn: number, args: readonly RealmArg[]): number {
    return this.own(this.invoke(fn, args), 'the call returned something other than a function');
  }

  free(fn: number): void {
    if (this.disposed || !this.owned.delete(fn)) return;
    this.q.m._QTS_FreeValuePointer(this.ctx, fn);
  }

  dispose(): void {
    if (this.disposed) return;
    const m = this.q.m;
    for (const value of this.owned) m._QTS_FreeValuePointer(this.ctx, value);
    this.owned.clear();
    if (this.argv) m._free(this.argv);
    m._QTS_FreeContext(this.ctx);
    m._QTS_FreeRuntime(this.rt);
    this.q.forget(this);
    this.disposed = true;
  }

  private invoke(fn: number, args: readonly RealmArg[]): number {
    this.live();
    const m = this.q.m;
    if (args.length > this.argvSlots) {
      if (this.argv) m._free(this.argv);
      this.argvSlots = Math.max(args.length, 8);
      this.argv = m._malloc(this.argvSlots * 4);
    }
    const made: number[] = [];
    const slots = new Int32Array(m.HEAPU8.buffer, this.argv, args.length);
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      let value: number;
      if (typeof arg === 'string') made.push((value = m._QTS_NewString(this.ctx, this.q.chars(arg))));
      else if (typeof arg === 'number') made.push((value = m._QTS_NewFloat64(this.ctx, arg)));
      else value = arg.fn;
      // The wasm memory may have grown (a new buffer) while the value was made.
      if (slots.buffer !== m.HEAPU8.buffer) new Int32Array(m.HEAPU8.buffer, this.argv, args.length)[i] = value;
      else slots[i] = value;
    }
    const result = m._QTS_Call(this.ctx, fn, this.q.undefined, args.length, this.argv);
    for (const value of made) m._QTS_FreeValuePointer(this.ctx, value);
    return this.settle(result);
  }

  /** An exception becomes a thrown RealmThrew with what could be read of it; a value is returned. */
  private settle(result: number): number {
    const m = this.q.m;
    const error = m._QTS_ResolveException(this.ctx, result);
    if (!error) return result;
    m._QTS_FreeValuePointer(this.ctx, result);
    let name = 'Error';
    let message = 'the handler realm failed';
    try {
      const dump = m._QTS_Dump(this.ctx, error);
      const text = dump ? this.q.read(dump) : '';
      if (dump) m._QTS_FreeCString(this.ctx, dump);
      try {
        const parsed = JSON.parse(text) as { name?: unknown; message?: unknown } | null;
        if (parsed && typeof parsed === 'object') {
          if (typeof parsed.name === 'string') name = parsed.name;
          if (typeof parsed.message === 'string') message = parsed.message;
        } else message = String(parsed);
      } catch {
        if (text) message = text;
      }
    } finally {
      m._QTS_FreeValuePointer(this.ctx, error);
    }
    throw new RealmThrew(name, message);
  }

  private typeOf(value: number): string {
    const m = this.q.m;
    const chars = m._QTS_Typeof(this.ctx, value);
    const type = this.q.read(chars);
    m._free(chars);
    return type;
  }

  private own(value: number, why: string): number {
    if (this.typeOf(value) !== 'function') {
      this.q.m._QTS_FreeValuePointer(this.ctx, value);
      throw new RealmThrew('TypeError', why);
    }
    this.owned.add(value);
    return value;
  }
}

let loading: Promise<RealmModule> | null = null;

/** Loads QuickJS once and installs it as the engine's handler realm. */
export function loadHandlerRealm(wasm: WasmSource): Promise<RealmModule> {
  loading ??= (async () => {
    const loader = (await releaseSync.importModuleLoader()) as unknown as EmscriptenLoader;
    const m = await loader({
      instantiateWasm(imports: WasmImports, done: (instance: WebAssembly.Instance, module?: WebAssembly.Module) => void) {
        let memory: WebAssembly.Memory | undefined;
        pinLocaltimeToUtc(imports, () => memory!);
        void (async () => {
          const source = await wasm();
          const { instance, module } = source instanceof WebAssembly.Module
            ? { instance: await WebAssembly.instantiate(source, imports as WebAssembly.Imports), module: source }
            : await WebAssembly.instantiate(source, imports as WebAssembly.Imports);
          memory = Object.values(instance.exports).find((e): e is WebAssembly.Memory => e instanceof WebAssembly.Memory)
            ?? Object.values(imports).flatMap((ns) => Object.values(ns)).find((e): e is WebAssembly.Memory => e instanceof WebAssembly.Memory);
          if (!memory) throw new Error('the QuickJS build changed: no wasm memory found');
          done(instance, module);
        })();
        return {};
      },
    });
    if (typeof m._QTS_Call !== 'function' || typeof m._QTS_NewFunction !== 'function') throw new Error('the QuickJS build changed: its wasm exports are not the ones this binding knows');
    const module = new QuickJS(m);
    installHandlerRealm(module);
    return module;
  })();
  return loading;
}
