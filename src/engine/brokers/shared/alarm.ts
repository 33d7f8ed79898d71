// One pending agenda item for "the earliest time something in this entity may become due"
// (a lock expiry, a TTL, a session timeout). Brokers hold many timed things; scheduling one
// agenda item per thing would dominate the run time, so an entity keeps a single alarm set to
// the earliest deadline and, when it rings, handles what is due and sets it again.

import type { BrokerHost } from '../types';

export class Alarm {
  private at: number | null = null;
  private cancel: (() => void) | null = null;

  constructor(private readonly host: BrokerHost, private readonly ring: () => void) {}

  /** Nothing is due any more. */
  clear(): void {
    this.cancel?.();
    this.cancel = null;
    this.at = null;
  }

  /** Make sure the alarm rings no later than `tick`. */
  request(tick: number): void {
    if (this.at !== null && this.at <= tick) return;
    this.cancel?.();
    this.at = tick;
    this.cancel = this.host.at(tick, () => {
      this.at = null;
      this.cancel = null;
      this.ring();
    });
  }
}
