// The shared cursor of a page that shows several runs side by side (brokers compared, what-if
// branches): one tick in virtual time, and every lane's diagram at the events up to it. The pure
// arithmetic lives in tick-cursor.ts; this holds the tick as state and moves the playgrounds.

import type { PlaygroundState } from '../state/playground.svelte';
import { adjacentTick, positionAtTick } from './tick-cursor';

/** Side by side, a lane is a fraction of the page: each draws its broker as one lifeline at first
 *  (services and the broker fit without panning); its checkbox shows the entities again. */
export const LANES_GROUP_BROKER = true;

/** Beyond any run's end: the cursor follows each run to its end until it is moved. */
const AT_END = Number.MAX_SAFE_INTEGER;

export class LaneCursor {
  #playgrounds: () => readonly PlaygroundState[];
  tick = $state(AT_END);

  constructor(playgrounds: () => readonly PlaygroundState[]) {
    this.#playgrounds = playgrounds;
  }

  /** The last tick of the longest run (reactive while runs stream). */
  get endTick(): number {
    return Math.max(0, ...this.#playgrounds().map((p) => { const run = p.run; void run?.version; return run?.trace.at(-1)?.tick ?? 0; }));
  }
  get cursorTick(): number { return Math.min(this.tick, this.endTick); }

  /** Back to following every run to its end (a new set of runs). */
  reset(): void { this.tick = AT_END; }

  /** Moves every diagram to tick `t`. */
  seekTick(t: number): void {
    this.tick = Math.max(0, Math.min(t, this.endTick));
    for (const p of this.#playgrounds()) if (p.run) p.seek(positionAtTick(p.run.trace, this.tick));
  }

  /** The next (+1) or previous (-1) tick at which something happens in any run. */
  stepTick(direction: 1 | -1): void {
    const best = adjacentTick(this.#playgrounds().map((p) => p.run?.trace ?? []), this.cursorTick, direction);
    this.seekTick(best ?? (direction > 0 ? this.endTick : 0));
  }

  /** Shows event `seq` of `playground`: every diagram moves to its tick, that one highlights it. */
  show(playground: PlaygroundState, seq: number): void {
    const e = playground.run?.trace[seq];
    if (!e) return;
    this.seekTick(e.tick);
    playground.showEvents([seq]);
  }
}
