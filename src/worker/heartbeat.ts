// Heartbeats: how a busy simulator worker tells the page's watchdog it is working, not hung.
// Long worker calls (a batch computed for up to its time budget, a run's summary) call `beat()`
// between pieces of engine work; at most every HEARTBEAT_EVERY_MS one message goes out. A piece
// that cannot be cut (the checks over a long trace) announces itself first with `graceMs`, the
// time it may take. The watchdog (watchdog.ts) restarts a worker only when a call has had no
// answer *and* no heartbeat for its timeout: a 2,000,000-event run streams to its end, while a
// handler stuck in a regular expression still stops the beats and gets the worker replaced.
// In Node (tests, no Worker) nothing is sent.

export const HEARTBEAT_TYPE = 'brokerlab:heartbeat';
export const HEARTBEAT_EVERY_MS = 200;

export interface Heartbeat {
  type: typeof HEARTBEAT_TYPE;
  /** How long the worker may now stay silent (ms); absent: the watchdog's usual timeout. */
  graceMs?: number;
}

let send: ((beat: Heartbeat) => void) | undefined;
let lastMs = -Infinity;

/** Where beats go: the worker shell passes `self.postMessage`. */
export function setHeartbeatSink(sink: ((beat: Heartbeat) => void) | undefined): void {
  send = sink;
}

/** Tell the watchdog the worker is busy; sent at most every HEARTBEAT_EVERY_MS. */
export function beat(nowMs = performance.now()): void {
  if (!send || nowMs - lastMs < HEARTBEAT_EVERY_MS) return;
  lastMs = nowMs;
  send({ type: HEARTBEAT_TYPE });
}

/** Announce a piece of work that cannot beat, and how long it may take. */
export function beatWithGrace(graceMs: number): void {
  if (!send) return;
  const now = performance.now();
  lastMs = now;
  send({ type: HEARTBEAT_TYPE, graceMs });
}

export function isHeartbeat(data: unknown): data is Heartbeat {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === HEARTBEAT_TYPE;
}
