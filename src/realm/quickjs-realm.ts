// One handler realm (a QuickJS runtime + context) living in a wasm instance (quickjs-wasm.ts):
// booted in it or restored from a snapshot of its memory, code compiled and called in it, host
// functions answered out of it, and an exception or a trap inside it turned into a RealmThrew
// the engine can read. Every call marks the realm's activity (activity.ts) so a watchdog outside
// the engine can tell a call stuck in one C built-in from a long run that is making progress.
// A realm made from a template follows the template's tree of remembered module loads
// (module-loads.ts): while it only loads modules down a known path its memory is deferred, and
// it is written (an image, then the operations below it, live) at its first other call.

import { RealmThrew, type RawRealm, type RealmArg, type RealmOptions } from '../engine/handlers/realm-types';
import { EVAL_STRICT, encoder, type Wasm } from './quickjs-wasm';
import { enterRealm, leaveRealm, pulseRealmActivity } from './activity';
import { loadCounts, opKey, used, type LoadNode, type LoadOp, type LoadTree } from './module-loads';

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
  private owned: Set<number>;
  /** The template's tree of module loads, and where this realm stands on it (null: off it, for good). */
  private tree: LoadTree | null = null;
  private trail: LoadNode | null = null;
  /** The instance's memory does not hold this realm yet: it is the trail's node, written on first other use. */
  private deferred = false;
  /** Questions the running code asked the host (answers and interrupt checks): an operation that asked none is pure. */
  private asked = 0;

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

  /** Follows `tree` from its root: `deferred` when the instance's memory is not the template's yet. */
  onTree(tree: LoadTree, deferred: boolean): void {
    this.tree = tree;
    this.trail = tree.root;
    this.deferred = deferred;
  }

  /** A known module operation moves a deferred realm down the tree, not run; else null: write the memory, run it live, `remember`. */
  private follow(op: LoadOp): LoadNode | null {
    const next = this.trail!.children.get(opKey(op));
    if (next && this.deferred) {
      this.trail = next;
      loadCounts.followed++;
      return next;
    }
    this.materialise();
    return null;
  }

  /** After a live operation from the trail's node: a pure one is (or becomes) the node it leads to. */
  private remember(op: LoadOp, result: number | string, askedBefore: number): void {
    const tree = this.tree;
    const from = this.trail;
    if (!tree || !from) return;
    const pure = this.asked === askedBefore && !this.w.memoryRefused && this.w.m.HEAPU8.length === tree.layout.memoryBytes;
    const known = from.children.get(opKey(op));
    if (!pure) this.trail = null;
    else if (known) this.trail = known.result === result ? known : null;
    else this.trail = tree.grow(from, op, result);
  }

  /** A call that is not a module load: the memory is written, and the realm leaves the tree (its node keeps an image). */
  private leaveTree(): void {
    if (!this.trail) return;
    this.materialise();
    const node = this.trail;
    if (node.parent && !node.image) this.tree!.keepImage(node, this.w.m.HEAPU8, this.w.buffers, this.owned);
    this.trail = null;
  }

  /** Writes the deferred memory: the image of the nearest node up the path, then the operations below it, live. */
  private materialise(): void {
    if (!this.deferred) return;
    this.deferred = false;
    const target = this.trail!;
    const from = target.imaged();
    const image = from.image!;
    used(from);
    const heap = this.w.m.HEAPU8;
    for (const range of image.ranges) heap.set(range.bytes, range.start);
    Object.assign(this.w.buffers, image.buffers);
    this.owned = new Set(image.owned);
    const trail = this.trail;
    this.trail = null; // the replay below runs live, off the tree
    for (const node of target.pathFrom(from)) {
      const op = node.op!;
      const result = op.kind === 'compile' ? this.compile(op.source, op.file) : op.kind === 'load' ? this.call(this.entry, op.args) : (this.free(op.fn), 0);
      loadCounts.replayed++;
      if (result !== node.result) throw new Error(`the handler realm's remembered module load gave another answer when run again (${op.kind})`);
    }
    this.trail = trail;
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
    this.asked++;
    return this.w.memoryRefused || this.options.interrupt();
  }

  /** A host function called from inside the realm: returns an owned JSValue pointer (0: undefined). */
  answer(argc: number, argv: number, id: number): number {
    if (this.booting) {
      this.w.broken = true;
      throw new Error('the handler realm asked the host while booting');
    }
    pulseRealmActivity();
    this.asked++;
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
    if (this.trail) {
      const op: LoadOp = { kind: 'compile', source, file };
      const known = this.follow(op);
      if (known) {
        this.owned.add(known.result as number);
        return known.result as number;
      }
      const asked = this.asked;
      const fn = this.offTreeOnThrow(() => this.compileLive(source, file));
      this.remember(op, fn, asked);
      return fn;
    }
    return this.compileLive(source, file);
  }

  /** Runs `body` live; if it throws, the realm leaves the tree (its memory is no node's). */
  private offTreeOnThrow<T>(body: () => T): T {
    try {
      return body();
    } catch (error) {
      this.trail = null;
      throw error;
    }
  }

  private compileLive(source: string, file: string): number {
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
    if (this.trail) {
      // A module load (the entry point's kind 0) goes down the tree; anything else leaves it.
      if (fn !== this.entry || args[0] !== 0) this.leaveTree();
      else {
        this.live();
        const op: LoadOp = { kind: 'load', args: [...args] };
        const known = this.follow(op);
        if (known) return known.result as string;
        const asked = this.asked;
        const reply = this.offTreeOnThrow(() => this.callLive(fn, args));
        this.remember(op, reply, asked);
        return reply;
      }
    }
    return this.callLive(fn, args);
  }

  private callLive(fn: number, args: readonly RealmArg[]): string {
    // The realm's entry points always answer with a string: read it as one.
    return this.guard(() => {
      const value = this.invoke(fn, args);
      const text = this.string(value);
      this.w.m._QTS_FreeValuePointer(this.ctx, value);
      return text;
    });
  }

  callForFunction(fn: number, args: readonly RealmArg[]): number {
    this.leaveTree();
    return this.guard(() => this.own(this.invoke(fn, args), 'the call returned something other than a function'));
  }

  free(fn: number): void {
    if (this.disposed || !this.owned.has(fn)) return;
    if (this.trail) {
      const op: LoadOp = { kind: 'free', fn };
      const known = this.follow(op);
      this.owned.delete(fn);
      if (known) return;
      this.w.m._QTS_FreeValuePointer(this.ctx, fn);
      this.remember(op, 0, this.asked);
      return;
    }
    this.owned.delete(fn);
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
