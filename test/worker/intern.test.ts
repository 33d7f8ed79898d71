// Interning streamed events: equal values (the trace and its hash are unchanged), one shared
// copy of each short string, long strings and frozen objects left alone.

import { describe, expect, it } from 'vitest';
import { hashTrace, runScenario } from '../../src/engine/index';
import { defaultScenario } from '../../src/scenarios/index';
import { StringPool, internEvent } from '../../src/ui/state/intern';

describe('internEvent', () => {
  it('keeps every event equal and the hash the same', () => {
    const trace = runScenario(defaultScenario, { seed: 6 }).trace;
    const copy = structuredClone(trace);
    const pool = new StringPool();
    for (const e of copy) internEvent(e, pool);
    expect(copy).toEqual(trace);
    expect(hashTrace(copy)).toBe(hashTrace(trace));
    expect(pool.size).toBeGreaterThan(10);
    expect(pool.size).toBeLessThan(copy.length * 3);
  });

  it('shares one copy of a short string; leaves long strings and frozen objects alone', () => {
    const pool = new StringPool();
    const a = { kind: ['message', 'delivered'].join('.'), data: { entity: ['ord', 'ers'].join(''), props: { to: ['In', 'ventory'].join('') } }, text: 'x'.repeat(100) };
    const b = structuredClone(a);
    internEvent(a, pool);
    internEvent(b, pool);
    expect(b).toEqual(a);
    expect(pool.size).toBe(3);
    const frozen = Object.freeze({ kind: 'k' });
    expect(() => internEvent(frozen, pool)).not.toThrow();
  });
});
