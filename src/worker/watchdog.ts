// The main thread's backstop against a worker that stops answering. Handler code is bounded by
// a deterministic work budget inside the engine, but some things escape any budget: a regular
// expression that backtracks for minutes, an allocation that takes the worker's memory, a bug.
// The watchdog times every call to the worker, and tells a busy worker from a hung one by its
// heartbeats (heartbeat.ts): a worker working through a long call beats every 200 ms, and each
// beat re-arms the timers of the pending calls (for `graceMs` when the beat announces a piece of
// work that cannot beat, such as the checks over a long trace). When a call has had neither an
// answer nor a beat for `callTimeoutMs` (1.5 s; the first call after a start gets
// `bootTimeoutMs`, as the worker is loading the engine), it terminates the worker, fails the
// pending calls with `WorkerUnresponsive`, starts
// a fresh worker at once and tells its listeners, which replay the last inputs that worked
// (the inputs that hung would hang again: runs are deterministic). The page itself never
// blocks, so it stays responsive throughout.

import { isHeartbeat } from './heartbeat';

export class WorkerUnresponsive extends Error {
  constructor(readonly method: string, readonly afterMs: number, readonly why: 'timeout' | 'crashed') {
    super(
      why === 'crashed'
        ? `the simulator crashed while running ${method}; it was restarted`
        : `the simulator stopped answering (${method} took over ${(afterMs / 1000).toFixed(1)} s); it was restarted`,
    );
    this.name = 'WorkerUnresponsive';
  }
}

export interface RestartEvent {
  error: WorkerUnresponsive;
  /** How many times the worker was restarted so far. */
  restarts: number;
}

interface Pending {
  fail(error: WorkerUnresponsive): void;
  /** Restarts the call's timer for `ms` (a heartbeat arrived). */
  rearm(ms: number): void;
}

interface Instance<R> {
  worker: Worker;
  remote: R;
  booted: boolean;
  pending: Set<Pending>;
  /** Heartbeats received (for tests and the bench). */
  beats: number;
}

export interface WatchdogOptions<R> {
  /** Creates a worker and its comlink remote. */
  create(): { worker: Worker; remote: R };
  /** Releases a remote (comlink's releaseProxy) before its worker is terminated. */
  release?(remote: R): void;
  callTimeoutMs?: number;
  bootTimeoutMs?: number;
}

export const CALL_TIMEOUT_MS = 1500;
export const BOOT_TIMEOUT_MS = 15_000;

export class Watchdog<R extends object> {
  #instance: Instance<R> | undefined;
  #listeners = new Set<(event: RestartEvent) => void>();
  #restarts = 0;
  readonly #options: Required<Omit<WatchdogOptions<R>, 'release'>> & Pick<WatchdogOptions<R>, 'release'>;
  /** The remote, with every method call timed. */
  readonly remote: R;

  constructor(options: WatchdogOptions<R>) {
    this.#options = { callTimeoutMs: CALL_TIMEOUT_MS, bootTimeoutMs: BOOT_TIMEOUT_MS, ...options };
    this.remote = new Proxy({} as R, {
      get: (_target, name) => {
        if (typeof name !== 'string' || name === 'then') return undefined;
        return (...args: unknown[]) => this.#call(name, args);
      },
    });
  }

  get restarts(): number {
    return this.#restarts;
  }

  /** Heartbeats the current worker sent so far. */
  get beats(): number {
    return this.#instance?.beats ?? 0;
  }

  /** Called after each restart; returns an unsubscribe function. */
  onRestart(listener: (event: RestartEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    const instance = this.#instance;
    this.#instance = undefined;
    if (instance) this.#end(instance);
  }

  #ensure(): Instance<R> {
    if (this.#instance) return this.#instance;
    const { worker, remote } = this.#options.create();
    const instance: Instance<R> = { worker, remote, booted: false, pending: new Set(), beats: 0 };
    worker.addEventListener('message', (event) => {
      const data = (event as MessageEvent).data;
      if (this.#instance !== instance || !isHeartbeat(data)) return;
      instance.beats++;
      const ms = Math.max(this.#options.callTimeoutMs, data.graceMs ?? 0);
      for (const p of instance.pending) p.rearm(instance.booted ? ms : Math.max(ms, this.#options.bootTimeoutMs));
    });
    worker.addEventListener('error', (event) => {
      // An error event without a message is the worker dying (out of memory…), not a thrown error.
      if (this.#instance === instance && !(event as ErrorEvent).message) this.#restart(instance, new WorkerUnresponsive('a run', 0, 'crashed'));
    });
    this.#instance = instance;
    return instance;
  }

  #call(method: string, args: unknown[]): Promise<unknown> {
    const instance = this.#ensure();
    const timeoutMs = instance.booted ? this.#options.callTimeoutMs : this.#options.bootTimeoutMs;
    return new Promise((resolve, reject) => {
      let settled = false;
      let silentMs = timeoutMs;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = (ms: number) => {
        clearTimeout(timer);
        silentMs = ms;
        timer = setTimeout(() => {
          if (!settled && this.#instance === instance) this.#restart(instance, new WorkerUnresponsive(method, silentMs, 'timeout'));
        }, ms);
      };
      const pending: Pending = {
        fail: (error) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          reject(error);
        },
        rearm: (ms) => { if (!settled) arm(ms); },
      };
      instance.pending.add(pending);
      arm(timeoutMs);
      const call = (instance.remote as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!(...args);
      call.then(
        (value) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          instance.pending.delete(pending);
          instance.booted = true;
          resolve(value);
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          instance.pending.delete(pending);
          reject(error);
        },
      );
    });
  }

  #restart(instance: Instance<R>, error: WorkerUnresponsive): void {
    this.#instance = undefined;
    this.#end(instance);
    for (const p of instance.pending) p.fail(error);
    instance.pending.clear();
    this.#restarts++;
    this.#ensure(); // a fresh worker starts loading now, not on the next call
    for (const listener of this.#listeners) listener({ error, restarts: this.#restarts });
  }

  #end(instance: Instance<R>): void {
    try {
      this.#options.release?.(instance.remote);
    } catch {
      /* the remote may already be gone */
    }
    instance.worker.terminate();
  }
}
