// The work budget of handler code. Compiled handler source is instrumented (compile.ts): every
// loop iteration and every function entry calls `work()`, every function also counts its call
// depth, and every catch/finally block re-checks the budget so user code cannot swallow the
// verdict. The counts are per attempt: the coroutine driver makes an attempt's meter the
// active one while its code runs. Counting statements instead of measuring time is what makes
// an endless loop fail at the same point on every run, on any machine.
//
// The active meter is also the one "is user code running?" signal the rest of the sandbox
// reads (harden.ts gates a few built-ins on it). The engine is single-threaded and every entry
// into user code goes through `runMetered`, which restores the previous meter on the way out.

/** Default budget: far above any sensible handler, low enough to stop in tens of milliseconds. */
export const HANDLER_WORK_MAX_DEFAULT = 1_000_000;
/** Default call depth: deep enough for any sensible recursion, well below the native stack. */
export const HANDLER_CALL_DEPTH_MAX_DEFAULT = 400;

export interface BudgetLimits {
  workMax: number;
  callDepthMax: number;
}

/** The counts of one attempt (or of one module's top level). Limits come from the module's hooks. */
export class Meter {
  work = 0;
  depth = 0;
  exceeded: BudgetExceeded | null = null;
}

/** Thrown into user code when its budget is spent; sticky: every later check throws it again. */
export class BudgetExceeded extends Error {
  constructor(readonly reason: 'work budget exceeded' | 'call depth exceeded', detail: string) {
    super(`${reason}: ${detail}`);
    this.name = 'BudgetExceeded';
  }
}

let active: Meter | null = null;
/** Used when user code is reached outside any attempt (should not happen; bounded anyway). */
const stray = new Meter();

export function inUserCode(): boolean {
  return active !== null;
}

/** Runs `fn` with `meter` active and restores the previous one, whatever happens. */
export function runMetered<T>(meter: Meter, fn: () => T): T {
  const previous = active;
  active = meter;
  try {
    return fn();
  } finally {
    active = previous;
    if (previous === null) {
      stray.work = 0;
      stray.depth = 0;
      stray.exceeded = null;
    }
  }
}

function current(): Meter {
  return active ?? stray;
}

function exceed(meter: Meter, error: BudgetExceeded): never {
  meter.exceeded = error;
  throw error;
}

/**
 * The functions instrumented code calls, by the names compile.ts gives them. They are created
 * per module so a module's limits come from its scenario.
 */
export function budgetHooks(limits: BudgetLimits): Record<string, () => void> {
  const { workMax, callDepthMax } = limits;
  const tooMuchWork = () => `more than ${grouped(workMax)} loop iterations and calls in one attempt (an endless loop?)`;
  return {
    /** A loop iteration or a function entry. */
    __bl_w() {
      const m = current();
      if (m.exceeded) throw m.exceeded;
      if (++m.work > workMax) exceed(m, new BudgetExceeded('work budget exceeded', tooMuchWork()));
    },
    /** A function entry: work plus one level of depth. */
    __bl_e() {
      const m = current();
      if (m.exceeded) throw m.exceeded;
      if (++m.work > workMax) exceed(m, new BudgetExceeded('work budget exceeded', tooMuchWork()));
      if (++m.depth > callDepthMax) exceed(m, new BudgetExceeded('call depth exceeded', `more than ${callDepthMax} nested calls (runaway recursion?)`));
    },
    /** A function exit. */
    __bl_x() {
      current().depth--;
    },
    /** Entering a catch or finally block: a spent budget cannot be caught. */
    __bl_c() {
      const m = current();
      if (m.exceeded) throw m.exceeded;
    },
  };
}

/** 1000000 → "1,000,000" without locale APIs (they are refused inside handlers). */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export const BUDGET_HOOK_NAMES = ['__bl_w', '__bl_e', '__bl_x', '__bl_c'] as const;
