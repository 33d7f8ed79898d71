// RabbitMQ streams (ref §2.2; RabbitMQ docs "Streams"; rabbit_stream_queue.erl): a queue
// declared with x-queue-type: stream is an append-only log that consuming does not empty.
// Every consumer reads every message from where it attached — the `x-stream-offset` consumer
// argument: `first`, `last`, `next` (the default: only messages written after it attached) or
// an offset number (clamped to the log) — so one stream replaces a fan-out of queues and can be
// replayed. Consumption needs manual acks and a prefetch; an ack only gives credit back, and so
// does a nack or reject: nothing is requeued, redelivered or dead-lettered, the consumer's
// offset has moved on. Over AMQP 0-9-1 the broker keeps no offset for a consumer: a consumer
// that restarts attaches again with its x-stream-offset (`next` skips what was written while
// it was down, `first` reads everything again). Retention (x-max-age, x-max-length-bytes)
// deletes the oldest messages. Each consumer's view of a stream is an entity of its own
// ("events/Analytics"), so the trace fold and the no-loss check see every message per consumer.

import type { ConsumerSpec, Settlement } from '../types';
import type { Json } from '../../scenario/json';
import { Deque } from '../deque';
import { consumerOptions, type ConsumerOptions } from './options';
import type { Queue, RMessage, RmqCore } from './state';

export type StreamOffset = 'first' | 'last' | 'next' | number;

export interface StreamRecord {
  msg: RMessage;
  offset: number;
  tick: number;
  bytes: number;
}

export interface StreamConsumer {
  spec: ConsumerSpec;
  opts: ConsumerOptions;
  offsetSpec: StreamOffset;
  stream: StreamState;
  /** "events/Analytics": this consumer's view, the entity of its deliveries. */
  view: string;
  up: boolean;
  incarnation: number;
  position: number;
  unacked: number;
}

export interface StreamState {
  queue: Queue;
  log: Deque<StreamRecord>;
  logStart: number;
  end: number;
  bytes: number;
  maxAgeMs: number | null;
  maxLengthBytes: number | null;
  consumers: StreamConsumer[];
  pumpScheduled: boolean;
}

interface StreamDelivery {
  consumer: StreamConsumer;
  record: StreamRecord;
  incarnation: number;
}

/** Streams of a vhost and the deliveries in flight, kept beside RmqCore. */
export interface Streams {
  byQueue: Map<string, StreamState>;
  consumers: Map<string, StreamConsumer>;
  deliveries: Map<string, StreamDelivery>;
}

export function streamView(stream: string, service: string): string {
  return `${stream}/${service}`;
}

/** x-max-age: a number of ms, or a string with units Y, M, D, h, m, s ("7D", "1h"). */
export function maxAgeMs(v: Json | undefined): number | null {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return null;
  const m = /^(\d+)([YMDhms])$/.exec(v);
  if (!m) return null;
  const unit = { Y: 365 * 86_400_000, M: 30 * 86_400_000, D: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 }[m[2] as 'Y' | 'M' | 'D' | 'h' | 'm' | 's'];
  return Number(m[1]) * unit;
}

export function streamOffsetOf(options: Json | undefined): StreamOffset {
  const v = options && typeof options === 'object' && !Array.isArray(options) ? options.streamOffset : undefined;
  return v === 'first' || v === 'last' || typeof v === 'number' ? v : 'next';
}

export function newStream(queue: Queue, args: Record<string, Json>): StreamState {
  return {
    queue, log: new Deque(), logStart: 0, end: 0, bytes: 0, consumers: [], pumpScheduled: false,
    maxAgeMs: maxAgeMs(args['x-max-age']), maxLengthBytes: typeof args['x-max-length-bytes'] === 'number' ? args['x-max-length-bytes'] : null,
  };
}

/** Where a consumer attaching now starts reading (ref §2.2: x-stream-offset; a number is clamped to the log). */
function attachAt(s: StreamState, spec: StreamOffset): number {
  if (spec === 'first') return s.logStart;
  if (spec === 'next') return s.end;
  if (spec === 'last') return Math.max(s.logStart, s.end - 1);
  return Math.max(s.logStart, Math.min(spec, s.end));
}

export function addStreamConsumer(core: RmqCore, streams: Streams, spec: ConsumerSpec): void {
  const s = streams.byQueue.get(spec.entity)!;
  const offsetSpec = streamOffsetOf(spec.options);
  const c: StreamConsumer = { spec, opts: consumerOptions(spec.options), offsetSpec, stream: s, view: streamView(s.queue.name, spec.service), up: true, incarnation: 0, position: 0, unacked: 0 };
  c.position = attachAt(s, offsetSpec);
  s.consumers.push(c);
  streams.consumers.set(spec.id, c);
  schedule(core, streams, s);
}

/** A message routed to the stream is appended; each consumer's view gets its copy to read. */
export function appendToStream(core: RmqCore, streams: Streams, s: StreamState, msg: RMessage): void {
  const offset = s.end++;
  const bytes = JSON.stringify(msg.message.body).length + 16;
  s.log.push({ msg, offset, tick: core.host.now(), bytes });
  s.bytes += bytes;
  const refs = { messageId: msg.message.id, correlationId: msg.message.correlationId };
  const text = `appended to stream ${s.queue.name} at offset ${offset}: every consumer reads it, consuming does not remove it`;
  for (const c of s.consumers) core.host.record({ kind: 'message.enqueued', actor: c.view, ...refs, data: { entity: c.view, props: { 'x-stream-offset': offset } }, text });
  applyRetention(core, s);
  schedule(core, streams, s);
}

