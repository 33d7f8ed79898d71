// Virtual time: integer milliseconds called ticks. The clock only moves forward; an attempt to
// move it backwards is a bug in the engine and throws.

export class Clock {
  private tickNow = 0;

  now(): number {
    return this.tickNow;
  }

  advanceTo(tick: number): void {
    if (!Number.isInteger(tick)) throw new Error(`clock: tick ${tick} is not an integer`);
    if (tick < this.tickNow) throw new Error(`clock: cannot go back from ${this.tickNow} to ${tick}`);
    this.tickNow = tick;
  }
}
