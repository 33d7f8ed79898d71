// The inspector's projection from literal traces: headers, deliveries and events about one
// message, and its causal chain up (causation ids to the request) and down (what it caused).

import { describe, expect, it } from 'vitest';
import { inspectMessage } from '../../src/projections/why';
import { ev, traceOf } from './trace-fixture';

const pub = (type: string, destination: string, headers: Record<string, string> = {}) => ({ type, messageKind: 'event' as const, destination, body: { type }, headers, via: 'direct' as const });

const trace = traceOf(
  ev('request.received', 'Ordering', { service: 'Ordering', handler: 'PlaceOrder', body: { orderId: 'o-1' }, traceparent: '00-aa-cc-01' }, { messageId: 'r-1', correlationId: 'c-1' }),
  ev('message.published', 'Ordering', pub('OrderPlaced', 'orders', { traceparent: '00-aa-bb-01' }), { messageId: 'm-1', correlationId: 'c-1', causationId: 'r-1' } as never),
  ev('message.delivered', 'orders', { entity: 'orders', consumer: 'Inventory', props: { deliveryCount: 1 } }, { messageId: 'm-1', deliveryId: 'd-1', correlationId: 'c-1' }),
  ev('handler.failed', 'Inventory', { service: 'Inventory', handler: 'Reserve', error: 'timeout', transient: true }, { messageId: 'm-1', deliveryId: 'd-1' }),
  ev('message.delivered', 'orders', { entity: 'orders', consumer: 'Inventory', props: { deliveryCount: 2 } }, { messageId: 'm-1', deliveryId: 'd-2', correlationId: 'c-1' }),
  ev('message.published', 'Inventory', pub('StockReserved', 'stock'), { messageId: 'm-2', correlationId: 'c-1', causationId: 'm-1' } as never),
  ev('message.published', 'Ordering', pub('OrderConfirmed', 'confirmations'), { messageId: 'm-3', correlationId: 'c-1', causationId: 'm-2' } as never),
  ev('message.published', 'Inventory', pub('Unrelated', 'stock'), { messageId: 'm-9', correlationId: 'c-9' }),
);

describe('inspectMessage', () => {
  it('collects headers, body, deliveries and every event about the message', () => {
    const m = inspectMessage(trace, 'm-1')!;
    expect(m).toMatchObject({ messageId: 'm-1', type: 'OrderPlaced', messageKind: 'event', destination: 'orders', correlationId: 'c-1', causationId: 'r-1', headers: { traceparent: '00-aa-bb-01' }, body: { type: 'OrderPlaced' } });
    expect(m.deliveries.map((d) => [d.deliveryId, d.props.deliveryCount])).toEqual([['d-1', 1], ['d-2', 2]]);
    expect(m.eventSeqs).toEqual([1, 2, 3, 4]);
    expect(m.story[2]).toMatchObject({ kind: 'handler.failed', text: 'Inventory.Reserve failed: timeout' });
  });

  it('follows causation ids up to the request that started the flow', () => {
    expect(inspectMessage(trace, 'm-3')!.causes.map((c) => `${c.type} ${c.messageId} by ${c.producer}`)).toEqual([
      'PlaceOrder request r-1 by Ordering',
      'OrderPlaced m-1 by Ordering',
      'StockReserved m-2 by Inventory',
    ]);
  });

  it('lists what a message caused, recursively', () => {
    const effects = inspectMessage(trace, 'r-1')!.effects;
    expect(effects.map((e) => e.messageId)).toEqual(['m-1']);
    expect(effects[0]!.effects[0]!.messageId).toBe('m-2');
    expect(effects[0]!.effects[0]!.effects[0]!.messageId).toBe('m-3');
  });

  it('marks a cause missing from the trace instead of failing', () => {
    const partial = trace.slice(5);
    expect(inspectMessage(partial, 'm-2')!.causes).toEqual([{ messageId: 'm-1', type: '?', producer: '?', seq: -1, tick: -1 }]);
    expect(inspectMessage(trace, 'nope')).toBeNull();
  });

  it('names a message its broker refused at the sender by its type and destination, not "?"', () => {
    const refusedTrace = traceOf(
      ev('message.send-failed', 'Teller', { destination: 'operations', reason: 'InvalidOperationException: the queue requires sessions' }, { messageId: 'm-7', correlationId: 'c-7', text: 'Teller could not send OperationRecorded to operations: InvalidOperationException: the queue requires sessions' } as never),
    );
    expect(inspectMessage(refusedTrace, 'm-7')).toMatchObject({ type: 'OperationRecorded', destination: 'operations' });
  });
});
