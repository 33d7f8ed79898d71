// What drawing on the canvas means for the scenario: adding a service or an entity, connecting
// two nodes (an entity to a service = a handler consuming it; a service to an entity = its code
// publishing a message type there; an exchange to a queue = a binding; a topic to a queue = a
// subscriber or a forwarding subscription) and removing nodes or edges. Each edit changes a copy
// of the scenario the caller owns, or refuses with a reason the canvas shows; the canvas never
// keeps a topology of its own.

import type { EntitySpec, HandlerSpec, MessageSpec, Scenario } from '../../engine/scenario/types';
import { handlerSource } from '../../scenario-kit/handler-templates';
import { sentTypes } from '../../asyncapi/routes';
import { WORKLOAD_NODE_ID, type GraphEdge, type GraphNode } from './graph';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A name not yet in `taken`: `base`, then `base-2`, `base-3`… */
function fresh(base: string, taken: Iterable<string>): string {
  const set = new Set(taken);
  let name = base;
  for (let n = 2; set.has(name); n++) name = `${base}-${n}`;
  return name;
}

const pascal = (name: string) => name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('') || 'Message';
const lower = (name: string) => name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'sub';

export function addEntity(s: Scenario, type: string): string {
  const name = fresh(`${type}-${s.entities.length + 1}`, s.entities.map((e) => e.name));
  const e: EntitySpec = { type, name };
  if (s.broker === 'kafka') e.partitions = 1;
  if (type === 'exchange') e.exchangeType = 'topic';
  if (type === 'topic' && s.broker === 'generic') e.subscribers = [];
  if (type === 'topic' && s.broker === 'servicebus') e.subscriptions = [];
  s.entities.push(e);
  return name;
}

/** A new service with no handlers: connecting it makes them. */
export function addService(s: Scenario): string {
  const name = fresh(`Service-${s.services.length + 1}`, s.services.map((x) => x.name));
  s.services.push({ name, handlers: [] });
  return name;
}

function consumer(s: Scenario, service: string, consumes: string, taken: string[]): HandlerSpec {
  const name = fresh('Handle', taken);
  return {
    name, consumes,
    ...(s.broker === 'kafka' ? { options: { groupId: lower(service), autoOffsetReset: 'earliest' } } : {}),
    code: { source: handlerSource('consume-and-ack', { handler: name }), file: `${service}/${name}.ts` },
  };
}

/** The message type publishing to `entity` goes by: the first in the catalog, or a new one. */
function messageFor(s: Scenario, entity: EntitySpec): MessageSpec {
  const existing = s.messages.find((m) => m.to === entity.name);
  if (existing) return existing;
  const kind = entity.type === 'queue' ? 'command' : 'event';
  const m: MessageSpec = { type: fresh(`${pascal(entity.name)}${kind === 'command' ? 'Requested' : 'Happened'}`, s.messages.map((x) => x.type)), kind, to: entity.name };
  if (s.broker === 'rabbitmq' && entity.type === 'exchange') m.routingKey = m.type;
  s.messages.push(m);
  return m;
}

export type EditResult = { ok: true; note: string } | { ok: false; reason: string };

/** Connects two nodes of the graph; the scenario changes only when the result is ok. */
export function connect(s: Scenario, source: GraphNode, target: GraphNode): EditResult {
  if (source.ref.kind === 'workload' || target.ref.kind === 'workload') return { ok: false, reason: 'The workload is set in the form: select it to change what it calls or publishes.' };
  if (source.ref.kind === 'service' && target.ref.kind === 'service') return { ok: false, reason: 'Services talk through the broker here: connect a service to a queue or topic, and that to the other service.' };
  if (source.ref.kind === 'service') {
    if (target.ref.kind === 'subscription') return { ok: false, reason: 'A service publishes to the topic, not to one of its subscriptions.' };
    return publishTo(s, source.ref.index, s.entities[target.ref.index]!);
  }
  // From an entity or a subscription.
  const from = source.ref.kind === 'entity' ? s.entities[source.ref.index]! : s.entities[source.ref.entity]!;
  const subscriptions = (): Obj[] => (Array.isArray(from.subscriptions) ? (from.subscriptions as Obj[]) : (from.subscriptions = []) as Obj[]);
  if (target.ref.kind === 'service') {
    const svc = s.services[target.ref.index]!;
    let consumes = from.name;
    if (source.ref.kind === 'subscription') consumes = `${from.name}/Subscriptions/${String(subscriptions()[source.ref.index]!.name)}`;
    else if (from.type === 'topic' && s.broker === 'servicebus') {
      const name = fresh(lower(svc.name), subscriptions().map((x) => String(x.name)));
      subscriptions().push({ name });
      consumes = `${from.name}/Subscriptions/${name}`;
    } else if ((from.type === 'topic' && s.broker === 'generic') || from.type === 'exchange') {
      // Generic topics and exchanges deliver to queues: give the service its own.
      const queue = fresh(`${from.name}.${lower(svc.name)}`, s.entities.map((e) => e.name));
      s.entities.push(from.type === 'exchange' ? { type: 'queue', name: queue, bindings: [{ exchange: from.name, key: '#' }] } : { type: 'queue', name: queue });
      if (from.type === 'topic') from.subscribers = [...(Array.isArray(from.subscribers) ? from.subscribers : []), queue];
      consumes = queue;
    }
    svc.handlers.push(consumer(s, svc.name, consumes, svc.handlers.map((h) => h.name)));
    return { ok: true, note: `${svc.name} consumes ${consumes}` };
  }
  if (target.ref.kind === 'subscription') return { ok: false, reason: 'Subscriptions belong to their topic: add one in the topic\'s form.' };
  const to = s.entities[target.ref.index]!;
  if (to === from) return { ok: false, reason: 'An entity cannot feed itself.' };
  if (from.type === 'exchange' && to.type === 'queue') {
    to.bindings = [...(Array.isArray(to.bindings) ? to.bindings : []), { exchange: from.name, key: '#' }];
    return { ok: true, note: `${to.name} is bound to ${from.name} with key #` };
  }
  if (from.type === 'topic' && s.broker === 'generic' && to.type === 'queue') {
    from.subscribers = [...new Set([...(Array.isArray(from.subscribers) ? (from.subscribers as string[]) : []), to.name])];
    return { ok: true, note: `${from.name} copies every message to ${to.name}` };
  }
  if (s.broker === 'servicebus' && source.ref.kind === 'subscription') {
    subscriptions()[source.ref.index]!.forwardTo = to.name;
    return { ok: true, note: `the subscription forwards to ${to.name}` };
  }
  if (s.broker === 'servicebus' && from.type === 'topic') {
    subscriptions().push({ name: fresh(lower(to.name), subscriptions().map((x) => String(x.name))), forwardTo: to.name });
    return { ok: true, note: `a subscription of ${from.name} forwards to ${to.name}` };
  }
  return { ok: false, reason: `A ${from.type} does not copy messages to a ${to.type} on ${s.broker}.` };
}