function schedule(core: RmqCore, streams: Streams, s: StreamState): void {
  if (s.pumpScheduled) return;
  s.pumpScheduled = true;
  core.host.at(core.host.now(), () => {
    s.pumpScheduled = false;
    for (const c of s.consumers) pump(core, streams, c);
  });
}

/** Up to prefetch unacknowledged messages per consumer, in offset order (acks are credit, ref §2.2). */
function pump(core: RmqCore, streams: Streams, c: StreamConsumer): void {
  const s = c.stream;
  if (c.position < s.logStart) c.position = s.logStart;
  while (c.up && c.unacked < c.opts.prefetch && c.position < s.end) {
    const record = s.log.at(c.position - s.logStart)!;
    c.position++;
    c.unacked++;
    const props: Record<string, Json> = { 'x-stream-offset': record.offset, redelivered: false, exchange: record.msg.exchange, routingKey: record.msg.routingKey };
    const delivery = { id: core.host.nextId('d'), message: record.msg.message, entity: c.view, consumerId: c.spec.id, props };
    streams.deliveries.set(delivery.id, { consumer: c, record, incarnation: c.incarnation });
    core.host.record({ kind: 'message.delivered', actor: c.view, messageId: record.msg.message.id, correlationId: record.msg.message.correlationId, deliveryId: delivery.id, data: { entity: c.view, consumer: c.spec.service, props } });
    core.host.deliver(delivery);
  }
}

/** Every settlement only gives credit back ("all settle reasons will give credit", rabbit_stream_queue.erl); nothing is requeued. */
export function settleStream(core: RmqCore, streams: Streams, deliveryId: string, settlement: Settlement): boolean {
  const d = streams.deliveries.get(deliveryId);
  if (!d) return false;
  streams.deliveries.delete(deliveryId);
  const c = d.consumer;
  if (d.incarnation !== c.incarnation) return true;
  c.unacked = Math.max(0, c.unacked - 1);
  const m = d.record.msg.message;
  const refs = { messageId: m.id, correlationId: m.correlationId, deliveryId };
  if (settlement.outcome === 'complete') {
    core.host.record({ kind: 'message.acked', actor: c.view, ...refs, data: { entity: c.view, consumer: c.spec.service } });
  } else {
    const how = settlement.outcome === 'nack' ? `${settlement.method}(requeue=${settlement.requeue})` : settlement.outcome === 'fail' ? 'basic.nack(requeue=true) for the failed handler' : settlement.outcome;
    core.host.record({
      kind: 'message.dropped', actor: c.view, ...refs, data: { entity: c.view, reason: 'not processed: a stream does not requeue' },
      text: `${how} on a stream only gives credit back: offset ${d.record.offset} is not redelivered or dead-lettered, ${c.spec.service} has moved past it (it stays in the log for a replay from an earlier offset)`,
    });
  }
  schedule(core, streams, c.stream);
  return true;
}

/** The consumer's channel died with it; its unacked deliveries are simply gone (the log keeps the messages). */
export function streamConsumerDown(streams: Streams, consumerId: string): boolean {
  const c = streams.consumers.get(consumerId);
  if (!c) return false;
  c.up = false;
  c.unacked = 0;
  c.incarnation++;
  return true;
}

/** Over AMQP 0-9-1 the broker keeps no offset for a consumer: it attaches again with its x-stream-offset. */
export function streamConsumerUp(core: RmqCore, streams: Streams, consumerId: string): boolean {
  const c = streams.consumers.get(consumerId);
  if (!c) return false;
  const before = c.position;
  c.up = true;
  c.position = attachAt(c.stream, c.offsetSpec);
  const s = c.stream;
  core.host.record({
    kind: 'stream.attached', actor: c.view, data: { entity: c.view, consumer: c.spec.service, offset: c.position, offsetSpec: String(c.offsetSpec) },
    text: `${c.spec.service} attaches to stream ${s.queue.name} again with x-stream-offset ${c.offsetSpec}: AMQP 0-9-1 consumers have no offset kept by the broker, so it reads from offset ${c.position}${c.position > before ? ` and skips ${c.position - before} message(s) it was never given` : c.position < before ? ` and reads ${before - c.position} message(s) again` : ''}`,
  });
  schedule(core, streams, s);
  return true;
}

/** x-max-age / x-max-length-bytes delete the oldest messages, read or not (simplified: per message, not per segment). */
function applyRetention(core: RmqCore, s: StreamState): void {
  const now = core.host.now();
  while (s.log.length > 1) {
    const head = s.log.peek()!;
    const tooOld = s.maxAgeMs !== null && head.tick + s.maxAgeMs <= now;
    const tooBig = s.maxLengthBytes !== null && s.bytes > s.maxLengthBytes;
    if (!tooOld && !tooBig) break;
    s.log.shift();
    s.bytes -= head.bytes;
    s.logStart = head.offset + 1;
    for (const c of s.consumers) {
      if (c.position <= head.offset) core.host.record({ kind: 'message.expired', actor: c.view, messageId: head.msg.message.id, correlationId: head.msg.message.correlationId, data: { entity: c.view }, text: `deleted by the stream's retention before ${c.spec.service} read offset ${head.offset}` });
    }
  }
}
