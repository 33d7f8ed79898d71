// The struggling dependency of the retry-policy lab, in two models a client can call.
// - `occ`: one database row under optimistic concurrency (the AWS Architecture Blog's
//   "Exponential Backoff and Jitter" workload). A call is a read of the row's version and then a
//   conditional write with it; the write fails when another client wrote in between. Contention,
//   not capacity, is the problem: every client that overlaps another makes someone fail.
// - `capacity`: a server with `concurrency` slots taking `serviceTicks` per call and a queue of
//   `queueMax`; a call that finds both full is refused at once (a 503). It may also be down
//   (every call refused) until `downUntilTick`: an outage the clients ride out, and come back to
//   all at once if their backoff has no jitter.
// Network delay each way is drawn from the seed: about `netMeanTicks` ± `netSdTicks`, never < 1.

import type { Random } from '../kernel/random';

export type DependencyModel =
  | { kind: 'occ' }
  | { kind: 'capacity'; concurrency: number; serviceTicks: number; queueMax: number; downUntilTick: number };

export interface Network {
  netMeanTicks: number;
  netSdTicks: number;
}

/** A one-way network delay: mean ± sd, bell-shaped (three uniforms), whole ticks, at least 1. */
export function netDelayTicks(net: Network, rng: Random): number {
  const z = (rng.next() + rng.next() + rng.next() - 1.5) * 2;
  return Math.max(1, Math.round(net.netMeanTicks + net.netSdTicks * z));
}

/** One row with a version number: read it, then write it back if nobody wrote meanwhile. */
export class OccRow {
  version = 0;
  read(): number {
    return this.version;
  }
  /** A conditional write: true when `seen` is still the row's version. */
  write(seen: number): boolean {
    if (seen !== this.version) return false;
    this.version++;
    return true;
  }
}

/** A server with slots and a bounded queue; `done` is called when a call it took is finished. */
export class CapacityServer {
  #busy = 0;
  readonly #queue: (() => void)[] = [];
  /** Most calls in service or waiting at one time. */
  peakInside = 0;
  constructor(private readonly model: Extract<DependencyModel, { kind: 'capacity' }>) {}

  /**
   * A call arrives at `now`: false if refused (down, or slots and queue full); otherwise `start`
   * is called (now, or when a slot frees) and must call `finish` after the service time.
   */
  arrive(now: number, start: () => void): boolean {
    if (now < this.model.downUntilTick) return false;
    if (this.#busy < this.model.concurrency) {
      this.#busy++;
      start();
    } else if (this.#queue.length < this.model.queueMax) this.#queue.push(start);
    else return false;
    this.peakInside = Math.max(this.peakInside, this.#busy + this.#queue.length);
    return true;
  }

  finish(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#busy--;
  }

  get serviceTicks(): number {
    return this.model.serviceTicks;
  }
}
