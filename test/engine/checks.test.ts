// The no-loss check on literal traces: what it accepts and how it explains a failure.
import { describe, expect, it } from 'vitest';
import { runCheck, type TraceEvent } from '../../src/engine/index';
import { defaultScenario } from '../../src/scenarios/index';

let seq = 0;
const ev = (kind: string, messageId: string, data: Record<string, unknown>, tick = 0) => ({ seq: seq++, tick, kind, actor: 'x', messageId, data }) as unknown as TraceEvent;
const check = (trace: TraceEvent[]) => runCheck('no-loss', { trace, scenario: defaultScenario, finalDb: {} });

describe('no-loss check', () => {
  it('passes when every enqueued copy is acked or dead-lettered', () => {
    seq = 0;
    const r = check([
      ev('message.enqueued', 'm-1', { entity: 'q' }),
      ev('message.enqueued', 'm-2', { entity: 'q' }),
      ev('message.acked', 'm-1', { entity: 'q' }),
      ev('message.dead-lettered', 'm-2', { entity: 'q', dlq: 'q.dlq', reason: 'r' }),
    ]);
    expect(r).toEqual({ name: 'no-loss', valid: true, errors: [] });
  });

  it('explains a message still in the queue at the end, with its events', () => {
    seq = 0;
    const r = check([ev('message.enqueued', 'm-1', { entity: 'q' }), ev('message.delivered', 'm-1', { entity: 'q' })]);
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual([{ anomaly: 'unprocessed', explanation: 'm-1 was still in q when the run ended: accepted, never processed or dead-lettered', eventRefs: [0] }]);
  });

  it('names a dropped copy lost and an unroutable publish unroutable', () => {
    seq = 0;
    const r = check([
      ev('message.published', 'm-1', { destination: 'nowhere' }),
      ev('message.unroutable', 'm-1', { destination: 'nowhere' }, 3),
      ev('message.enqueued', 'm-2', { entity: 'q' }),
      ev('message.dropped', 'm-2', { entity: 'q', reason: 'ReceiveAndDelete and the consumer crashed' }, 9),
    ]);
    expect(r.errors.map((e) => e.anomaly)).toEqual(['unroutable', 'lost']);
    expect(r.errors[0]).toEqual({ anomaly: 'unroutable', explanation: 'm-1 was published to nowhere at tick 3, but no queue received it', eventRefs: [0, 1] });
    expect(r.errors[1].explanation).toBe('m-2 vanished from q at tick 9 (ReceiveAndDelete and the consumer crashed) without being processed or dead-lettered');
    expect(r.errors[1].eventRefs).toEqual([2, 3]);
  });

  it('counts duplicate copies of one message separately', () => {
    seq = 0;
    const r = check([ev('message.enqueued', 'm-1', { entity: 'q' }), ev('message.enqueued', 'm-1', { entity: 'q' }), ev('message.acked', 'm-1', { entity: 'q' })]);
    expect(r.valid).toBe(false);
  });
});
