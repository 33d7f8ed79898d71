// What a handler invocation leaves in the trace besides its start and end: commits (with the
// outbox rows and inbox entries they carried), saga steps, skipped
// duplicates and log lines — each tied to the invocation's message, flow and delivery.

import type { World } from '../world';
import type { Delivery } from '../brokers/types';
import type { IncomingMessage } from '../handlers/api';
import type { DbWrite } from '../trace/types';
import type { Invocation } from './invocation';
import { cloneJson, type Json } from '../scenario/json';
import { ACTOR, CORRELATION, DELIVERY, MESSAGE, TraceKindRef, type TraceColumns } from '../trace/columns';
import type { PayloadStore, ShapeNode } from '../trace/payload';

const STARTED = new TraceKindRef('handler.started');
const COMPLETED = new TraceKindRef('handler.completed');

/** The ids every trace event about an invocation carries. */
export function refs(inv: Invocation): { messageId: string; correlationId: string; causationId?: string; deliveryId?: string } {
  // Built field by field (same key order as before): no throw-away objects spread in per event.
  const m = inv.message;
  const ids: { messageId: string; correlationId: string; causationId?: string; deliveryId?: string } = { messageId: m.id, correlationId: m.correlationId };
  if (m.causationId) ids.causationId = m.causationId;
  if (inv.delivery) ids.deliveryId = inv.delivery.id;
  return ids;
}

/**
 * The start of every attempt and the end of every successful one, written into the trace key by
 * key (TraceRecorder.open): `{ kind, actor, ...refs(inv), data, text? }` without the input, data
 * or refs objects — the same event, JSON and hash as recording that input.
 */
export function recordStarted(world: World, inv: Invocation, attempt: number, text: string | undefined): void {
  const c = world.trace.open(STARTED);
  if (!c) return;
  const p = invocationRefs(c, inv);
  const data = p.openObject();
  const key = serviceAndHandler(p, inv);
  const last = p.step(key, 'attempt');
  p.number(attempt);
  p.closeObject(data, last);
  c.field('text').value(text);
  c.close();
}

export function recordCompleted(world: World, inv: Invocation, durationTicks: number): void {
  const c = world.trace.open(COMPLETED);
  if (!c) return;
  const p = invocationRefs(c, inv);
  const data = p.openObject();
  const key = serviceAndHandler(p, inv);
  const last = p.step(key, 'durationTicks');
  p.number(durationTicks);
  p.closeObject(data, last);
  c.close();
}

/** actor and the refs of `invocationEvent`, then the `data` key: its value comes next. */
function invocationRefs(c: TraceColumns, inv: Invocation): PayloadStore {
  const m = inv.message;
  c.column('actor', ACTOR, inv.service.name);
  c.column('messageId', MESSAGE, m.id);
  c.column('correlationId', CORRELATION, m.correlationId);
  if (m.causationId) c.field('causationId').value(m.causationId);
  if (inv.delivery) c.column('deliveryId', DELIVERY, inv.delivery.id);
  return c.field('data');
}

/** `service` and `handler` of a data object being written; the node after them. */
function serviceAndHandler(p: PayloadStore, inv: Invocation): ShapeNode {
  let key = p.step(p.root, 'service');
  p.keyString(key, inv.service.name);
  key = p.step(key, 'handler');
  p.keyString(key, inv.handler.spec.name);
  return key;
}

/**
 * The message as a handler sees it: the broker's copy with its counters and headers. Not frozen
 * (Object.freeze costs more than building the object, on every delivery): only engine code reads
 * this host copy — a handler's code gets its own copy inside its realm — and the message's body
 * and headers are frozen already (messages.ts).
 */
export function toIncoming(delivery: Delivery): IncomingMessage {
  const m = delivery.message;
  // Built key by key in the order handlers see (key only when the message has one): no spread.
  const incoming: { -readonly [K in keyof IncomingMessage]: IncomingMessage[K] } = {
    id: m.id, type: m.type, kind: m.kind, body: m.body, headers: m.headers,
    correlationId: m.correlationId, causationId: m.causationId, traceparent: m.traceparent,
  } as IncomingMessage;
  if (m.key !== undefined) incoming.key = m.key;
  incoming.broker = { ...delivery.props };
  return incoming;
}

export function recordCommitted(world: World, inv: Invocation, writes: DbWrite[], outboxMessageIds: string[]): void {
  const svc = inv.service;
  world.record({
    kind: 'db.committed', actor: svc.name, ...refs(inv), data: { service: svc.name, writes },
    text: writes.length === 0 ? 'empty transaction committed' : undefined,
  });
  for (const id of outboxMessageIds) {
    world.record({
      kind: 'outbox.stored', actor: svc.name, ...refs(inv),
      data: { service: svc.name, outboxId: id, type: (svc.db.get('outbox', id) as { message: { type: string } }).message.type },
      text: 'stored in the outbox in the same transaction as the state change',
    });
  }
  for (const w of writes) {
    if (w.table === `inbox:${inv.handler.spec.name}` && w.value !== null) {
      world.record({ kind: 'inbox.recorded', actor: svc.name, ...refs(inv), data: { service: svc.name, handler: inv.handler.spec.name } });
    }
  }
}

export function recordSagaEvent(world: World, inv: Invocation, kind: 'step-completed' | 'compensated', saga: string, id: string, step: string, state?: unknown): void {
  const instance = `${saga}/${id}`;
  if (kind === 'step-completed') {
    world.record({
      kind: 'saga.step-completed', actor: inv.service.name, ...refs(inv),
      data: { saga: instance, step, state: (state === undefined ? null : cloneJson(state as Json)) },
      text: `${saga} for ${id}: ${step} done`,
    });
  } else {
    world.record({ kind: 'saga.compensated', actor: inv.service.name, ...refs(inv), data: { saga: instance, step }, text: `${saga} for ${id}: ${step} compensated (semantically undone)` });
  }
}

export function recordInboxSkipped(world: World, inv: Invocation): void {
  world.record({
    kind: 'inbox.duplicate-skipped', actor: inv.service.name, ...refs(inv),
    data: { service: inv.service.name, handler: inv.handler.spec.name },
    text: `already processed ${inv.message.id}: the inbox says so, the effect is not applied again`,
  });
}

export function recordLog(world: World, inv: Invocation, text: string): void {
  world.record({ kind: 'handler.logged', actor: inv.service.name, ...refs(inv), data: { service: inv.service.name, handler: inv.handler.spec.name, text } });
}
