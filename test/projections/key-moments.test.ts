// Key moments as data, from literal traces: named matchers (nth, the last), injected faults,
// automatic moments when nothing is named, one moment per event, and stepping between them.
// Fed in batches it finds what one call over the whole trace finds.

import { describe, expect, it } from 'vitest';
import { adjacentMoment, findKeyMoments, KeyMomentFinder, momentIndexAt, type CaptionedMoment } from '../../src/projections/key-moments';
import { ev, orderFlowTrace, traceOf } from './trace-fixture';

const named: CaptionedMoment[] = [
  { label: 'the failure', match: { kind: 'handler.failed' }, caption: 'it fails' },
  { label: 'the second delivery', match: { kind: 'message.delivered', messageType: 'OrderPlaced' }, nth: 2, caption: 'again' },
  { label: 'the last publish', match: { kind: 'message.published' }, nth: -1, caption: 'last' },
];

describe('key moments', () => {
  it('finds named moments by kind, message type, nth and the last, in trace order', () => {
    const found = findKeyMoments(orderFlowTrace, named);
    expect(found.map((m) => [m.label, m.seq, m.position, m.source])).toEqual([
      ['the failure', 4, 5, 'named'],
      ['the second delivery', 6, 7, 'named'],
      ['the last publish', 11, 12, 'named'],
    ]);
    expect(found[0]!.caption).toBe('it fails');
  });

  it('leaves out a named moment the run does not have, and adds no automatic ones when some are named', () => {
    const found = findKeyMoments(orderFlowTrace, [{ label: 'a crash', match: { kind: 'service.crashed' }, caption: 'x' }, named[0]!]);
    expect(found.map((m) => m.label)).toEqual(['the failure']);
  });

  it('finds the first failure, dead letter… of a run nothing describes', () => {
    const found = findKeyMoments(orderFlowTrace);
    expect(found.map((m) => [m.label, m.seq, m.source])).toEqual([['the first failure', 4, 'auto'], ['the first dead letter', 14, 'auto']]);
    expect(found[1]!.caption).toContain('dead-letter queue');
  });

  it('gives a quiet run its first message, and only when nothing else is found', () => {
    const quiet = orderFlowTrace.slice(0, 4);
    expect(findKeyMoments(quiet).map((m) => [m.label, m.seq])).toEqual([['the first message', 0]]);
    expect(findKeyMoments(quiet)[0]!.caption).toContain('OrderPlaced');
    expect(findKeyMoments(orderFlowTrace).map((m) => m.label)).not.toContain('the first message');
  });

  it('makes every injected fault a moment, and a named moment wins on the same event', () => {
    const trace = traceOf(
      ev('fault.injected', 'sim', { fault: 'crash', target: 'Inventory' }, { text: 'crash Inventory at tick 0' }),
      ev('service.crashed', 'Inventory', { service: 'Inventory', lostInvocations: 2 }),
      ev('fault.injected', 'sim', { fault: 'duplicate', target: 'orders' }),
    );
    const found = findKeyMoments(trace, [{ label: 'the crash', match: { kind: 'service.crashed' }, caption: 'down' }, { label: 'dup', match: { kind: 'fault.injected' }, nth: 2, caption: 'named' }]);
    expect(found.map((m) => [m.seq, m.label, m.source])).toEqual([[0, '⚡ crash', 'fault'], [1, 'the crash', 'named'], [2, 'dup', 'named']]);
    expect(found[0]!.detail).toBe('crash Inventory at tick 0');
    // At the same tick, the crash it causes tells the fault's story.
    const sameTick = trace.map((e) => ({ ...e, tick: 0 }));
    expect(findKeyMoments(sameTick, [{ label: 'the crash', match: { kind: 'service.crashed' }, caption: 'down' }]).map((m) => m.label)).toEqual(['the crash', '⚡ duplicate']);
    expect(findKeyMoments(sameTick).map((m) => m.label)).toEqual(['the crash', '⚡ duplicate']);
    expect(findKeyMoments(trace, [], { faults: false, auto: false })).toEqual([]);
  });

  it('finds the same moments when the trace arrives in batches', () => {
    const finder = new KeyMomentFinder(named);
    for (let i = 0; i < orderFlowTrace.length; i += 3) finder.add(orderFlowTrace.slice(i, i + 3));
    expect(finder.moments).toEqual(findKeyMoments(orderFlowTrace, named));
  });

  it('steps to the next and previous moment from a cursor', () => {
    const found = findKeyMoments(orderFlowTrace, named);
    expect(adjacentMoment(found, 0, 1)?.position).toBe(5);
    expect(adjacentMoment(found, 5, 1)?.position).toBe(7);
    expect(adjacentMoment(found, 12, 1)).toBeUndefined();
    expect(adjacentMoment(found, 12, -1)?.position).toBe(7);
    expect(adjacentMoment(found, 6, -1)?.position).toBe(5);
    expect(adjacentMoment(found, 5, -1)).toBeUndefined();
    expect(momentIndexAt(found, 7)).toBe(1);
    expect(momentIndexAt(found, 8)).toBe(-1);
  });
});
