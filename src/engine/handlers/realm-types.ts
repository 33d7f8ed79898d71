// The engine's view of a handler realm: a tiny interface the host implements over QuickJS in
// wasm (src/realm/quickjs.ts). Only strings and numbers cross it; functions inside the realm
// are named by opaque ids. The engine never sees wasm, pointers or a wrapper library.

/** The three host functions every realm gets (see prelude.ts for how the realm uses them). */
export interface RealmHostFunctions {
  /** A ctx operation: one text in (JSON); out: undefined, a boolean, a number, or text. */
  host(text: string): string | number | boolean | undefined;
  /** Virtual time in ticks. */
  now(): number;
  /** A seeded number in [0, 1). */
  random(): number;
}

export interface RealmOptions {
  /** The most memory the realm may use (its whole heap: what its code allocates, keeps and needs to run). */
  memoryBytes: number;
  stackBytes: number;
  /** Asked every few thousand interpreter steps: true stops the running code (uncatchable). */
  interrupt(): boolean;
  functions: RealmHostFunctions;
}

/** An argument for a call into the realm: text, a number, or a function of the realm. */
export type RealmArg = string | number | { fn: number };

/** A call into the realm threw (an uncatchable interrupt, memory, or a broken entry point). */
export class RealmThrew extends Error {
  constructor(readonly thrownName: string, message: string) {
    super(message);
    this.name = 'RealmThrew';
  }
}

/** One realm: a QuickJS runtime and context with its own heap, built-ins and limits. */
export interface RawRealm {
  /** The function `RealmBoot.boot` returned: the realm's entry point. */
  readonly entry: number;
  /** The host functions as values the realm can be handed (`{ fn: id }`). */
  readonly functions: { host: number; now: number; random: number };
  /** Evaluates strict global code whose value is a function; returns its id. Throws RealmThrew. */
  compile(source: string, file: string): number;
  /** Calls function `fn` (this: undefined); its result is read as a string. Throws RealmThrew. */
  call(fn: number, args: readonly RealmArg[]): string;
  /** Calls function `fn`; its result must be a function, whose id is returned. Throws RealmThrew. */
  callForFunction(fn: number, args: readonly RealmArg[]): number;
  /** Lets go of a function id. */
  free(fn: number): void;
  /**
   * Set by the host when the realm's memory reached its cap: allocation failed inside and the
   * running code is interrupted at its next check. The engine clears it before each call.
   */
  memoryExceeded: boolean;
    /** Frees the whole realm (runtime, context, every id). */
  dispose(): void;
}

/**
 * How a realm is made ready (the prelude): `boot` compiles and runs it in a fresh realm and
 * returns its entry point. It must not call the host (now, random, host) and must give the
 * same state for the same `key`, so the host may make later realms of that key from a
 * snapshot of the first one instead of booting each (src/realm/quickjs.ts).
 */
export interface RealmBoot {
  key: string;
  boot(raw: RawRealm): number;
}

/** QuickJS, loaded once by the host. */
export interface RealmModule {
  newRealm(options: RealmOptions, boot: RealmBoot): RawRealm;
}
