// Runs a handler as a coroutine in virtual time. Handler source is compiled so that `async`
// functions become generator functions and `await x` becomes `yield x`; this driver resumes
// them synchronously, delegates to nested coroutines (awaited helper functions, transactions),
// and suspends the whole stack whenever the handler has spent simulated time (`ctx.work`),
// resuming it later through the simulation's agenda. Native built-in handlers may be plain
// synchronous functions or generator functions. Awaiting a real Promise is refused: there are
// no timers or network inside the simulation.

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
  let first: unknown;
  try {
    first = start();
  } catch (error) {
    return finish({ ok: false, error });
  }
  if (!isIterator(first)) {
    if (isThenable(first)) return finish({ ok: false, error: new PromiseAwaitedError() });
    return finish({ ok: true, value: first });
  }
  const stack: Iterator<unknown>[] = [first];
  host.started?.(first);
  step(undefined, false);

  function finish(outcome: Outcome): void {
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
        result = throwing ? frame.throw!(value) : frame.next(value);
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
      } else if (isIterator(result.value)) {
        stack.push(result.value);
        host.started?.(result.value);
        value = undefined;
        continue;
      } else if (isThenable(result.value)) {
        value = new PromiseAwaitedError();
        throwing = true;
      } else {
        value = result.value;
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
