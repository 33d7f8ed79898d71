// One cursor in ticks over several runs: the position of tick T in each, and the next or
// previous moment at which any run has an event.
import { describe, expect, it } from 'vitest';
import { adjacentTick, positionAtTick } from '../../src/ui/explore/tick-cursor';
import type { TraceEvent } from '../../src/engine/trace/types';

const trace = (...ticks: number[]) => ticks.map((tick, seq) => ({ seq, tick }) as TraceEvent);

describe('tick cursor', () => {
  const a = trace(0, 10, 10, 40);
  const b = trace(5, 30);
  it('counts the events that happened by a tick', () => {
    expect([-1, 0, 9, 10, 39, 40, 99].map((t) => positionAtTick(a, t))).toEqual([0, 1, 1, 3, 3, 4, 4]);
  });
  it('steps to the nearest moment of any run, and says when there is none', () => {
    expect(adjacentTick([a, b], 0, 1)).toBe(5);
    expect(adjacentTick([a, b], 10, 1)).toBe(30);
    expect(adjacentTick([a, b], 30, -1)).toBe(10);
    expect(adjacentTick([a, b], 0, -1)).toBeNull();
    expect(adjacentTick([a, b], 40, 1)).toBeNull();
  });
});
