// Wide diagrams, from literal traces: broker entities grouped on one "broker" lifeline (hops
// inside the broker become loops on it), RabbitMQ exchange → queue hops drawn with the binding
// that matched (read from the routing event), and a slice of the layout for SVG/PNG exports.

import { describe, expect, it } from 'vitest';
import { BROKER_LIFELINE, layoutSequence, routedBindings } from '../../src/projections/sequence-layout';
import { layoutRange } from '../../src/projections/sequence-range';
import { ev, orderFlowTrace, traceOf } from './trace-fixture';

const services = ['Ordering', 'Inventory', 'Payments'];

describe('one broker lifeline', () => {
  it('draws every entity on the broker lifeline, services and rows unchanged', () => {
    const plain = layoutSequence(orderFlowTrace, { services });
    const grouped = layoutSequence(orderFlowTrace, { services, groupEntities: true });
    expect(grouped.lifelines.map((l) => `${l.kind}:${l.name}`)).toEqual(['service:Ordering', `entity:${BROKER_LIFELINE}`, 'service:Inventory', 'service:Payments']);
    expect(grouped.rows.map((r) => r.seq)).toEqual(plain.rows.map((r) => r.seq));
    expect(grouped.arrows.map((a) => `${a.from} -> ${a.to}`)).toEqual([
      'Ordering -> broker', 'broker -> Inventory', 'broker -> Inventory', 'Inventory -> broker', 'Ordering -> broker', 'broker -> Payments',
      // Dead-lettering happens inside the broker: a loop on its lifeline.
      'broker -> broker',
    ]);
    expect(grouped.width).toBeLessThan(plain.width);
  });
});

describe('RabbitMQ routing', () => {
  const routed = 'topic exchange orders routes "order.eu" to billing (binding "order.*"), audit (binding "#", "order.eu": one copy however many bindings match)';

  it('reads the queues and matched bindings from the routing explanation', () => {
    expect([...routedBindings(routed)]).toEqual([['billing', '"order.*"'], ['audit', '"#", "order.eu"']]);
    expect([...routedBindings('fanout exchange logs routes "x" to a (binding (fanout)), b (binding (fanout))')]).toEqual([['a', '(fanout)'], ['b', '(fanout)']]);
    expect(routedBindings('default exchange: routing key "q" is the queue\'s name').size).toBe(0);
  });

  it('draws exchange → queue for each copy, with the key and the binding that matched', () => {
    const trace = traceOf(
      ev('message.published', 'Shop', { type: 'OrderPlaced', messageKind: 'event', destination: 'orders', body: {}, headers: {}, via: 'direct' }, { messageId: 'm-1' }),
      ev('message.routed', 'orders', { entity: 'orders', copies: 2 }, { messageId: 'm-1', text: routed }),
      ev('message.enqueued', 'billing', { entity: 'billing', props: {} }, { messageId: 'm-1' }),
      ev('message.enqueued', 'audit', { entity: 'audit', props: {} }, { messageId: 'm-1' }),
      // A later copy in another queue (a dead-letter, say) is not drawn as routed by this exchange.
      ev('message.enqueued', 'parked', { entity: 'parked', props: {} }, { messageId: 'm-1' }),
    );
    const layout = layoutSequence(trace, { services: ['Shop'] });
    expect(layout.arrows.map((a) => `${a.from} -> ${a.to}: ${a.label} [${a.detail ?? ''}]`)).toEqual([
      'Shop -> orders: OrderPlaced []',
      'orders -> billing: OrderPlaced [binding "order.*"]',
      'orders -> audit: OrderPlaced [binding "#", "order.eu"]',
    ]);
  });
});

describe('a range of the layout (SVG/PNG export)', () => {
  const layout = layoutSequence(orderFlowTrace, { services });

  it('keeps the rows of the range, renumbered from the top, and only the lifelines they use', () => {
    // Events 11…14: ChargeCard published, enqueued, delivered, dead-lettered.
    const part = layoutRange(layout, 11, 14);
    expect(part.rows.map((r) => r.seq)).toEqual([11, 13, 14]);
    expect(part.rows.map((r) => r.row)).toEqual([0, 1, 2]);
    expect(part.rows[0]!.y).toBe(layout.rows[0]!.y);
    expect(part.lifelines.map((l) => l.name)).toEqual(['Ordering', 'payments', 'Payments', 'payments/$deadletterqueue']);
    expect(part.lifelines.map((l) => l.x)).toEqual([110, 270, 430, 590]);
    expect(part.arrows[1]).toMatchObject({ from: 'payments', to: 'Payments', fromX: 270, toX: 430 });
    expect(part.width).toBeLessThan(layout.width);
  });

  it('clips an activation to the range, and an empty range is an empty diagram', () => {
    // Inventory's second attempt (rows from the redelivery on) seen from event 8 on.
    const part = layoutRange(layout, 8, 10);
    expect(part.rows.map((r) => r.seq)).toEqual([8]);
    expect(part.activations.map((a) => [a.lifeline, a.fromRow, a.toRow])).toEqual([['Inventory', 0, 0]]);
    expect(layoutRange(layout, 100, 200)).toMatchObject({ rows: [], lifelines: [], rowCount: 0 });
  });
});
