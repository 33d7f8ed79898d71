// One loaded QuickJS wasm instance and the realms (runtime + context) living in it, bound to the
// wasm exports directly (`_QTS_*` of the emscripten module, pinned at
// @jitl/quickjs-wasmfile-release-sync 0.32.0) instead of through a wrapper library: strings
// cross as UTF-8 in the wasm memory, host functions are answered through the module's
// `callbacks` hook, and nothing is allocated per call on the JavaScript side.
//
// An instance holds one realm at a time (booted in it, or restored from a template snapshot of
// its memory: see quickjs.ts), so a realm's memory is its instance's: capped by the wasm
// memory's maximum, never shared with another realm. The realm itself (runtime + context, calls
// in and answers out) is quickjs-realm.ts.

import { RealmThrew } from '../engine/handlers/realm-types';
import type { Realm } from './quickjs-realm';
import { pulseRealmActivity } from './activity';

/** The part of the emscripten module this binding uses (wasm exports and memory views). */
export interface Emscripten {
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

export const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** QuickJS eval flags: global code, strict mode. */
export const EVAL_STRICT = 1 << 3;

/** What of the binding's own state lives in an instance's memory (restored with a snapshot). */
export interface WasmBuffers {
  scratch: number;
  scratchBytes: number;
  argv: number;
  argvSlots: number;
}

/** One emscripten instance: its exports, scratch buffers, and the realms living in it. */
export class Wasm {
  readonly buffers: WasmBuffers = { scratch: 0, scratchBytes: 0, argv: 0, argvSlots: 0 };
  readonly undefinedValue: number;
  readonly trueValue: number;
  readonly falseValue: number;
  /** Realms by context pointer (host calls) and by runtime pointer (interrupts). */
  readonly byContext = new Map<number, Realm>();
  readonly byRuntime = new Map<number, Realm>();
  /** Never used: its memory is as instantiation left it (templates are made only in such). */
  pristine = true;
  /** A JavaScript exception went through its wasm frames: its stack pointer may be off, never reuse it. */
  broken = false;
  /** Its memory could not grow (the cap): set by the heap-resize import, read and cleared by the engine per call. */
  memoryRefused = false;

  /** `maxBytes`: the most its wasm memory may grow to (the realm's memory cap). */
  constructor(readonly m: Emscripten, readonly maxBytes: number) {
    this.undefinedValue = m._QTS_GetUndefined();
    this.trueValue = m._QTS_GetTrue();
    this.falseValue = m._QTS_GetFalse();
    m.callbacks = {
      callFunction: (_asyncify: unknown, ctx: number, _self: number, argc: number, argv: number, id: number) => this.byContext.get(ctx)?.answer(argc, argv, id) ?? 0,
      shouldInterrupt: (_asyncify: unknown, rt: number) => {
        pulseRealmActivity();
        return this.byRuntime.get(rt)?.interrupt() ? 1 : 0;
      },
      freeHostRef: () => undefined,
      loadModuleSource: () => 0,
      normalizeModule: () => 0,
    };
  }

  /**
   * `bytes` of the wasm memory, or a thrown "out of memory" when the realm's memory is at its cap.
   * malloc answers 0 then; writing there overwrote the instance's low memory, and the next call
   * trapped ("memory access out of bounds", thrown out of the engine): a service whose module kept
   * its memory full met that on its next attempt.
   */
  alloc(bytes: number): number {
    const p = this.m._malloc(bytes);
    return p !== 0 ? p : this.outOfMemory();
  }

  /** A value the glue made in the realm's heap (0 when its allocation failed). */
  made(value: number): number {
    return value !== 0 ? value : this.outOfMemory();
  }

  private outOfMemory(): never {
    this.memoryRefused = true;
    throw new RealmThrew('InternalError', 'out of memory');
  }

  /** `text` as NUL-terminated UTF-8 in a scratch buffer of the wasm memory (valid until the next use). */
  chars(text: string): number {
    const b = this.buffers;
    const need = text.length * 3 + 1;
    if (need > b.scratchBytes) {
      const bytes = Math.max(need, 4096);
      const scratch = this.alloc(bytes);
      if (b.scratch) this.m._free(b.scratch);
      b.scratch = scratch;
      b.scratchBytes = bytes;
    }
    const { written } = encoder.encodeInto(text, this.m.HEAPU8.subarray(b.scratch, b.scratch + need - 1));
    this.m.HEAPU8[b.scratch + written] = 0;
    return b.scratch;
  }

  /** An argv array of at least `count` slots in the wasm memory. */
  argvFor(count: number): number {
    const b = this.buffers;
    if (count > b.argvSlots) {
      const slots = Math.max(count, 8);
      const argv = this.alloc(slots * 4);
      if (b.argv) this.m._free(b.argv);
      b.argv = argv;
      b.argvSlots = slots;
    }
    return b.argv;
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
