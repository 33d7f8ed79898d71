// The playground's address holds scenario, seed, broker and cursor, and reads back what it
// wrote; a seed or position that is not a whole number in range is a problem with a message.

import { describe, expect, it } from 'vitest';
import { isPlayHash, parsePlayHash, playHash, readSeed } from '../../src/ui/state/play-route';

describe('play route', () => {
  it('round-trips scenario, seed, broker and position', () => {
    const hash = playHash({ scenario: 'order-flow', seed: 7, broker: 'kafka', at: 82 });
    expect(hash).toBe('#/play?scenario=order-flow&seed=7&broker=kafka&at=82');
    expect(parsePlayHash(hash)).toEqual({ state: { scenario: 'order-flow', seed: 7, broker: 'kafka', at: 82 }, problems: [] });
    expect(playHash({ scenario: 'order-flow', seed: 0, at: 0 })).toBe('#/play?scenario=order-flow&seed=0');
  });

  it('names what is wrong with a seed or a position, and keeps the rest', () => {
    const r = parsePlayHash('#/play?scenario=order-flow&seed=4.5&at=-3');
    expect(r.state).toEqual({ scenario: 'order-flow' });
    expect(r.problems.map((p) => p.param)).toEqual(['seed', 'at']);
    expect(r.problems[0]!.message).toBe('A seed is a whole number from 0 to 4,294,967,295; "4.5" is not one.');
    expect(parsePlayHash('#/play?seed=4294967296').problems[0]!.param).toBe('seed');
    expect(parsePlayHash('#/play?scenario=%3Cscript%3E').problems[0]!.param).toBe('scenario');
  });

  it('reads typed seeds strictly', () => {
    expect(readSeed(' 42 ')).toEqual({ seed: 42 });
    for (const bad of ['', 'abc', '1e3', '-1', '3.0', '0x10']) expect('problem' in readSeed(bad), bad).toBe(true);
  });

  it('knows its own addresses from the course\'s and share links', () => {
    for (const h of ['', '#/', '#/play', '#/play?seed=1']) expect(isPlayHash(h), h).toBe(true);
    for (const h of ['#/lessons', '#/share/1.abc', '#/player']) expect(isPlayHash(h), h).toBe(false);
  });
});
