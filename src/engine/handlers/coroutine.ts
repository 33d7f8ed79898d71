// Runs a built-in handler (engine code: builtins.ts) as a coroutine in virtual time: it resumes
// generator functions synchronously, delegates to nested coroutines (transactions, calls), and
// suspends the whole stack whenever the handler has spent simulated time (`ctx.work`), resuming
// it later through the simulation's agenda. Built-in handlers may also be plain synchronous
// functions. Source-code handlers never run here: they run in their service's realm, whose
// driver (prelude.ts) is this one's twin (realm-run.ts is its host side).

export interface CoroutineHost {
  /** Ticks of work the handler has spent since the last suspension; resets it. */
  takeWorkTicks(): number;
  /** Schedule `resume` after `ticks`. */
  sleep(ticks: number, resume: () => void): void;
  /** Is the invocation still alive (its service has not crashed)? */
  alive(): boolean;
  /** A delegated frame started (the driver notes transactions that were awaited). */
  started?(frame: Iterator<unknown>): void;
}

import { snapshotThrown } from './failure';

export const NEVER_AWAITED = 'ctx.db.transaction(...) or ctx.call(...) was never awaited, so it never ran: write `await` before it';

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export function isIterator(value: unknown): value is Iterator<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Iterator<unknown>).next === 'function' &&
    typeof (value as Iterator<unknown>).throw === 'function' &&
    Object.prototype.toString.call(value) === '[object Generator]'
  );
}

function isThenable(value: unknown): boolean {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** The real generator methods, captured before any user code runs: a frame that is not a real generator fails. */
const GENERATOR_PROTOTYPE = Object.getPrototypeOf(Object.getPrototypeOf((function* () {})())) as Generator;
const generatorNext = GENERATOR_PROTOTYPE.next;
const generatorThrow = GENERATOR_PROTOTYPE.throw;

type Yielded = 'frame' | 'promise' | 'value';

function classify(value: unknown): Yielded {
  return isIterator(value) ? 'frame' : isThenable(value) ? 'promise' : 'value';
}

export class PromiseAwaitedError extends Error {
  constructor() {
    super(
      'awaited a Promise that is not a ctx operation: there are no timers or network in the simulation ' +
        '(use ctx.work(ms) to spend time)',
    );
    this.name = 'PromiseAwaitedError';
  }
}

/** A handler's return value that ends it at once: neither a generator to drive nor a promise. */
export function isPlainResult(value: unknown): boolean {
  return !isIterator(value) && !isThenable(value);
}

/** Drives one handler invocation; `done` is called once, unless the invocation dies first. */
export function runCoroutine(start: () => unknown, host: CoroutineHost, done: (outcome: Outcome) => void): void {
  let first: unknown;
  try {
    first = start();
  } catch (error) {
    return driveCoroutine(error, true, host, done);
  }
  driveCoroutine(first, false, host, done);
}

/**
 * Drives an invocation on from what its function did (`runCoroutine` calls it first): `first` is
 * what it returned, or what it threw when `threw`.
 */
export function driveCoroutine(first: unknown, threw: boolean, host: CoroutineHost, done: (outcome: Outcome) => void): void {
  if (threw) return finish({ ok: false, error: first });
  if (!isIterator(first)) {
    if (isThenable(first)) return finish({ ok: false, error: new PromiseAwaitedError() });
    return finish({ ok: true, value: first });
  }
  const stack: Iterator<unknown>[] = [first];
  host.started?.(first);
  step(undefined, false);

  function finish(result: Outcome): void {
    const outcome: Outcome = result.ok ? result : { ok: false, error: snapshotThrown(result.error) };
    const ticks = host.takeWorkTicks();
    if (ticks > 0) host.sleep(ticks, () => host.alive() && done(outcome));
    else done(outcome);
  }

  function step(input: unknown, isError: boolean): void {
    let value = input;
    let throwing = isError;
    while (host.alive()) {
      const frame = stack[stack.length - 1];
      let result: IteratorResult<unknown>;
      try {
        const input = value;
        result = (throwing ? generatorThrow : generatorNext).call(frame as Generator, input);
      } catch (error) {
        stack.pop();
        if (stack.length === 0) return finish({ ok: false, error });
        value = error;
        throwing = true;
        continue;
      }
      throwing = false;
      if (result.done) {
        stack.pop();
        if (stack.length === 0) return finish({ ok: true, value: result.value });
        value = result.value;
      } else {
        const yielded = result.value;
        let kind: Yielded;
        try {
          kind = classify(yielded);
        } catch (error) {
          kind = 'value';
          value = error;
          throwing = true;
        }
        if (kind === 'frame') {
          stack.push(yielded as Iterator<unknown>);
          host.started?.(yielded as Iterator<unknown>);
          value = undefined;
          continue;
        } else if (kind === 'promise') {
          value = new PromiseAwaitedError();
          throwing = true;
        } else if (!throwing) {
          value = yielded;
        }
      }
      const ticks = host.takeWorkTicks();
      if (ticks > 0) {
        const resumeValue = value;
        const resumeThrowing = throwing;
        host.sleep(ticks, () => step(resumeValue, resumeThrowing));
        return;
      }
    }
  }
}
