// The hot path's own structures against what they replaced: the in-place Alea against the
// seedrandom library it is seeded by (every draw bit for bit), trace context ids drawn ahead and
// rendered in batches against drawing them one at a time, and a service's running invocations
// (an array with holes) against a Set (same members, same order, through compaction).
import { describe, expect, it, vi } from 'vitest';
import seedrandom from 'seedrandom';
import { createRandom } from '../../src/engine/kernel/random';
import { IdSource } from '../../src/engine/kernel/ids';
import { IssuedIds } from '../../src/engine/trace/issued';
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

describe('trace context ids drawn ahead (kernel/trace-draws.ts)', () => {
  /** What IdSource makes, from seedrandom's own int32 draws one at a time: the reference. */
  function reference(seed: number) {
    const library = seedrandom.alea(`${seed}/root/trace-context`);
    const hex16 = () => {
      const high = library.int32();
      const low = library.int32();
      return (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
    };
    const traceId = () => hex16() + hex16();
    return {
      traceId,
      spanId: hex16,
      traceparent: (id?: string) => `00-${id ?? traceId()}-${hex16()}-01`,
      traceparentInNewTrace: () => {
        const id = traceId();
        hex16(); // the root's span id
        return `00-${id}-${hex16()}-01`;
      },
    };
  }

  /**
   * Runs of new traces (so batches are rendered and used up) broken by every other draw; three
   * id sources (three runs) at once, taking turns, as they share the batches' scratch bytes.
   */
  function check(IdSourceOf: typeof IdSource, IssuedOf: typeof IssuedIds): void {
    const runs = [1, 2, 99].map((seed) => {
      const issued = new IssuedOf();
      return { issued, ids: new IdSourceOf(createRandom(seed).fork('trace-context'), issued), ref: reference(seed), pick: createRandom(`${seed}/pick`), last: '' };
    });
    for (const run of runs) {
      run.last = run.ref.traceparent();
      expect(run.ids.traceparent()).toBe(run.last);
    }
    for (let i = 0; i < 4_000; i++) {
      for (const run of runs) {
        const { ids, ref, issued, last } = run;
        const r = run.pick.int(100);
        let made: string;
        if (r < 80) expect((made = ids.traceparentInNewTrace())).toBe(ref.traceparentInNewTrace());
        else if (r < 88) expect((made = ids.traceparent(last.slice(3, 35)))).toBe(ref.traceparent(last.slice(3, 35)));
        else if (r < 92) expect((made = ids.traceparent())).toBe(ref.traceparent());
        else if (r < 96) {
          expect(ids.traceId()).toBe(ref.traceId());
          continue;
        } else {
          expect(ids.spanId()).toBe(ref.spanId());
          continue;
        }
        // the trace's copy: this traceparent, with its 24 bytes
        expect(issued.traceparent).toBe(made);
        const hex = made.slice(3, 35) + made.slice(36, 52);
        expect(Array.from(issued.traceparentBytes, (b) => b.toString(16).padStart(2, '0')).join('')).toBe(hex);
        run.last = made;
      }
    }
  }

  it('make the same ids as drawing one at a time, in any order of calls', () => {
    check(IdSource, IssuedIds);
  });

  it('make the same ids on a host without TextDecoder (each traceparent built alone)', async () => {
    vi.stubGlobal('TextDecoder', undefined);
    vi.resetModules();
    try {
      const fresh = await import('../../src/engine/kernel/ids');
      const issuedModule = await import('../../src/engine/trace/issued');
      check(fresh.IdSource, issuedModule.IssuedIds);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });
});
