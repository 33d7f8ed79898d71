// Metric series, log lines and timeline markers from literal traces.

import { describe, expect, it } from 'vitest';
import { bucketTicksFor, bucketsUpTo, metricSeries } from '../../src/projections/metrics';
import { filterLogs, linesBefore, LogBuilder, LogIndex, logLines } from '../../src/projections/logs';
import { collectMarkers, jumpToMarker } from '../../src/projections/markers';
import { orderFlowTrace, traceOf, ev } from './trace-fixture';

describe('metricSeries', () => {
  it('picks round bucket sizes', () => {
    expect(bucketTicksFor(0)).toBe(1);
    expect(bucketTicksFor(1000, 100)).toBe(20);
    expect(bucketTicksFor(30_000, 120)).toBe(500);
  });

  it('counts queue length, age at delivery, outcomes, retries and DLQ depth per bucket', () => {
    // The fixture's events sit at tick = seq × 10 (0 … 150).
    const s = metricSeries(orderFlowTrace, 50);
    expect(s.ticks).toEqual([0, 50, 100, 150]);
    expect(s.queueLength).toEqual([1, 1, 1, 1]);
    expect(s.failuresPerSecond).toEqual([20, 0, 0, 0]);
    expect(s.retries).toEqual([0, 1, 0, 0]);
    expect(s.messageAgeTicks).toEqual([10, 50, 10, 0]);
    expect(s.dlqDepth).toEqual([0, 0, 1, 1]);
    expect(bucketsUpTo(s, 0)).toBe(1);
    expect(bucketsUpTo(s, 120)).toBe(3);
    expect(bucketsUpTo(s, 10_000)).toBe(4);
  });
});

describe('logs', () => {
  it('writes structured lines with the attempt of each handler event', () => {
    const lines = logLines(orderFlowTrace);
    const failed = lines.find((l) => l.text.includes('failed'))!;
    expect(failed).toMatchObject({ service: 'Inventory', messageId: 'm-1', attempt: 1, level: 'error' });
    const started = lines.filter((l) => l.text.includes('started'));
    expect(started.map((l) => l.attempt)).toEqual([1, 2]);
  });

  it('builds the same lines batch by batch', () => {
    const b = new LogBuilder();
    for (const e of orderFlowTrace) b.add([e]);
    expect(b.lines).toEqual(logLines(orderFlowTrace));
  });

  it('filters by exact id, by text, and up to a position', () => {
    const trace = traceOf(
      ev('handler.logged', 'A', { service: 'A', handler: 'H', text: 'hello c-1' }, { correlationId: 'c-1', messageId: 'm-1' }),
      ev('handler.logged', 'A', { service: 'A', handler: 'H', text: 'other' }, { correlationId: 'c-12', messageId: 'm-2' }),
    );
    const lines = logLines(trace);
    expect(filterLogs(lines, 'c-1').map((l) => l.text)).toEqual(['hello c-1']);
    expect(filterLogs(lines, 'M-2').map((l) => l.text)).toEqual(['other']);
    expect(filterLogs(lines, 'oth').map((l) => l.text)).toEqual(['other']);
    expect(filterLogs(lines, '', 1)).toHaveLength(1);
  });
});

describe('markers', () => {
  const markers = collectMarkers(orderFlowTrace);

  it('finds failures and dead-letters', () => {
    expect(markers.map((m) => [m.seq, m.kind])).toEqual([[4, 'failure'], [14, 'dead-letter']]);
  });

  it('jumps to the position just after the next or previous marker', () => {
    expect(jumpToMarker(markers, 0, 1)).toBe(5);
    expect(jumpToMarker(markers, 5, 1)).toBe(15);
    expect(jumpToMarker(markers, 15, 1)).toBeUndefined();
    expect(jumpToMarker(markers, 15, -1)).toBe(5);
    expect(jumpToMarker(markers, 5, -1)).toBeUndefined();
    expect(jumpToMarker(markers, 0, 1, ['dead-letter'])).toBe(15);
  });
});

describe('linesBefore', () => {
  it('counts the lines before a trace position', () => {
    const lines = logLines(orderFlowTrace);
    for (const position of [0, 1, 5, 9, 15, 100]) expect(linesBefore(lines, position)).toBe(lines.filter((l) => l.seq < position).length);
  });
});

describe('LogIndex', () => {
  it('keeps seqs and attempts, and builds the same lines as LogBuilder', () => {
    const index = new LogIndex();
    for (let i = 0; i < orderFlowTrace.length; i += 4) index.add(orderFlowTrace.slice(i, i + 4));
    const lines = logLines(orderFlowTrace);
    expect(index.length).toBe(lines.length);
    expect(Array.from({ length: index.length }, (_, i) => index.line(i, (seq) => orderFlowTrace[seq]!))).toEqual(lines);
    for (const position of [0, 5, 15, 100]) expect(index.before(position)).toBe(linesBefore(lines, position));
  });
});
