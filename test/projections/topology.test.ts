// Topology depths from a literal trace: held messages per entity, DLQ arrivals counted once.

import { describe, expect, it } from 'vitest';
import { entityStats } from '../../src/projections/topology';
import { orderFlowTrace } from './trace-fixture';

describe('entityStats', () => {
  const stats = entityStats(orderFlowTrace);

  it('empties a queue whose messages were acked', () => {
    expect(stats.get('orders')).toEqual({ depth: 0, enqueued: 1, delivered: 2, acked: 1, deadLettered: 0 });
  });

  it('moves dead-lettered messages into the DLQ once', () => {
    expect(stats.get('payments')).toMatchObject({ depth: 0, deadLettered: 1 });
    expect(stats.get('payments/$deadletterqueue')).toMatchObject({ depth: 1, enqueued: 1 });
  });

  it('gives the state at an earlier tick', () => {
    // Tick 20 is the first delivery: the message is held (locked), not yet acked.
    expect(entityStats(orderFlowTrace, 20).get('orders')).toMatchObject({ depth: 1, delivered: 1, acked: 0 });
  });
});