function publishTo(s: Scenario, serviceIndex: number, entity: EntitySpec): EditResult {
  if (entity.type === 'queue' && s.broker === 'kafka') return { ok: false, reason: 'Kafka has topics only.' };
  const svc = s.services[serviceIndex]!;
  const m = messageFor(s, entity);
  if (svc.handlers.some((h) => sentTypes(h, s).includes(m.type))) return { ok: true, note: `${svc.name} already publishes ${m.type}` };
  const command = m.kind === 'command';
  // A consumer still as its template left it now publishes what follows from each message.
  const plain = svc.handlers.find((h) => h.consumes !== undefined && 'source' in h.code && h.code.source === handlerSource('consume-and-ack', { handler: h.name }));
  if (plain) {
    plain.code = { source: handlerSource('consume-and-publish', { handler: plain.name, publishes: m.type, command }), file: `${svc.name}/${plain.name}.ts` };
    return { ok: true, note: `${svc.name}.${plain.name} publishes ${m.type} after each message` };
  }
  const name = fresh(`Publish${m.type}`, svc.handlers.map((h) => h.name));
  svc.handlers.push({ name, code: { source: handlerSource('publish', { handler: name, publishes: m.type, command }), file: `${svc.name}/${name}.ts` } });
  // Something must call a new entry point, or the run has nothing to do.
  if (s.workload.length === 0) s.workload.push({ kind: 'steady', service: svc.name, handler: name, count: 5, intervalTicks: 20, body: { id: 'item-{n}' } });
  return { ok: true, note: `${svc.name}.${name} publishes ${m.type}` };
}

/** Removes nodes (with what only they used: handlers consuming a removed entity stay, and the validation says so) and edges. */
export function remove(s: Scenario, nodes: GraphNode[], edges: GraphEdge[], all: GraphNode[]): void {
  const byId = new Map(all.map((n) => [n.id, n]));
  for (const edge of edges) {
    const src = byId.get(edge.source);
    const dst = byId.get(edge.target);
    if (!src || !dst) continue;
    if (edge.kind === 'consumes' && dst.ref.kind === 'service') {
      const svc = s.services[dst.ref.index]!;
      const handler = edge.id.slice(edge.id.lastIndexOf(':') + 1);
      svc.handlers = svc.handlers.filter((h) => !(h.name === handler && h.consumes !== undefined));
    } else if (edge.kind === 'binding' && dst.ref.kind === 'entity' && src.ref.kind === 'entity') {
      const q = s.entities[dst.ref.index]!;
      const ex = s.entities[src.ref.index]!.name;
      if (Array.isArray(q.bindings)) q.bindings = q.bindings.filter((b) => !(isObj(b) && b.exchange === ex && String(b.key ?? '') === edge.label));
    } else if (edge.kind === 'subscriber' && src.ref.kind === 'entity' && dst.ref.kind === 'entity') {
      const t = s.entities[src.ref.index]!;
      const q = s.entities[dst.ref.index]!.name;
      if (Array.isArray(t.subscribers)) t.subscribers = t.subscribers.filter((x) => x !== q);
    } else if (edge.kind === 'forward' && src.ref.kind === 'subscription') {
      const sub = (s.entities[src.ref.entity]!.subscriptions as Obj[])[src.ref.index]!;
      delete sub.forwardTo;
    }
  }
  // Highest index first, so earlier indices stay right.
  const refs = nodes.map((n) => n.ref);
  const desc = (a: number, b: number) => b - a;
  for (const i of refs.flatMap((r) => (r.kind === 'subscription' ? [r] : [])).sort((a, b) => desc(a.entity * 1e4 + a.index, b.entity * 1e4 + b.index))) {
    (s.entities[i.entity]!.subscriptions as Obj[]).splice(i.index, 1);
  }
  for (const i of refs.flatMap((r) => (r.kind === 'entity' ? [r.index] : [])).sort(desc)) s.entities.splice(i, 1);
  for (const i of refs.flatMap((r) => (r.kind === 'service' ? [r.index] : [])).sort(desc)) s.services.splice(i, 1);
  if (nodes.some((n) => n.id === WORKLOAD_NODE_ID)) s.workload = [];
}
