// One handler realm (a QuickJS runtime + context) living in a wasm instance (quickjs-wasm.ts):
// booted in it or restored from a snapshot of its memory, code compiled and called in it, host
// functions answered out of it, and an exception or a trap inside it turned into a RealmThrew
// the engine can read. Every call marks the realm's activity (activity.ts) so a watchdog outside
// the engine can tell a call stuck in one C built-in from a long run that is making progress.

import { RealmThrew, type RawRealm, type RealmArg, type RealmOptions } from '../engine/handlers/realm-types';
import { EVAL_STRICT, encoder, type Wasm } from './quickjs-wasm';
import { enterRealm, leaveRealm, pulseRealmActivity } from './activity';

const HOST_FUNCTIONS = ['host', 'now', 'random'] as const;

/** The pointers of a booted realm: enough to make it again from a memory snapshot. */
export interface RealmPointers {
  rt: number;
  ctx: number;
  functions: { host: number; now: number; random: number };
  entry: number;
  owned: number[];
}

export class Realm implements RawRealm {
  readonly rt: number;
  readonly ctx: number;
  readonly functions: { host: number; now: number; random: number };
  entry = 0;
  /** Set while the prelude boots: the host is not asked anything then (a template must not depend on it). */
  booting = false;
  private disposed = false;
  private readonly owned: Set<number>;

  /** A new runtime and context in `w`, or (with `from`) the realm a restored snapshot holds. */
  constructor(readonly w: Wasm, private readonly options: RealmOptions, private readonly onDispose: (realm: Realm) => void, from?: RealmPointers) {
    const m = w.m;
    if (from) {
      this.rt = from.rt;
      this.ctx = from.ctx;
      this.functions = from.functions;
      this.entry = from.entry;
      this.owned = new Set(from.owned);
    } else {
      this.rt = m._QTS_NewRuntime();
      // No QuickJS limit (it counts allocations wrongly in this build): the wasm memory's maximum is the cap.
      m._QTS_RuntimeSetMemoryLimit(this.rt, -1);
      m._QTS_RuntimeSetMaxStackSize(this.rt, options.stackBytes);
      m._QTS_RuntimeEnableInterruptHandler(this.rt);
      this.ctx = m._QTS_NewContext(this.rt, 0);
      this.owned = new Set();
      const made: number[] = [];
      HOST_FUNCTIONS.forEach((name, i) => {
        const fn = m._QTS_NewFunction(this.ctx, w.chars(name), 1, 0, i + 1);
        this.owned.add(fn);
        made.push(fn);
      });
      this.functions = { host: made[0]!, now: made[1]!, random: made[2]! };
    }
    w.byContext.set(this.ctx, this);
    w.byRuntime.set(this.rt, this);
  }

  pointers(): RealmPointers {
    return { rt: this.rt, ctx: this.ctx, functions: this.functions, entry: this.entry, owned: [...this.owned] };
  }

  /** True when the realm's memory reached its cap (during the engine's current call). */
  get memoryExceeded(): boolean {
    return this.w.memoryRefused;
  }

  set memoryExceeded(value: boolean) {
    this.w.memoryRefused = value;
  }

  /** Stops the running code (uncatchable) when its memory reached the cap or the engine's budget says so. */
  interrupt(): boolean {
    return this.w.memoryRefused || this.options.interrupt();
  }

  /** A host function called from inside the realm: returns an owned JSValue pointer (0: undefined). */
  answer(argc: number, argv: number, id: number): number {
    if (this.booting) {
      this.w.broken = true;
      throw new Error('the handler realm asked the host while booting');
    }
    pulseRealmActivity();
    const w = this.w;
    const m = w.m;
    const f = this.options.functions;
    if (id === 2) return m._QTS_NewFloat64(this.ctx, f.now());
    if (id === 3) return m._QTS_NewFloat64(this.ctx, f.random());
    const text = argc > 0 ? this.string(m._QTS_ArgvGetJSValueConstPointer(argv, 0)) : '';
    const reply = f.host(text);
    switch (typeof reply) {
      case 'string': return m._QTS_NewString(this.ctx, w.chars(reply));
      case 'number': return m._QTS_NewFloat64(this.ctx, reply);
      case 'boolean': return m._QTS_DupValuePointer(this.ctx, reply ? w.trueValue : w.falseValue);
      default: return 0;
    }
  }

  private string(value: number): string {
    const m = this.w.m;
    const chars = m._QTS_GetString(this.ctx, value);
    if (!chars) return '';
    const text = this.w.read(chars);
    m._QTS_FreeCString(this.ctx, chars);
    return text;
  }

  private live(): void {
    if (this.disposed) throw new Error('the handler realm was disposed');
    if (this.crashed) throw new RealmThrew('InternalError', `out of memory: ${this.crashed}`);
  }

