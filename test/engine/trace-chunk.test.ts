// The compact trace in chunks (trace/chunk.ts): a replica fed a run's chunks in order — cut at
// any sizes, sent through structured clone with their buffers transferred — builds every event
// with byte-identical JSON and the same hash; table additions arrive with the first chunk that
// may need them; ticks widened mid-run widen the replica; a chunk out of order is refused.
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, TraceColumns } from '../../src/engine/trace/columns';
import { TraceChunker, appendChunk, chunkBuffers, type TraceChunk } from '../../src/engine/trace/chunk';
import { hashTrace } from '../../src/engine/trace/hash';
import { text } from '../../src/engine/trace/text';
import type { TraceInput } from '../../src/engine/trace/types';
import { Simulation } from '../../src/engine/index';
import { defaultScenario } from '../../src/scenarios/index';

const sent = (chunk: TraceChunk): TraceChunk => structuredClone(chunk, { transfer: chunkBuffers(chunk) });

describe('trace chunks', () => {
  it('a replica fed a run in uneven chunks builds the same events, JSON and hash', () => {
    const sim = new Simulation(defaultScenario, { seed: 6, faults: [{ type: 'crash', service: 'Inventory', atTick: 501 }] });
    const columns = sim.world.trace.columns;
    const chunker = new TraceChunker(columns);
    const replica = new TraceColumns();
    const sizes = [1, 0, 7, 300, 2, 1000];
    for (let k = 0; !sim.done || chunker.position < columns.length; k++) {
      for (let s = 0; s < 20 && sim.step(); s++);
      appendChunk(replica, sent(chunker.next(chunker.position + sizes[k % sizes.length]!)));
    }
    sim.dispose();
    expect(replica.length).toBe(columns.length);
    const expected = columns.slice(0, columns.length);
    const got = replica.slice(0, replica.length);
    expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
    expect(hashTrace(got)).toBe(hashTrace(expected));
    for (const i of [0, 17, columns.length - 1]) expect(replica.payloadOf(i)).toEqual(columns.payloadOf(i));
  }, 60_000);

  it('keeps events across pages: past a page, trimmed, grown again, chunked across page edges', () => {
    const columns = new TraceColumns();
    const chunker = new TraceChunker(columns);
    const replica = new TraceColumns();
    const input = (n: number): TraceInput => ({ kind: 'message.acked', actor: n % 5 === 0 ? undefined : `q${n % 3}`, messageId: `m-${n}`, correlationId: n % 7 === 0 ? undefined : `c-${n >> 2}`, deliveryId: `d-${n}`, data: { entity: 'q', n } } as never);
    const total = 2 * PAGE_SIZE + 777;
    const cuts = [PAGE_SIZE - 3, PAGE_SIZE + 5, PAGE_SIZE + 100, 2 * PAGE_SIZE, 2 * PAGE_SIZE + 1];
    for (let n = 0; n < total; n++) {
      if (n === PAGE_SIZE + 50) columns.trim(); // a run trimmed, then appended to again
      columns.append(n, input(n));
      if (cuts.includes(n)) appendChunk(replica, sent(chunker.next(columns.length)));
    }
    columns.trim();
    appendChunk(replica, sent(chunker.next(columns.length)));
    expect(columns.capacity).toBe(total);
    expect(replica.length).toBe(total);
    for (const i of [0, 1, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 49, PAGE_SIZE + 50, 2 * PAGE_SIZE, total - 1]) {
      const expected = { seq: i, tick: i, kind: 'message.acked', ...(input(i) as object) };
      expect(JSON.stringify(columns.event(i))).toBe(JSON.stringify(expected));
      expect(JSON.stringify(replica.event(i))).toBe(JSON.stringify(expected));
      expect(columns.tickOf(i)).toBe(i);
      expect(columns.stringOf(i, 1)).toBe(`m-${i}`);
    }
    for (const at of [PAGE_SIZE, 2 * PAGE_SIZE]) expect(hashTrace(replica.slice(at - 300, at + 300))).toBe(hashTrace(columns.slice(at - 300, at + 300)));
  });

  it('keeps payloads across the payload store\'s chunks: an event larger than a chunk, reads in any order, a replica fed uneven chunks', () => {
    const columns = new TraceColumns();
    const chunker = new TraceChunker(columns);
    const replica = new TraceColumns();
    const big = Array.from({ length: 300_000 }, (_, k) => k * 7); // ~1 MB of varints: more than a chunk
    const input = (n: number): TraceInput => ({ kind: 'db.committed', actor: 'S', messageId: `m-${n}`, data: { service: 'S', n, writes: n === 30_000 ? big : [n, `w${n % 50}`, -n / 4] } } as never);
    const total = 90_000;
    for (let n = 0; n < total; n++) {
      columns.append(n, input(n));
      if (n % 9_973 === 0 || n === 30_000) appendChunk(replica, sent(chunker.next(columns.length)));
    }
    columns.trim();
    appendChunk(replica, sent(chunker.next(columns.length)));
    expect(columns.payload.chunks.length).toBeGreaterThan(1);
    expect(replica.payload.chunks.length).toBeGreaterThan(1);
    const sample = [total - 1, 0, 29_999, 30_000, 30_001, 45_000, 1, 60_123, 30_000, total - 2];
    for (const i of sample) {
      const expected = JSON.stringify({ seq: i, tick: i, kind: 'db.committed', ...(input(i) as object) });
      expect(JSON.stringify(columns.event(i))).toBe(expected);
      expect(JSON.stringify(replica.event(i))).toBe(expected);
      expect(replica.payloadKeyOf(i, 'data', 'n')).toBe(i);
    }
    expect(hashTrace(replica.slice(0, total))).toBe(hashTrace(columns.slice(0, total)));
  }, 60_000);

  it('carries lazy texts, payload shapes, values kept by reference and widened ticks', () => {
    const columns = new TraceColumns();
    const chunker = new TraceChunker(columns);
    const replica = new TraceColumns();
    const input = (n: number): TraceInput => ({ kind: 'handler.logged', actor: `A${n % 3}`, messageId: `m-${n}`, text: text`attempt ${n} of ${3}`, data: { service: 'S', handler: 'H', text: `t${n}`, [`k${n % 200}`]: { when: new Date(n), v: [n, -n, 0.5] } } as never });
    for (let n = 0; n < 400; n++) {
      columns.append(n < 300 ? n : 2 ** 33 + n, input(n));
      if (n % 97 === 0) appendChunk(replica, chunker.next(columns.length));
    }
    appendChunk(replica, chunker.next(columns.length));
    expect(replica.wideTicks).toBe(true);
    expect(chunker.next(columns.length).ticks).toBeInstanceOf(Float64Array);
    expect(JSON.stringify(replica.slice(0, 400))).toBe(JSON.stringify(columns.slice(0, 400)));
    expect(replica.event(399).tick).toBe(2 ** 33 + 399);
  });

  it('refuses a chunk that skips or repeats events', () => {
    const columns = new TraceColumns();
    for (let n = 0; n < 10; n++) columns.append(n, { kind: 'service.restarted', actor: 'S', data: { service: `S${n}` } });
    const chunker = new TraceChunker(columns);
    const first = chunker.next(4);
    const second = chunker.next(10);
    const replica = new TraceColumns();
    expect(() => appendChunk(replica, second)).toThrow(/starts at 4, expected 0/);
    appendChunk(replica, first);
    expect(() => appendChunk(replica, first)).toThrow(/starts at 0, expected 4/);
    appendChunk(replica, second);
    expect(replica.slice(0, 10)).toEqual(columns.slice(0, 10));
  });
});
