// Building literal traces for check tests: events with seq and tick filled in order.
import type { TraceEvent } from '../../src/engine/trace/types';

type Loose = { kind: string; tick?: number; actor?: string; data?: Record<string, unknown> } & Record<string, unknown>;

export function trace(...events: Loose[]): TraceEvent[] {
  let tick = 0;
  return events.map((e, seq) => {
    tick = e.tick ?? tick;
    return { seq, tick, actor: e.actor ?? 'sim', data: {}, ...e } as unknown as TraceEvent;
  });
}

export const published = (messageId: string, type: string, actor: string, tick: number, extra: Record<string, unknown> = {}) =>
  ({ kind: 'message.published', tick, actor, messageId, correlationId: 'c-1', data: { type, messageKind: 'event', destination: 'q', body: {}, headers: {}, via: 'direct', ...extra } });
export const delivered = (messageId: string, deliveryId: string, tick: number, count = 1) =>
  ({ kind: 'message.delivered', tick, actor: 'q', messageId, deliveryId, data: { entity: 'q', consumer: 'Inventory', props: { deliveryCount: count } } });
export const started = (messageId: string, deliveryId: string, tick: number, service = 'Inventory', handler = 'ReserveStock') =>
  ({ kind: 'handler.started', tick, actor: service, messageId, deliveryId, data: { service, handler, attempt: 1 } });
export const completed = (messageId: string, deliveryId: string, tick: number, service = 'Inventory', handler = 'ReserveStock') =>
  ({ kind: 'handler.completed', tick, actor: service, messageId, deliveryId, data: { service, handler, durationTicks: 0 } });
/** An external system received a call from `caller` while it handled `messageId`, and acted. */
export const effect = (messageId: string, tick: number, key: string, operation = 'reserve', caller = 'Inventory', external = 'Warehouse', extra: Record<string, unknown> = {}) =>
  ({ kind: 'external.called', tick, actor: external, messageId, data: { external, operation, body: { orderId: key }, key, caller, handler: 'H', callId: `k-${tick}`, outcome: 'applied', ...extra } });
export const ended = (tick: number) => ({ kind: 'run.ended', tick, data: { reason: 'quiescent' } });
