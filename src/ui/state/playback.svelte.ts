// Playback: moving the cursor on its own at a chosen speed. Speed is in trace events per second
// of real time (1× = 4 events/s, slow enough to read each arrow); "max" moves as far per frame
// as a frame can afford. The animation-frame loop is an imperative resource: `attach()` starts
// it and returns its cleanup, for an `$effect` to own. It asks for frames only while playing
// (play wakes it): an idle page does not wake the main thread 60 times a second, which on a
// small machine took CPU from the worker checking the learner's code.

import { untrack } from 'svelte';

export interface Speed {
  label: string;
  /** Events per second; Infinity means as fast as frames allow. */
  eventsPerSecond: number;
}

export const SPEEDS: readonly Speed[] = [
  { label: '0.25×', eventsPerSecond: 1 },
  { label: '0.5×', eventsPerSecond: 2 },
  { label: '1×', eventsPerSecond: 4 },
  { label: '2×', eventsPerSecond: 8 },
  { label: '4×', eventsPerSecond: 16 },
  { label: '16×', eventsPerSecond: 64 },
  { label: '64×', eventsPerSecond: 256 },
  { label: 'max', eventsPerSecond: Number.POSITIVE_INFINITY },
];

/** At "max", events advanced per frame: large runs finish in seconds, each frame stays short. */
export const MAX_EVENTS_PER_FRAME = 500;

interface Cursor {
  readonly position: number;
  readonly length: number;
  readonly atEnd: boolean;
  step(by: number): void;
}

export class Playback {
  #playing = $state(false);
  #speedIndex = $state(3);
  #carry = 0;
  /** Playing stops here (a demo's key moment); null plays to the end. */
  #stopAt: number | null = null;
  /** Starts the frame loop again after a pause (set while attached). */
  #wake: (() => void) | null = null;

  constructor(private readonly cursor: Cursor) {}

  get playing() { return this.#playing; }
  get speed() { return SPEEDS[this.#speedIndex]!; }
  get speedIndex() { return this.#speedIndex; }

  setSpeed(index: number): void {
    this.#speedIndex = Math.max(0, Math.min(SPEEDS.length - 1, index));
  }

  play(): void {
    if (this.cursor.atEnd) this.cursor.step(-this.cursor.position);
    this.#carry = 0;
    this.#stopAt = null;
    this.#playing = true;
    this.#wake?.();
  }

  /** Plays from the cursor and stops exactly at `position` (never past it). */
  playUntil(position: number): void {
    this.#carry = 0;
    this.#stopAt = position;
    this.#playing = this.cursor.position < position;
    if (this.#playing) this.#wake?.();
  }

  pause(): void {
    this.#playing = false;
    this.#stopAt = null;
  }

  toggle(): void {
    if (this.#playing) this.pause();
    else this.play();
  }

  /** Advances the cursor for `elapsedMs` of real time; returns events moved. */
  tick(elapsedMs: number): number {
    if (!this.#playing) return 0;
    if (this.cursor.atEnd) {
      this.pause();
      return 0;
    }
    if (this.#stopAt !== null && this.cursor.position >= this.#stopAt) {
      this.pause();
      return 0;
    }
    const room = Math.min(this.cursor.length, this.#stopAt ?? Number.POSITIVE_INFINITY) - this.cursor.position;
    if (room <= 0) return 0; // still streaming: wait for more trace
    const rate = this.speed.eventsPerSecond;
    let events: number;
    if (!Number.isFinite(rate)) events = MAX_EVENTS_PER_FRAME;
    else {
      this.#carry += (rate * Math.min(elapsedMs, 250)) / 1000;
      events = Math.floor(this.#carry);
      this.#carry -= events;
    }
    events = Math.min(events, room);
    if (events > 0) this.cursor.step(events);
    return events;
  }

  /** Starts the frame loop; the returned function stops it. */
  attach(): () => void {
    let frame = 0;
    let running = false;
    let last = 0;
    const loop = (now: number) => {
      this.tick(now - last);
      last = now;
      if (this.#playing) frame = requestAnimationFrame(loop);
      else running = false;
    };
    const wake = () => {
      if (running) return;
      running = true;
      last = performance.now();
      frame = requestAnimationFrame(loop);
    };
    this.#wake = wake;
    // untracked: the $effect that attaches must not re-run (and reload its demo) when playing changes
    if (untrack(() => this.#playing)) wake();
    return () => {
      cancelAnimationFrame(frame);
      running = false;
      if (this.#wake === wake) this.#wake = null;
    };
  }
}
