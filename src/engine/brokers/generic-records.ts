// The generic broker's three events of every message (enqueued, delivered, acked), written into
// the trace key by key (TraceRecorder.open): no input object, data object or text per event.
// Each writes what the broker's `record` call of the same event kept before: the same keys in
// the same order, equal values — the same event, JSON and hash.

import { ACTOR, CORRELATION, DELIVERY, MESSAGE, TraceKindRef, type TraceColumns } from '../trace/columns';
import type { PayloadStore, ShapeNode } from '../trace/payload';
import type { TraceRecorder } from '../trace/recorder';

const ENQUEUED = new TraceKindRef('message.enqueued');
const DELIVERED = new TraceKindRef('message.delivered');
const ACKED = new TraceKindRef('message.acked');

/** `delivery ${n} of at most ${max} to ${service}, locked until ${tick}` (trace/text.ts), its fixed parts. */
const DELIVERED_TEXT: readonly string[] = ['delivery ', ' of at most ', ' to ', ', locked until ', ''];
const ACKED_TEXT = 'completed: removed from the queue';

function refs(c: TraceColumns, actor: string, messageId: string, correlationId: string): void {
  c.column('actor', ACTOR, actor);
  c.column('messageId', MESSAGE, messageId);
  c.column('correlationId', CORRELATION, correlationId);
}

/** message.enqueued: `{ entity, props: { sequenceNumber } }`. */
export function recordEnqueued(trace: TraceRecorder, entity: string, messageId: string, correlationId: string, sequenceNumber: number): void {
  const c = trace.open(ENQUEUED);
  if (!c) return;
  refs(c, entity, messageId, correlationId);
  const p = c.field('data');
  const data = p.openObject();
  let key = p.step(p.root, 'entity');
  p.keyString(key, entity);
  key = p.step(key, 'props');
  const props = p.openObject();
  const sequence = p.step(p.root, 'sequenceNumber');
  p.number(sequenceNumber);
  p.closeObject(props, sequence);
  p.closeObject(data, key);
  c.close();
}

/** Where `openHandOver` left its event: the data object's start and the key written last (consumer). */
const handOver = { data: 0, key: null as unknown as ShapeNode };

/**
 * The start both hand-over events share: `actor` (the entity), the message's ids and the
 * delivery's, then `data: { entity, consumer` — its object still open (`handOver`). Null when
 * the trace is not kept.
 */
function openHandOver(trace: TraceRecorder, kind: TraceKindRef, entity: string, messageId: string, correlationId: string, deliveryId: string, consumer: string): PayloadStore | null {
  const c = trace.open(kind);
  if (!c) return null;
  refs(c, entity, messageId, correlationId);
  c.column('deliveryId', DELIVERY, deliveryId);
  const p = c.field('data');
  handOver.data = p.openObject();
  let key = p.step(p.root, 'entity');
  p.keyString(key, entity);
  key = p.step(key, 'consumer');
  p.keyString(key, consumer);
  handOver.key = key;
  return p;
}

/** message.delivered: `{ entity, consumer, props: { deliveryCount, sequenceNumber, lockedUntil } }` and its text. */
export function recordDelivered(
  trace: TraceRecorder, entity: string, messageId: string, correlationId: string, deliveryId: string,
  consumer: string, deliveryCount: number, sequenceNumber: number, lockedUntil: number, maxDeliveryCount: number,
): void {
  const p = openHandOver(trace, DELIVERED, entity, messageId, correlationId, deliveryId, consumer);
  if (!p) return;
  const data = handOver.data;
  const key = p.step(handOver.key, 'props');
  const props = p.openObject();
  let prop = p.step(p.root, 'deliveryCount');
  p.number(deliveryCount);
  prop = p.step(prop, 'sequenceNumber');
  p.number(sequenceNumber);
  prop = p.step(prop, 'lockedUntil');
  p.number(lockedUntil);
  p.closeObject(props, prop);
  p.closeObject(data, key);
  const c = trace.columns;
  c.field('text').openTemplate(DELIVERED_TEXT);
  p.number(deliveryCount);
  p.value(maxDeliveryCount);
  p.string(consumer);
  p.number(lockedUntil);
  c.close();
}

/** message.acked: `{ entity, consumer }`, completed. */
export function recordAcked(trace: TraceRecorder, entity: string, messageId: string, correlationId: string, deliveryId: string, consumer: string): void {
  const p = openHandOver(trace, ACKED, entity, messageId, correlationId, deliveryId, consumer);
  if (!p) return;
  p.closeObject(handOver.data, handOver.key);
  const c = trace.columns;
  c.field('text').string(ACKED_TEXT);
  c.close();
}
