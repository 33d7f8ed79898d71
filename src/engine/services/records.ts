// What a handler invocation leaves in the trace besides its start and end: commits (with the
// outbox rows and inbox entries they carried), saga steps, skipped
// duplicates and log lines — each tied to the invocation's message, flow and delivery.

import type { World } from '../world';
import type { Delivery } from '../brokers/types';
import type { IncomingMessage } from '../handlers/api';
import type { DbWrite } from '../trace/types';
import type { Invocation } from './invocation';
import { cloneJson, type Json } from '../scenario/json';
import { PayloadLayout, TraceLayout } from '../trace/layouts';
import { keep, PayloadRun, repeat } from '../trace/runs';
import type { PayloadStore } from '../trace/payload';

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
 * The trace layouts of an invocation's start (with `text`) or end: actor, the message's ids, its
 * causationId (payload) when it has one, the delivery's id when it came from a broker, data.
 */
function invocationLayouts(kind: 'handler.started' | 'handler.completed', last: string[]): TraceLayout[] {
  const out: TraceLayout[] = [];
  for (let variant = 0; variant < 4; variant++) {
    const keys = ['actor', 'messageId', 'correlationId'];
    if (variant & 1) keys.push('causationId');
    if (variant & 2) keys.push('deliveryId');
    out.push(new TraceLayout(kind, [...keys, 'data', ...last]));
  }
  return out;
}

const STARTED = invocationLayouts('handler.started', ['text']);
const COMPLETED = invocationLayouts('handler.completed', []);
const STARTED_DATA = new PayloadLayout(['service', 'handler', 'attempt']);
const COMPLETED_DATA = new PayloadLayout(['service', 'handler', 'durationTicks']);
/** `{ service, handler,` of each: kept and repeated while they stay the same (PayloadRun). */
const STARTED_RUN = new PayloadRun();
const COMPLETED_RUN = new PayloadRun();

/**
 * The start of every attempt and the end of every successful one, written into the trace by
 * layout (TraceRecorder.openLayout): `{ kind, actor, ...refs(inv), data, text? }` without the
 * input, data or refs objects — the same event, JSON and hash as recording that input.
 */
export function recordStarted(world: World, inv: Invocation, attempt: number, text: string | undefined): void {
  const p = openInvocation(world, STARTED, inv);
  if (!p) return;
  const service = inv.service.name;
  const handler = inv.handler.spec.name;
  if (!repeat(p, STARTED_RUN, service, handler)) {
    const start = p.length;
    const keys = p.openLayout(STARTED_DATA);
    p.keyString(keys[0], service);
    p.keyString(keys[1], handler);
    keep(p, STARTED_RUN, start, service, handler);
  }
  p.number(attempt);
  p.value(text);
  world.trace.columns.close();
}

export function recordCompleted(world: World, inv: Invocation, durationTicks: number): void {
  const p = openInvocation(world, COMPLETED, inv);
  if (!p) return;
  const service = inv.service.name;
  const handler = inv.handler.spec.name;
  if (!repeat(p, COMPLETED_RUN, service, handler)) {
    const start = p.length;
    const keys = p.openLayout(COMPLETED_DATA);
    p.keyString(keys[0], service);
    p.keyString(keys[1], handler);
    keep(p, COMPLETED_RUN, start, service, handler);
  }
  p.number(durationTicks);
  world.trace.columns.close();
}

/** Opens an invocation's event with the actor and the refs of `refs(inv)`; its data comes next (null: the trace is not kept). */
function openInvocation(world: World, layouts: TraceLayout[], inv: Invocation): PayloadStore | null {
  const m = inv.message;
  const delivery = inv.delivery;
  const variant = (m.causationId ? 1 : 0) | (delivery ? 2 : 0);
  const c = world.trace.openLayout(layouts[variant], inv.service.name, m.id, m.correlationId, delivery ? delivery.id : undefined);
  if (!c) return null;
  if (variant & 1) c.payload.value(m.causationId);
  return c.payload;
}

/**
 * The message as a handler sees it: the broker's copy with its counters and headers. Not frozen
 * (Object.freeze costs more than building the object, on every delivery): only engine code reads
 * this host copy — a handler's code gets its own copy inside its realm — and the message's body
 * and headers are frozen already (messages.ts).
 */
export function toIncoming(delivery: Delivery): IncomingMessage {
  const m = delivery.message;
  // Built whole, key by key in the order handlers see (key only when the message has one): no
  // spread, and no key added afterwards (that would give the object a second store for it).
  const broker = { ...delivery.props };
  if (m.key !== undefined) {
    return {
      id: m.id, type: m.type, kind: m.kind, body: m.body, headers: m.headers,
      correlationId: m.correlationId, causationId: m.causationId, traceparent: m.traceparent, key: m.key, broker,
    };
  }
  return {
    id: m.id, type: m.type, kind: m.kind, body: m.body, headers: m.headers,
    correlationId: m.correlationId, causationId: m.causationId, traceparent: m.traceparent, broker,
  };
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
      data: { service: svc.name, outboxId: id, type: (svc.db.peek('outbox', id) as { message: { type: string } }).message.type },
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