  /** Why the realm can run nothing more: a trap unwound QuickJS mid-call (its memory had run out). */
  private crashed: string | null = null;

  /**
   * Runs wasm; a JavaScript exception thrown through it (a trap, a host error) spoils the
   * instance. A trap is QuickJS failing inside: with its memory at the cap, an allocation that
   * failed where QuickJS does not check (seen: a service whose module kept its memory full,
   * on its next attempt: "memory access out of bounds" thrown out of the engine). The realm is
   * then spent: this and every later call fail as out of memory, the same way on every run.
   */
  private guard<T>(body: () => T): T {
    enterRealm();
    try {
      return body();
    } catch (error) {
      if (error instanceof RealmThrew) throw error;
      this.w.broken = true;
      if (!(error instanceof WebAssembly.RuntimeError)) throw error;
      this.crashed = `the realm crashed when its memory ran out (${error.message})`;
      this.w.memoryRefused = true;
      throw new RealmThrew('InternalError', `out of memory: ${this.crashed}`);
    } finally {
      leaveRealm();
    }
  }

  compile(source: string, file: string): number {
    this.live();
    return this.guard(() => {
      const m = this.w.m;
      const bytes = encoder.encode(source);
      const code = this.w.alloc(bytes.length + 1);
      m.HEAPU8.set(bytes, code);
      m.HEAPU8[code + bytes.length] = 0;
      const nameBytes = encoder.encode(file);
      let name: number;
      try {
        name = this.w.alloc(nameBytes.length + 1);
      } catch (error) {
        m._free(code);
        throw error;
      }
      m.HEAPU8.set(nameBytes, name);
      m.HEAPU8[name + nameBytes.length] = 0;
      try {
        const value = m._QTS_Eval(this.ctx, code, bytes.length, name, 0, EVAL_STRICT);
        return this.own(this.settle(value), 'the code evaluated to something other than a function');
      } finally {
        m._free(code);
        m._free(name);
      }
    });
  }

  call(fn: number, args: readonly RealmArg[]): string {
    // The realm's entry points always answer with a string: read it as one.
    return this.guard(() => {
      const value = this.invoke(fn, args);
      const text = this.string(value);
      this.w.m._QTS_FreeValuePointer(this.ctx, value);
      return text;
    });
  }

  callForFunction(fn: number, args: readonly RealmArg[]): number {
    return this.guard(() => this.own(this.invoke(fn, args), 'the call returned something other than a function'));
  }

  free(fn: number): void {
    if (this.disposed || !this.owned.delete(fn)) return;
    this.w.m._QTS_FreeValuePointer(this.ctx, fn);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const w = this.w;
    w.byContext.delete(this.ctx);
    w.byRuntime.delete(this.rt);
    // The instance is restored from a snapshot before its next realm (or let go): nothing to free.
    this.owned.clear();
    this.onDispose(this);
  }

  private invoke(fn: number, args: readonly RealmArg[]): number {
    this.live();
    const w = this.w;
    const m = w.m;
    const argv = w.argvFor(args.length);
    const made: number[] = [];
    let result: number;
    try {
      for (let i = 0; i < args.length; i++) {
        const arg = args[i]!;
        let value: number;
        if (typeof arg === 'string') made.push((value = w.made(m._QTS_NewString(this.ctx, w.chars(arg)))));
        else if (typeof arg === 'number') made.push((value = w.made(m._QTS_NewFloat64(this.ctx, arg))));
        else value = arg.fn;
        // A view made after the value: the wasm memory may have grown (a new buffer) meanwhile.
        new Int32Array(m.HEAPU8.buffer, argv, args.length)[i] = value;
      }
      result = w.made(m._QTS_Call(this.ctx, fn, w.undefinedValue, args.length, argv));
    } finally {
      for (const value of made) m._QTS_FreeValuePointer(this.ctx, value);
    }
    return this.settle(result);
  }

  /** An exception becomes a thrown RealmThrew with what could be read of it; a value is returned. */
  private settle(result: number): number {
    const w = this.w;
    const m = w.m;
    const error = m._QTS_ResolveException(this.ctx, result);
    if (!error) return result;
    m._QTS_FreeValuePointer(this.ctx, result);
    let name = 'Error';
    let message = 'the handler realm failed';
    try {
      const dump = m._QTS_Dump(this.ctx, error);
      const text = dump ? w.read(dump) : '';
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
    const w = this.w;
    const chars = w.m._QTS_Typeof(this.ctx, value);
    const type = w.read(chars);
    w.m._free(chars);
    return type;
  }

  private own(value: number, why: string): number {
    if (this.typeOf(value) !== 'function') {
      this.w.m._QTS_FreeValuePointer(this.ctx, value);
      throw new RealmThrew('TypeError', why);
    }
    this.owned.add(value);
    return value;
  }
}
