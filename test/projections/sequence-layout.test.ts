// The sequence layout as data: which lifelines, which arrows in which order and style, and that
// failures and dead-letters are marked by more than colour.

import { describe, expect, it } from 'vitest';
import { layoutSequence, SequenceLayoutBuilder } from '../../src/projections/sequence-layout';
import { tickLabel, tickLabelOf } from '../../src/projections/sequence-svg';
import { ev, orderFlowTrace, traceOf } from './trace-fixture';

describe('layoutSequence', () => {
  const layout = layoutSequence(orderFlowTrace, { services: ['Ordering', 'Inventory', 'Payments'] });

  it('orders lifelines by first appearance and tells services from entities', () => {
    expect(layout.lifelines.map((l) => `${l.kind}:${l.name}`)).toEqual([
      'service:Ordering', 'entity:orders', 'service:Inventory', 'entity:inventory-events',
      'entity:payments', 'service:Payments', 'entity:payments/$deadletterqueue',
    ]);
    const xs = layout.lifelines.map((l) => l.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(xs.length);
  });

  it('draws publish arrows producer → entity and delivery arrows entity → consumer service', () => {
    expect(layout.arrows.map((a) => `${a.from} -> ${a.to}: ${a.label}`)).toEqual([
      'Ordering -> orders: OrderPlaced',
      'orders -> Inventory: OrderPlaced',
      'orders -> Inventory: ↻ OrderPlaced #2',
      'Inventory -> inventory-events: StockReserved',
      'Ordering -> payments: ChargeCard',
      'payments -> Payments: ChargeCard',
      'payments -> payments/$deadletterqueue: ☠ ChargeCard',
    ]);
  });

  it('uses solid lines for commands and dashed lines for events, like mermaid', () => {
    const style = Object.fromEntries(layout.arrows.map((a) => [a.label, a.line]));
    expect(style.OrderPlaced).toBe('dashed');
    expect(style.ChargeCard).toBe('solid');
  });

  it('marks dead-letters with a cross head and failures with a ✗ note', () => {
    const dead = layout.arrows.find((a) => a.kind === 'message.dead-lettered');
    expect(dead).toMatchObject({ tone: 'dead-letter', head: 'cross', detail: 'MaxDeliveryCountExceeded' });
    expect(layout.notes).toEqual([expect.objectContaining({ lifeline: 'Inventory', tone: 'failure', text: '✗ ReserveStock: db timeout' })]);
    expect(layout.notes[0]!.x).toBe(layout.lifelines.find((l) => l.name === 'Inventory')!.x);
  });

  it('gives every row its own y, increasing in trace order', () => {
    const ys = [...layout.arrows, ...layout.notes].sort((a, b) => a.seq - b.seq).map((r) => r.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(new Set(ys).size).toBe(ys.length);
    expect(layout.rowCount).toBe(8);
    expect(layout.height).toBeGreaterThan(Math.max(...ys));
    expect(layout.width).toBeGreaterThan(Math.max(...layout.lifelines.map((l) => l.x)));
  });

  it('resolves the consumer service from handler events when the consumer id is opaque', () => {
    const trace = traceOf(
      ev('message.published', 'A', { type: 'Ping', messageKind: 'command', destination: 'q', body: null, headers: {}, via: 'direct' }, { messageId: 'm' }),
      ev('message.delivered', 'q', { entity: 'q', consumer: 'c-7', props: {} }, { messageId: 'm', deliveryId: 'd' }),
      ev('handler.started', 'B', { service: 'B', handler: 'OnPing', attempt: 1 }, { messageId: 'm', deliveryId: 'd' }),
    );
    expect(layoutSequence(trace).arrows[1]).toMatchObject({ from: 'q', to: 'B', label: 'Ping', line: 'solid' });
  });

  it('stops at rowsMax and says so', () => {
    const small = layoutSequence(orderFlowTrace, { rowsMax: 3 });
    expect(small.rowCount).toBe(3);
    expect(small.truncated).toBe(true);
    expect(layout.truncated).toBe(false);
  });

  it('tells each row\'s tick, and its tick label, without building the row before', () => {
    // Fours of events share a tick, so some rows carry no label.
    const trace = orderFlowTrace.map((e) => ({ ...e, tick: Math.floor(e.seq / 4) * 10 }));
    const builder = new SequenceLayoutBuilder({ services: ['Ordering', 'Inventory', 'Payments'] }).add(trace);
    const layout = builder.snapshot();
    const ticks = layout.rows.map((r) => r.tick);
    expect(ticks.map((_, i) => builder.tickAt(i))).toEqual(ticks);
    const labels = layout.rows.map((_, i) => tickLabel(layout.rows, i));
    expect(labels.map((_, i) => tickLabelOf(ticks[i]!, i === 0 ? null : builder.tickAt(i - 1)))).toEqual(labels);
    // Both kinds occur: a label where time moves on, none where it stays.
    expect(labels.some((l) => l !== null)).toBe(true);
    expect(labels.some((l) => l === null)).toBe(true);
    expect(labels[0]).toBe(`${ticks[0]} ms`);
  });

  it('lays out an empty trace without lifelines', () => {
    expect(layoutSequence([])).toMatchObject({ lifelines: [], arrows: [], notes: [], rowCount: 0 });
  });
});

describe('notes stay inside the diagram', () => {
  it('a note on the last lifeline sits left of it; others sit right of their lifeline', async () => {
    const { noteX, noteWidth, truncate } = await import('../../src/projections/sequence-svg');
    const layout = layoutSequence(orderFlowTrace);
    const last = Math.max(...layout.lifelines.map((l) => l.x));
    const long = truncate('✓ commit parked/order-1 and a few more words here', 44);
    const w = noteWidth(long);
    const atLast = noteX({ x: last }, w, layout.width);
    expect(atLast + w).toBeLessThanOrEqual(layout.width);
    expect(atLast).toBeLessThan(last);
    const first = Math.min(...layout.lifelines.map((l) => l.x));
    expect(noteX({ x: first }, w, layout.width)).toBeGreaterThan(first);
    for (const n of layout.notes) {
      const width = noteWidth(truncate(n.text, 44));
      const x = noteX(n, width, layout.width);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x + width).toBeLessThanOrEqual(layout.width);
    }
  });
});

describe('a note never covers the time labels', () => {
  it('on a diagram of one lifeline, a long commit note sits right of it and the diagram widens to hold it', async () => {
    const { noteX, noteWidth, truncate, DB_GLYPH_WIDTH } = await import('../../src/projections/sequence-svg');
    const { TICK_GUTTER_WIDTH } = await import('../../src/projections/note-geometry');
    const trace = traceOf(
      ev('handler.started', 'Teller', { service: 'Teller', handler: 'RecordOperation', attempt: 1 }),
      ev('db.committed', 'Teller', { service: 'Teller', writes: [{ table: 'operations', key: 'op-2-3', value: 1 }, { table: 'outbox', key: 'o-1', value: 1 }] }),
    );
    const layout = layoutSequence(trace, { services: ['Teller'] });
    expect(layout.lifelines).toHaveLength(1);
    const [note] = layout.notes;
    const width = noteWidth(truncate(note!.text, 44)) + DB_GLYPH_WIDTH;
    const x = noteX(note!, width, layout.width);
    expect(x).toBeGreaterThan(note!.x);
    expect(x).toBeGreaterThanOrEqual(TICK_GUTTER_WIDTH);
    expect(x + width).toBeLessThanOrEqual(layout.width);
  });

  it('a diagram whose notes fit on either side keeps the width of its columns', () => {
    const layout = layoutSequence(orderFlowTrace);
    expect(layout.width).toBe(110 * 2 + (layout.lifelines.length - 1) * 160);
  });
});

describe('lifeline headers', () => {
  it('a long name keeps the part after its last "/" whole, so two subscriptions of one topic read apart', async () => {
    const { headerLabel, HEADER_CHARS_MAX } = await import('../../src/projections/sequence-svg');
    expect(headerLabel('Ordering')).toBe('Ordering');
    expect(headerLabel('orders/Subscriptions/billing')).toBe('orders/Su…/billing');
    expect(headerLabel('orders/Subscriptions/warehouse-eu')).toBe('orde…/warehouse-eu');
    expect(headerLabel('order-status/tracking')).toBe('order-st…/tracking');
    expect(headerLabel('orders/a-very-long-subscription-name')).toBe('orders/a-very-lon…');
    expect(headerLabel('a-very-long-service-name')).toBe('a-very-long-servi…');
    for (const name of ['orders/Subscriptions/billing', 'orders/Subscriptions/warehouse-eu', 'x/' + 'y'.repeat(16), 'z'.repeat(30)]) expect(headerLabel(name).length).toBeLessThanOrEqual(HEADER_CHARS_MAX);
  });
});
