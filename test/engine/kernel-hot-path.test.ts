// The hot path's own structures against what they replaced: the in-place Alea against the
// seedrandom library it is seeded by (every draw bit for bit), and a service's running
// invocations (an array with holes) against a Set (same members, same order, through compaction).
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { createRandom } from '../../src/engine/kernel/random';
import { LiveInvocations } from '../../src/engine/services/live-invocations';
import type { Invocation } from '../../src/engine/services/invocation';

describe('random streams stepped in place', () => {
  it('draw what seedrandom.alea draws, as floats, hex digits and 32-bit integers', () => {
    for (const seed of [1, 42, 7, 'x', 123456789]) {
      const library = seedrandom.alea(`${seed}/root/trace-context`);
      const mine = createRandom(seed).fork('trace-context');
      const codes: number[] = new Array(20).fill(0);
      for (let i = 0; i < 5_000; i++) {
        expect(mine.next()).toBe(library());
        const high = library.int32();
        const low = library.int32();
        const hex = (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
        if (i % 3 === 0) expect(mine.hex16()).toBe(hex);
        else if (i % 3 === 1) {
          mine.hexInto!(codes, 2);
          expect(String.fromCharCode(...codes.slice(2, 18))).toBe(hex);
        } else {
          const words = new Int32Array(4);
          mine.int32Into!(words, 1, 2);
          expect([words[1], words[2]]).toEqual([high, low]);
        }
      }
    }
  });
});

describe('running invocations', () => {
  it('keep the members and order a Set would, through deletes anywhere and compaction', () => {
    const live = new LiveInvocations();
    const set = new Set<Invocation>();
    const random = createRandom(3);
    const made: Invocation[] = [];
    for (let step = 0; step < 5_000; step++) {
      if (set.size === 0 || random.chance(step < 2_500 ? 0.6 : 0.35)) {
        const inv = { liveSlot: -1, n: step } as unknown as Invocation;
        made.push(inv);
        live.add(inv);
        set.add(inv);
      } else {
        const members = [...set];
        const gone = members[random.int(members.length)]!;
        live.delete(gone);
        live.delete(gone); // twice is harmless
        set.delete(gone);
      }
      expect(live.size).toBe(set.size);
      if (step % 97 === 0) expect(live.toArray()).toEqual([...set]);
    }
    expect(live.toArray()).toEqual([...set]);
    live.clear();
    expect(live.size).toBe(0);
    expect(made.every((inv) => inv.liveSlot === -1)).toBe(true);
  });
});
