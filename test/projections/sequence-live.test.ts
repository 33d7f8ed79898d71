// The incremental layout as data: building it batch by batch gives the same layout as one call,
// handlers draw activation bars, each tone has its own glyph or head, rows are found by trace
// position, and layoutToSvg renders a standalone SVG document.

import { describe, expect, it } from 'vitest';
import { layoutSequence, rowsBefore, SequenceLayoutBuilder } from '../../src/projections/sequence-layout';
import { BOX_WIDTH, headerTextLength, layoutToSvg } from '../../src/projections/sequence-svg';
import { ev, orderFlowTrace, traceOf } from './trace-fixture';

const services = ['Ordering', 'Inventory', 'Payments'];

describe('SequenceLayoutBuilder', () => {
  it('gives the same layout batch by batch as in one call', () => {
    const whole = layoutSequence(orderFlowTrace, { services });
    for (const size of [1, 3, 7]) {
      const builder = new SequenceLayoutBuilder({ services });
      for (let i = 0; i < orderFlowTrace.length; i += size) builder.add(orderFlowTrace.slice(i, i + size));
      expect(builder.snapshot()).toEqual(whole);
    }
  });

  it('draws an activation from the delivery arrow to the last row its handler drew', () => {
    const layout = layoutSequence(orderFlowTrace, { services });
    const inventory = layout.activations.filter((a) => a.lifeline === 'Inventory');
    expect(inventory).toHaveLength(2);
    const [failed, succeeded] = inventory;
    expect(failed).toMatchObject({ failed: true, fromRow: 1, toRow: 2, endSeq: 4 });
    // The second attempt starts at the redelivery and spans the StockReserved publish.
    expect(succeeded).toMatchObject({ failed: false, fromRow: 3, toRow: 4, endSeq: 9 });
  });

  it('keeps no bar for a handler that drew nothing', () => {
    const trace = traceOf(
      ev('handler.started', 'A', { service: 'A', handler: 'H', attempt: 1 }, { messageId: 'r-1' }),
      ev('handler.completed', 'A', { service: 'A', handler: 'H', durationTicks: 0 }, { messageId: 'r-1' }),
    );
    const [a] = layoutSequence(trace).activations;
    expect(a!.toRow).toBeLessThan(a!.fromRow);
    expect(layoutToSvg(layoutSequence(trace))).not.toContain('class="activation"');
  });

  it('tells replies, retries, faults, commits and relays apart by glyph and head, not colour alone', () => {
    const trace = traceOf(
      ev('message.published', 'A', { type: 'Ask', messageKind: 'command', destination: 'q', body: null, headers: {}, via: 'direct' }, { messageId: 'm-1' }),
      ev('message.published', 'B', { type: 'Answer', messageKind: 'event', destination: 'replies', body: null, headers: { inReplyTo: 'm-1' }, via: 'direct' }, { messageId: 'm-2' }),
      ev('fault.injected', 'sim', { fault: 'crash', target: 'B' }),
      ev('service.crashed', 'B', { service: 'B', lostInvocations: 1 }),
      ev('db.committed', 'A', { service: 'A', writes: [{ table: 'orders', key: 'o-1', value: 1 }, { table: 'orders', key: 'o-2', value: 2 }] }),
      ev('outbox.relayed', 'A', { service: 'A', outboxId: 'ob-1' }),
      ev('retry.scheduled', 'A', { service: 'A', handler: 'H', attempt: 2, delayTicks: 100 }),
      ev('message.lock-expired', 'q', { entity: 'q', consumer: 'B' }, { messageId: 'm-1' }),
    );
    const layout = layoutSequence(trace, { services: ['A', 'B'] });
    expect(layout.arrows.map((a) => [a.label, a.tone, a.head, a.line])).toEqual([
      ['Ask', 'normal', 'arrow', 'solid'],
      ['↩ Answer', 'reply', 'open', 'dashed'],
    ]);
    expect(layout.notes.map((n) => [n.text, n.tone])).toEqual([
      ['⚡ crash', 'fault'],
      ['✸ crashed (1 running lost)', 'fault'],
      ['✓ commit orders/o-1 +1', 'commit'],
      ['⇢ outbox relayed ob-1', 'outbox'],
      ['↻ retry 2 in 100 ms', 'retry'],
      ['◷ lock expired: Ask', 'retry'],
    ]);
  });

  it('finds how many rows lie before a trace position', () => {
    const layout = layoutSequence(orderFlowTrace, { services });
    const seqs = layout.rows.map((r) => r.seq);
    for (let p = 0; p <= orderFlowTrace.length; p++) expect(rowsBefore(layout.rows, p)).toBe(seqs.filter((s) => s < p).length);
  });
});

describe('layoutToSvg', () => {
  const svg = layoutToSvg(layoutSequence(orderFlowTrace, { services }));

  it('renders a standalone SVG document with every participant and message', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    for (const name of ['Ordering', 'orders', 'Inventory', 'payments']) expect(svg).toContain(`>${name}</text>`);
    expect(svg.match(/<g class="arrow /g)).toHaveLength(7);
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg).toContain('marker-end="url(#cross-dead-letter)"');
    expect(svg).toContain('<marker id="open-reply"');
  });

  it('escapes text', () => {
    const trace = traceOf(ev('handler.failed', 'A', { service: 'A', handler: 'H', error: '<b>&"', transient: true }));
    expect(layoutToSvg(layoutSequence(trace))).toContain('&lt;b&gt;&amp;&quot;');
  });
});

describe('lifeline header labels', () => {
  it('a label that would overrun its box is condensed to the box; a short one is left as it is', () => {
    expect(headerTextLength('orders')).toBeUndefined();
    expect(headerTextLength('Inventory ▾')).toBeUndefined();
    const long = headerTextLength('payment-commands');
    expect(long).toBeDefined();
    expect(long!).toBeLessThan(BOX_WIDTH);
  });
});
