// A literal trace for projection tests: Ordering publishes OrderPlaced (event) to `orders`,
// Inventory fails on the first delivery, succeeds on the second and sends ReserveStock... and a
// poison message ends in the DLQ. Written by hand so projection tests never depend on the engine.

import type { TraceDataMap, TraceEvent, TraceKind } from '../../src/engine/trace/types';

type Extra = Partial<Pick<TraceEvent, 'messageId' | 'deliveryId' | 'correlationId' | 'text'>>;

export function traceOf(...events: Array<[TraceKind, string, object, Extra?]>): TraceEvent[] {
  return events.map(([kind, actor, data, extra], seq) => ({ seq, tick: seq * 10, kind, actor, data, ...extra }) as TraceEvent);
}

export function ev<K extends TraceKind>(kind: K, actor: string, data: TraceDataMap[K], extra?: Extra): [TraceKind, string, object, Extra?] {
  return [kind, actor, data, extra];
}

const published = (type: string, messageKind: 'event' | 'command', destination: string) => ({ type, messageKind, destination, body: {}, headers: {}, via: 'direct' as const });

export const orderFlowTrace: TraceEvent[] = traceOf(
  ev('message.published', 'Ordering', published('OrderPlaced', 'event', 'orders'), { messageId: 'm-1' }),
  ev('message.enqueued', 'orders', { entity: 'orders', props: {} }, { messageId: 'm-1' }),
  ev('message.delivered', 'orders', { entity: 'orders', consumer: 'Inventory/ReserveStock', props: { deliveryCount: 1 } }, { messageId: 'm-1', deliveryId: 'd-1' }),
  ev('handler.started', 'Inventory', { service: 'Inventory', handler: 'ReserveStock', attempt: 1 }, { messageId: 'm-1', deliveryId: 'd-1' }),
  ev('handler.failed', 'Inventory', { service: 'Inventory', handler: 'ReserveStock', error: 'db timeout', transient: true }, { messageId: 'm-1', deliveryId: 'd-1' }),
  ev('message.abandoned', 'orders', { entity: 'orders', consumer: 'Inventory/ReserveStock', requeued: true }, { messageId: 'm-1', deliveryId: 'd-1' }),
  ev('message.delivered', 'orders', { entity: 'orders', consumer: 'Inventory/ReserveStock', props: { deliveryCount: 2 } }, { messageId: 'm-1', deliveryId: 'd-2' }),
  ev('handler.started', 'Inventory', { service: 'Inventory', handler: 'ReserveStock', attempt: 2 }, { messageId: 'm-1', deliveryId: 'd-2' }),
  ev('message.published', 'Inventory', published('StockReserved', 'event', 'inventory-events'), { messageId: 'm-2' }),
  ev('handler.completed', 'Inventory', { service: 'Inventory', handler: 'ReserveStock', durationTicks: 5 }, { messageId: 'm-1', deliveryId: 'd-2' }),
  ev('message.acked', 'orders', { entity: 'orders', consumer: 'Inventory/ReserveStock' }, { messageId: 'm-1', deliveryId: 'd-2' }),
  ev('message.published', 'Ordering', published('ChargeCard', 'command', 'payments'), { messageId: 'm-3' }),
  ev('message.enqueued', 'payments', { entity: 'payments', props: {} }, { messageId: 'm-3' }),
  ev('message.delivered', 'payments', { entity: 'payments', consumer: 'Payments', props: { deliveryCount: 1 } }, { messageId: 'm-3', deliveryId: 'd-3' }),
  ev('message.dead-lettered', 'payments', { entity: 'payments', dlq: 'payments/$deadletterqueue', reason: 'MaxDeliveryCountExceeded' }, { messageId: 'm-3', deliveryId: 'd-3' }),
  ev('message.enqueued', 'payments/$deadletterqueue', { entity: 'payments/$deadletterqueue', props: {} }, { messageId: 'm-3' }),
);
