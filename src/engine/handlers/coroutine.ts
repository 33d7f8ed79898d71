// Runs a handler as a coroutine in virtual time. Handler source is compiled so that `async`
// functions become generator functions and `await x` becomes `yield x`; this driver resumes
// them synchronously, delegates to nested coroutines (awaited helper functions, transactions),
// and suspends the whole stack whenever the handler has spent simulated time (`ctx.work`),
// resuming it later through the simulation's agenda. Native built-in handlers may be plain
// synchronous functions or generator functions. Awaiting a real Promise is refused: there are
// no timers or network inside the simulation.
//
// Every entry into handler code runs with the attempt's work meter active (budget.ts), so an
// endless loop or runaway recursion fails the attempt deterministically; a spent budget fails
// it even if the code caught the error. Whatever the handler throws is turned into a plain
// engine-owned Error here, while the meter is still active (thrown.ts-readable, no user getters
// left for the engine to trip over later).

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

import { BudgetExceeded, Meter, runMetered } from './budget';
import { snapshotThrown } from './failure';

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

/** Drives one handler invocation; `done` is called once, unless the invocation dies first. */
export function runCoroutine(start: () => unknown, host: CoroutineHost, done: (outcome: Outcome) => void): void {
  const meter = new Meter();
  let first: unknown;
  try {
    first = runMetered(meter, start);
  } catch (error) {
    return finish({ ok: false, error });
  }
  if (!isIterator(first)) {
    if (runMetered(meter, () => isThenable(first))) return finish({ ok: false, error: new PromiseAwaitedError() });
    return finish({ ok: true, value: first });
  }
  const stack: Iterator<unknown>[] = [first];
  host.started?.(first);
  step(undefined, false);

  function finish(result: Outcome): void {
    let outcome = result;
    if (meter.exceeded) outcome = { ok: false, error: meter.exceeded };
    else if (!outcome.ok && !(outcome.error instanceof BudgetExceeded)) {
      const error = outcome.error;
      outcome = { ok: false, error: runMetered(meter, () => snapshotThrown(error)) };
      if (meter.exceeded) outcome = { ok: false, error: meter.exceeded };
    }
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
        result = runMetered(meter, () => (throwing ? generatorThrow : generatorNext).call(frame as Generator, input));
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
        if (meter.exceeded) return finish({ ok: false, error: meter.exceeded });
        const yielded = result.value;
        let kind: Yielded;
        try {
          kind = runMetered(meter, () => classify(yielded));
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
