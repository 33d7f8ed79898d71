// The hot path's per-kind writers keep what `record` kept for the same event: the same shape
// (kind and keys in order) and equal values, so the same JSON and hash. The fold's view reads
// the same fields the built event has, and the payload reader finds one key of an object.
import { describe, expect, it } from 'vitest';
import { TraceRecorder } from '../../src/engine/trace/recorder';
import { hashTrace } from '../../src/engine/trace/hash';
import { text } from '../../src/engine/trace/text';
import { recordAcked, recordDelivered, recordEnqueued } from '../../src/engine/brokers/generic-records';
import type { TraceInput } from '../../src/engine/trace/types';

/** The generic broker's three events as `record` inputs, as generic.ts built them before its writers. */
function asInputs(n: number, correlationId: string | undefined): TraceInput[] {
  const m = `m-${n}`, d = `d-${n}`;
  return [
    { kind: 'message.enqueued', actor: 'work', messageId: m, correlationId: correlationId!, data: { entity: 'work', props: { sequenceNumber: n } } },
    {
      kind: 'message.delivered', actor: 'work', messageId: m, correlationId: correlationId!, deliveryId: d,
      data: { entity: 'work', consumer: 'Worker', props: { deliveryCount: 2, sequenceNumber: n, lockedUntil: 30000.5 + n } },
      text: text`delivery ${2} of at most ${10} to ${'Worker'}, locked until ${30000.5 + n}`,
    },
    { kind: 'message.acked', actor: 'work', messageId: m, correlationId: correlationId!, deliveryId: d, data: { entity: 'work', consumer: 'Worker' }, text: 'completed: removed from the queue' },
  ];
}

function written(n: number, correlationId: string | undefined, trace: TraceRecorder): void {
  recordEnqueued(trace, 'work', `m-${n}`, correlationId!, n);
  recordDelivered(trace, 'work', `m-${n}`, correlationId!, `d-${n}`, 'Worker', 2, n, 30000.5 + n, 10);
  recordAcked(trace, 'work', `m-${n}`, correlationId!, `d-${n}`, 'Worker');
}

describe('per-kind trace writers', () => {
  it('keep the events record() keeps: same shapes, JSON and hash', () => {
    const byWriter = new TraceRecorder(() => 7, true);
    const byRecord = new TraceRecorder(() => 7, true);
    for (let n = 1; n <= 300; n++) {
      const correlationId = n % 7 === 0 ? undefined : `c-${n}`;
      written(n, correlationId, byWriter);
      for (const input of asInputs(n, correlationId)) byRecord.record(input);
    }
    const a = byWriter.toArray();
    const b = byRecord.toArray();
    expect(a.map((e) => JSON.stringify(e))).toEqual(b.map((e) => JSON.stringify(e)));
    expect(a.map((e) => Object.keys(e).join())).toEqual(b.map((e) => Object.keys(e).join()));
    expect(hashTrace(a)).toBe(hashTrace(b));
    expect(byWriter.columns.shapes.map((s) => s.fields.map((f) => `${f.key}:${f.column}`).join())).toEqual(byRecord.columns.shapes.map((s) => s.fields.map((f) => `${f.key}:${f.column}`).join()));
  });

  it('count without keeping in an untraced run, and stop at the limit as record() does', () => {
    const untraced = new TraceRecorder(() => 0, false);
    written(1, 'c-1', untraced);
    expect(untraced.length).toBe(3);
    expect(untraced.columns.length).toBe(0);
    const limited = new TraceRecorder(() => 0, true);
    limited.stopAt = 2;
    limited.onLimit = () => {
      throw new Error('limit');
    };
    expect(() => written(1, 'c-1', limited)).toThrow('limit');
    expect(limited.columns.length).toBe(2);
  });

  it('leave the fold view reading what the built event has; a restore reads kinds alone', () => {
    const trace = new TraceRecorder(() => 3, true);
    written(5, 'c-5', trace);
    trace.record({ kind: 'handler.logged', actor: 'W', data: { service: 'W', handler: 'H', text: 'hi' } });
    const columns = trace.columns;
    for (let i = 0; i < columns.length; i++) {
      const built = columns.event(i) as unknown as Record<string, unknown>;
      const view = columns.foldView(i) as unknown as Record<string, unknown>;
      expect([view.seq, view.tick, view.kind, view.messageId]).toEqual([built.seq, built.tick, built.kind, built.messageId]);
      expect(view.data).toEqual(built.data);
      expect(columns.kindOf(i)).toBe(built.kind);
    }
  });

  it('read one key of a payload object without building the rest', () => {
    const trace = new TraceRecorder(() => 3, true);
    written(9, 'c-9', trace);
    const { reader } = trace.columns;
    const offsets = [0, 1].map((i) => trace.columns.offsetOf(i));
    reader.seek(offsets[1]);
    expect(reader.readKey('props')).toEqual({ deliveryCount: 2, sequenceNumber: 9, lockedUntil: 30009.5 });
    reader.seek(offsets[1]);
    expect(reader.readKey('consumer')).toBe('Worker');
    reader.seek(offsets[1]);
    expect(reader.readKey('nope')).toBeUndefined();
  });
});
