// The generic broker's three events of every message (enqueued, delivered, acked), written into
// the trace by layout (TraceColumns.openLayout, PayloadStore.openLayout): no input object, data
// object or text per event, and no step per key. Each writes what the broker's `record` call of
// the same event kept before: the same keys in the same order, equal values — the same event,
// JSON and hash. The stretch of each payload made of the entity's and consumer's names is kept
// and repeated while they stay the same (PayloadRun).

import { PayloadLayout, TraceLayout } from '../trace/layouts';
import { keep, PayloadRun, repeat } from '../trace/runs';
import type { TraceRecorder } from '../trace/recorder';

const ENQUEUED = new TraceLayout('message.enqueued', ['actor', 'messageId', 'correlationId', 'data']);
const DELIVERED = new TraceLayout('message.delivered', ['actor', 'messageId', 'correlationId', 'deliveryId', 'data', 'text']);
const ACKED = new TraceLayout('message.acked', ['actor', 'messageId', 'correlationId', 'deliveryId', 'data', 'text']);

const SEQUENCE = new PayloadLayout(['sequenceNumber']);
const ENQUEUED_DATA = new PayloadLayout(['entity', 'props'], [SEQUENCE]);
const COUNTS = new PayloadLayout(['deliveryCount', 'sequenceNumber', 'lockedUntil']);
const DELIVERED_DATA = new PayloadLayout(['entity', 'consumer', 'props'], [COUNTS]);
const ACKED_DATA = new PayloadLayout(['entity', 'consumer']);

/** `delivery ${n} of at most ${max} to ${service}, locked until ${tick}` (trace/text.ts), its fixed parts. */
const DELIVERED_TEXT: readonly string[] = ['delivery ', ' of at most ', ' to ', ', locked until ', ''];
const ACKED_TEXT = 'completed: removed from the queue';

/** `{ entity, props: {` ; `{ entity, consumer, props: {` ; the acked payload and text, whole. */
const ENQUEUED_RUN = new PayloadRun();
const DELIVERED_RUN = new PayloadRun();
const DELIVERED_TEXT_RUN = new PayloadRun();
const ACKED_RUN = new PayloadRun();

/** message.enqueued: `{ entity, props: { sequenceNumber } }`. */
export function recordEnqueued(trace: TraceRecorder, entity: string, messageId: string, correlationId: string, sequenceNumber: number): void {
  const c = trace.openLayout(ENQUEUED, entity, messageId, correlationId, undefined);
  if (!c) return;
  const p = c.payload;
  if (!repeat(p, ENQUEUED_RUN, entity)) {
    const start = p.length;
    const keys = p.openLayout(ENQUEUED_DATA);
    p.keyString(keys[0], entity);
    p.openLayout(SEQUENCE);
    keep(p, ENQUEUED_RUN, start, entity);
  }
  p.number(sequenceNumber);
  c.close();
}

/** message.delivered: `{ entity, consumer, props: { deliveryCount, sequenceNumber, lockedUntil } }` and its text. */
export function recordDelivered(
  trace: TraceRecorder, entity: string, messageId: string, correlationId: string, deliveryId: string,
  consumer: string, deliveryCount: number, sequenceNumber: number, lockedUntil: number, maxDeliveryCount: number,
): void {
  const c = trace.openLayout(DELIVERED, entity, messageId, correlationId, deliveryId);
  if (!c) return;
  const p = c.payload;
  if (!repeat(p, DELIVERED_RUN, entity, consumer)) {
    const start = p.length;
    const keys = p.openLayout(DELIVERED_DATA);
    p.keyString(keys[0], entity);
    p.keyString(keys[1], consumer);
    p.openLayout(COUNTS);
    keep(p, DELIVERED_RUN, start, entity, consumer);
  }
  p.number(deliveryCount);
  p.number(sequenceNumber);
  p.number(lockedUntil);
  p.openTemplate(DELIVERED_TEXT);
  p.number(deliveryCount);
  p.value(maxDeliveryCount);
  if (!repeat(p, DELIVERED_TEXT_RUN, consumer)) {
    const start = p.length;
    p.string(consumer);
    keep(p, DELIVERED_TEXT_RUN, start, consumer);
  }
  p.number(lockedUntil);
  c.close();
}

/** message.acked: `{ entity, consumer }`, completed. */
export function recordAcked(trace: TraceRecorder, entity: string, messageId: string, correlationId: string, deliveryId: string, consumer: string): void {
  const c = trace.openLayout(ACKED, entity, messageId, correlationId, deliveryId);
  if (!c) return;
  const p = c.payload;
  if (!repeat(p, ACKED_RUN, entity, consumer)) {
    const start = p.length;
    const keys = p.openLayout(ACKED_DATA);
    p.keyString(keys[0], entity);
    p.keyString(keys[1], consumer);
    p.string(ACKED_TEXT);
    keep(p, ACKED_RUN, start, entity, consumer);
  }
  c.close();
}
