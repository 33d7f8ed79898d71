// One pending agenda item for "the earliest time something in this entity may become due"
// (a lock expiry, a TTL, a session timeout). Brokers hold many timed things; scheduling one
// agenda item per thing would dominate the run time, so an entity keeps a single alarm set to
// the earliest deadline and, when it rings, handles what is due and sets it again.

import type { BrokerHost, Timer } from '../types';

export class Alarm {
  private at: number | null = null;
  private readonly timer: Timer;

  constructor(host: BrokerHost, ring: () => void) {
    this.timer = host.timer(() => {
      this.at = null;
      ring();
    });
  }

  /** Nothing is due any more. */
  clear(): void {
    if (this.at !== null) this.timer.clear();
    this.at = null;
  }

  /** Make sure the alarm rings no later than `tick`. */
  request(tick: number): void {
    if (this.at !== null && this.at <= tick) return;
    this.at = tick;
    this.timer.set(tick);
  }
}
