// Names a lesson verdict uses that the page needs without the engine: content/check.ts (which
// imports the engine, so the page reaches it only through the worker) and the goal card share them.

/** The name under which crash-sweep findings are reported, next to the lesson's own checks. */
export const CRASH_SWEEP = 'crash-sweep';

/** The goal line of the crash sweep before a check has named the handlers it crashes. */
export const CRASH_SWEEP_GOAL = 'Nothing is lost, done twice or announced uncommitted when your handlers crash at any point';
