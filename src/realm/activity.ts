// Realm activity, for a watchdog outside the engine. QuickJS checks its interrupt handler only
// between bytecode instructions (every 10,000 or so), so handler code stuck inside one C
// built-in — comparing or copying strings of megabytes, spreading `arguments` of 65,535 values,
// thousands of times — runs between two checks for minutes, where no deterministic budget can
// reach it. The host records here, in a shared buffer, whether a realm call is in progress and
// a counter that moves at every call, host answer and interrupt check; a watchdog on another
// thread (the CLI's, cli/sim.ts) ends a run whose realm call has stood still for seconds of real
// time. In the browser the worker's heartbeat listens instead (onRealmActivity): a handler
// attempt that keeps reaching its checks (growing a string towards the memory cap for seconds on
// a busy machine) keeps the page's watchdog quiet, while one stuck in a C built-in still goes
// silent and gets the worker replaced. Nothing here reads the clock or changes what a run does.

/** Slot 0: realm calls in progress (nested calls count each); slot 1: activity counter. */
let view: Int32Array | null = null;
let listener: (() => void) | null = null;

/** Calls `fn` at every realm call, host answer and interrupt check (null: stop). */
export function onRealmActivity(fn: (() => void) | null): void {
  listener = fn;
}

/** Starts recording into `buffer` (a SharedArrayBuffer of at least 8 bytes). */
export function shareRealmActivity(buffer: SharedArrayBuffer): void {
  view = new Int32Array(buffer, 0, 2);
}

export function enterRealm(): void {
  listener?.();
  if (!view) return;
  Atomics.add(view, 0, 1);
  Atomics.add(view, 1, 1);
}

export function leaveRealm(): void {
  listener?.();
  if (!view) return;
  Atomics.sub(view, 0, 1);
  Atomics.add(view, 1, 1);
}

export function pulseRealmActivity(): void {
  listener?.();
  if (view) Atomics.add(view, 1, 1);
}

/** What a watchdog reads: whether a realm call is running, and the counter. */
export function readRealmActivity(buffer: SharedArrayBuffer): { inCall: boolean; count: number } {
  const v = new Int32Array(buffer, 0, 2);
  return { inCall: Atomics.load(v, 0) > 0, count: Atomics.load(v, 1) };
}
