// RabbitMQ routing drawn in the sequence diagram: an exchange → queue hop for each copy the
// exchange routed, labelled with the binding that matched. The routing event explains the match
// in words; the copies arrive as `message.enqueued` events right after it, one per queue.

import type { TraceEventOf } from '../engine/trace/types';

/**
 * The queues a RabbitMQ exchange routed a message to, with the binding that matched each, read
 * from the routing event's explanation ("topic exchange orders routes "order.eu" to billing
 * (binding "order.*"), audit (binding "#")"). Empty when the text says nothing of the kind.
 */
export function routedBindings(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const m = /exchange \S+ routes "((?:[^"\\]|\\.)*)" to (.*)$/.exec(text ?? '');
  if (!m) return out;
  for (const part of m[2]!.matchAll(/([^\s,()]+) \(binding (.+?)(?:: one copy however many bindings match)?\)(?:, |$)/g)) out.set(part[1]!, part[2]!);
  return out;
}

/** One hop to draw: from the exchange to the queue, and the binding that matched. */
export interface RoutedHop {
  exchange: string;
  queue: string;
  binding: string;
}

/** Follows one routing at a time: the message just routed and the queues still to be enqueued. */
export class RoutingHops {
  #pending: { messageId: string; exchange: string; bindings: Map<string, string> } | null = null;

  /** A `message.routed` event: remembers which queues its copies go to, and why. */
  routed(e: TraceEventOf<'message.routed'>): void {
    const bindings = routedBindings(e.text);
    this.#pending = bindings.size > 0 && e.messageId ? { messageId: e.messageId, exchange: e.actor, bindings } : null;
  }

  /** A `message.enqueued` event: the hop it completes, if it is a copy of the routing followed. */
  enqueued(e: TraceEventOf<'message.enqueued'>): RoutedHop | undefined {
    const r = this.#pending;
    const binding = r && r.messageId === e.messageId ? r.bindings.get(e.data.entity) : undefined;
    if (!r || binding === undefined) return undefined;
    r.bindings.delete(e.data.entity);
    if (r.bindings.size === 0) this.#pending = null;
    return { exchange: r.exchange, queue: e.data.entity, binding };
  }
}
