// External systems and sends that leave before a commit, as the diagram and the mermaid text
// draw them: the gateway has its own lifeline (kind 'external'), each call it received is a
// note (◆ applied, ⇉ replayed, ✗ refused), and a publish or call made inside an uncommitted
// transaction carries the ◌ glyph and its own tone.
import { describe, expect, it } from 'vitest';
import { layoutSequence } from '../../src/projections/sequence-layout';
import { traceToMermaid } from '../../src/projections/mermaid';
import { ev, traceOf } from './trace-fixture';

const called = (outcome: 'applied' | 'replayed' | 'refused', extra: object = {}) =>
  ev('external.called', 'PaymentGateway', { external: 'PaymentGateway', operation: 'charge', body: { orderId: 'order-1' }, key: 'order-1', caller: 'Payments', handler: 'Charge', callId: 'k-1', outcome, ...extra }, { messageId: 'm-1' });

const trace = traceOf(
  ev('handler.started', 'Payments', { service: 'Payments', handler: 'Charge', attempt: 1 }, { messageId: 'm-1' }),
  ev('call.started', 'Payments', { from: 'Payments', to: 'PaymentGateway', operation: 'charge', callId: 'k-1', timeoutTicks: 30_000, external: true, uncommitted: true }, { messageId: 'k-1' }),
  called('applied', { uncommitted: true, receipt: 'PaymentGateway-1' }),
  ev('call.completed', 'Payments', { from: 'Payments', to: 'PaymentGateway', operation: 'charge', callId: 'k-1', durationTicks: 10 }, { messageId: 'k-1' }),
  ev('message.published', 'Payments', { type: 'Charged', messageKind: 'event', destination: 'receipts', body: {}, headers: {}, via: 'direct', uncommitted: true }, { messageId: 'm-2' }),
  called('replayed', { receipt: 'PaymentGateway-1' }),
  called('refused'),
);

describe('external systems in the diagram', () => {
  it('get a lifeline of their own and a note per call they received', () => {
    const layout = layoutSequence(trace, { services: ['Payments'] });
    expect(layout.lifelines.map((l) => [l.name, l.kind])).toEqual([['Payments', 'service'], ['PaymentGateway', 'external'], ['receipts', 'entity']]);
    expect(layout.notes.map((n) => [n.lifeline, n.text, n.tone])).toEqual([
      ['PaymentGateway', '◆ charge order-1', 'effect'],
      ['PaymentGateway', '⇉ charge order-1: same key, not again', 'skipped'],
      ['PaymentGateway', '✗ charge: key reused', 'failure'],
    ]);
  });

  it('mark a call or a publish sent from inside an uncommitted transaction with ◌ and its tone', () => {
    const layout = layoutSequence(trace, { services: ['Payments'] });
    const call = layout.arrows.find((a) => a.kind === 'call.started')!;
    expect([call.label, call.detail, call.tone]).toEqual(['◌ call charge', 'sent before its transaction committed', 'uncommitted']);
    const published = layout.arrows.find((a) => a.kind === 'message.published')!;
    expect([published.label, published.detail, published.tone]).toEqual(['◌ Charged', 'sent before its transaction committed', 'uncommitted']);
    const reply = layout.arrows.find((a) => a.kind === 'call.completed')!;
    expect(reply.tone).toBe('reply');
  });

  it('read the same in mermaid text', () => {
    const text = traceToMermaid(trace);
    expect(text).toContain('participant P1 as PaymentGateway');
    expect(text).toContain('P0->>P1: ◌ call charge k-1 (before commit)');
    expect(text).toContain('Note over P1: ◆ charge order-1');
    expect(text).toContain('Note over P1: ⇉ charge order-1 replayed, same key');
    expect(text).toContain('P0-->>P2: ◌ Charged m-2 (before commit)');
  });
});
