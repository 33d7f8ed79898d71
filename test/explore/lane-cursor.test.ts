// The shared cursor of the compare and branches pages: one tick moves every lane's diagram to
// its events up to that tick, steps go to the next moment in any lane, and show() highlights.
import { describe, expect, it } from 'vitest';
import { LaneCursor } from '../../src/ui/explore/lane-cursor.svelte';
import type { PlaygroundState } from '../../src/ui/state/playground.svelte';

function lane(ticks: number[]) {
  const seeks: number[] = [];
  const shown: number[][] = [];
  const trace = ticks.map((tick, seq) => ({ seq, tick }));
  const playground = { run: { trace, version: 1 }, seek: (p: number) => seeks.push(p), showEvents: (s: number[]) => shown.push(s) };
  return { playground: playground as unknown as PlaygroundState, seeks, shown };
}

describe('LaneCursor', () => {
  it('follows the runs to their end until moved, and clamps to the longest run', () => {
    const a = lane([0, 10, 20]);
    const b = lane([0, 5, 40]);
    const cursor = new LaneCursor(() => [a.playground, b.playground]);
    expect(cursor.endTick).toBe(40);
    expect(cursor.cursorTick).toBe(40);
    cursor.seekTick(1_000);
    expect(cursor.tick).toBe(40);
    cursor.seekTick(-3);
    expect(cursor.tick).toBe(0);
  });

  it('moves every lane to its events up to the tick', () => {
    const a = lane([0, 10, 20]);
    const b = lane([0, 5, 40]);
    const cursor = new LaneCursor(() => [a.playground, b.playground]);
    cursor.seekTick(10);
    expect(a.seeks.at(-1)).toBe(2);
    expect(b.seeks.at(-1)).toBe(2);
  });

  it('steps to the next and previous moment in any lane, then to the ends', () => {
    const a = lane([0, 10, 20]);
    const b = lane([0, 5, 40]);
    const cursor = new LaneCursor(() => [a.playground, b.playground]);
    cursor.seekTick(0);
    cursor.stepTick(1);
    expect(cursor.tick).toBe(5);
    cursor.stepTick(1);
    expect(cursor.tick).toBe(10);
    cursor.seekTick(40);
    cursor.stepTick(1);
    expect(cursor.tick).toBe(40);
    cursor.stepTick(-1);
    expect(cursor.tick).toBe(20);
    cursor.reset();
    expect(cursor.cursorTick).toBe(40);
  });

  it('shows an event: every diagram at its tick, that lane highlights it', () => {
    const a = lane([0, 10, 20]);
    const b = lane([0, 5, 40]);
    const cursor = new LaneCursor(() => [a.playground, b.playground]);
    cursor.show(b.playground, 1);
    expect(cursor.tick).toBe(5);
    expect(b.shown).toEqual([[1]]);
    expect(a.shown).toEqual([]);
    cursor.show(b.playground, 99);
    expect(b.shown).toHaveLength(1);
  });
});
