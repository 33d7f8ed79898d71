// Which message types reach which entity, and which types a handler sends: what an AsyncAPI
// channel lists as its messages. A type reaches the entity it is published to and, from
// there, what the broker copies it to: RabbitMQ queues bound to an exchange (and dead-letter
// exchanges), generic topics' subscriber queues, Service Bus subscriptions forwarding to a
// queue, and names the broker derives from an entity (a subscription "orders/eu", a DLQ).
// Routing keys and filters are not evaluated (a binding may or may not match at run time), so
// a channel lists every type that can reach it. A handler sends the catalog types its source
// names as string literals — a reading of the code, not a proof.

import type { Json } from '../engine/scenario/json';
import type { HandlerSpec, Scenario } from '../engine/scenario/types';

type Obj = { [key: string]: Json };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The entity a consumable name belongs to: itself, or the longest entity name it extends ("orders/eu" → "orders"). */
export function entityOfConsumable(scenario: Scenario, name: string): string | undefined {
  let best: string | undefined;
  for (const e of scenario.entities) {
    if (e.name === name) return name;
    if ((name.startsWith(`${e.name}/`) || name.startsWith(`${e.name}.`) || name.startsWith(`${e.name}-`)) && (!best || e.name.length > best.length)) best = e.name;
  }
  return best;
}

/** Entity (or consumed name) → the message types that can reach it, in catalog order. */
export function deliveredTypes(scenario: Scenario): Map<string, string[]> {
  const reach = new Map<string, Set<string>>();
  const add = (name: string, types: Iterable<string>) => {
    const set = reach.get(name) ?? new Set<string>();
    const before = set.size;
    for (const t of types) set.add(t);
    reach.set(name, set);
    return set.size > before;
  };
  for (const m of scenario.messages) add(m.to, [m.type]);
  // Copies between entities, followed to a fixpoint (bounded by the number of entities).
  const edges: [string, string][] = [];
  for (const e of scenario.entities) {
    for (const b of Array.isArray(e.bindings) ? e.bindings : []) if (isObj(b) && typeof b.exchange === 'string') edges.push([b.exchange, e.name]);
    const dlx = isObj(e.arguments) ? e.arguments['x-dead-letter-exchange'] : undefined;
    if (typeof dlx === 'string') edges.push([e.name, dlx]);
    for (const q of Array.isArray(e.subscribers) ? e.subscribers : []) if (typeof q === 'string') edges.push([e.name, q]);
    for (const s of Array.isArray(e.subscriptions) ? e.subscriptions : []) if (isObj(s) && typeof s.forwardTo === 'string') edges.push([e.name, s.forwardTo]);
    if (typeof e.forwardTo === 'string') edges.push([e.name, e.forwardTo]);
    if (typeof e.forwardDeadLetteredMessagesTo === 'string') edges.push([e.name, e.forwardDeadLetteredMessagesTo]);
  }
  for (let round = 0, changed = true; changed && round <= scenario.entities.length; round++) {
    changed = false;
    for (const [from, to] of edges) if (add(to, reach.get(from) ?? [])) changed = true;
  }
  for (const svc of scenario.services) for (const h of svc.handlers) {
    if (h.consumes === undefined || reach.has(h.consumes)) continue;
    const owner = entityOfConsumable(scenario, h.consumes);
    add(h.consumes, owner ? reach.get(owner) ?? [] : []);
  }
  const order = scenario.messages.map((m) => m.type);
  return new Map([...reach].map(([k, v]) => [k, order.filter((t) => v.has(t))]));
}

/** The catalog types a handler's source names as string literals (built-in handlers: none known). */
export function sentTypes(handler: HandlerSpec, scenario: Scenario): string[] {
  const code = handler.code as { source?: unknown };
  if (typeof code.source !== 'string') return [];
  const source = code.source;
  return scenario.messages.map((m) => m.type).filter((t) => {
    const quoted = t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`['"\`]${quoted}['"\`]`).test(source);
  });
}
