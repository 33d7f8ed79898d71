// The scenario as a graph, for the editor's canvas: services, broker entities (queues, topics,
// exchanges, Kafka topics), Service Bus subscriptions and the workload are nodes; what a handler
// consumes, what its code publishes, bindings, subscribers and forwards are edges. Pure and
// derived from the scenario alone (the scenario is the one thing edited; the canvas, the form and
// the JSON are views of it), so it is tested in Node. Each validation issue lands on the node its
// path names; issues no node owns stay on the scenario.

import type { ValidationIssue } from '../../engine/scenario/validate-types';
import type { Json } from '../../engine/scenario/json';
import type { EntitySpec, HandlerSpec, MessageSpec, Scenario } from '../../engine/scenario/types';
import { entityOfConsumable, sentTypes } from '../../asyncapi/routes';

export type NodeRef = { kind: 'service'; index: number } | { kind: 'entity'; index: number } | { kind: 'subscription'; entity: number; index: number } | { kind: 'workload' };
export type GraphEdgeKind = 'consumes' | 'publishes' | 'binding' | 'subscriber' | 'subscription' | 'forward' | 'dead-letter' | 'calls';

export interface GraphNode {
  id: string;
  ref: NodeRef;
  /** 'service', the entity's type ('queue', 'topic', 'exchange'), 'subscription' or 'workload'. */
  type: string;
  label: string;
  /** Handlers, partitions, exchange type…: one short line each. */
  lines: string[];
  issues: string[];
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: GraphEdgeKind;
  label: string;
}

export interface ScenarioGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Issues that no node owns (checks, limits, a message sent to nowhere…), path first. */
  loose: string[];
}

type Obj = { [key: string]: Json };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const serviceNodeId = (name: string) => `svc:${name}`;
export const entityNodeId = (name: string) => `ent:${name}`;
export const subscriptionNodeId = (topic: string, sub: string) => `sub:${topic}/Subscriptions/${sub}`;
export const WORKLOAD_NODE_ID = 'workload';

/** The graph of a scenario that parsed as an object (fields may still be wrong: the graph skips what it cannot read). */
export function scenarioGraph(input: Scenario, issues: ValidationIssue[] = []): ScenarioGraph {
  // The JSON parsed but its fields may be anything: read lists as lists of objects.
  const s: Scenario = { ...input, entities: list(input.entities).map((e) => (isObj(e) ? e : {})) as EntitySpec[], messages: list(input.messages).filter((m) => isObj(m) && typeof m.type === 'string') as unknown as MessageSpec[] };
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const unique = (id: string) => {
    let out = id;
    for (let n = 2; seen.has(out); n++) out = `${id}#${n}`;
    seen.add(out);
    return out;
  };
  const byName = new Map<string, string>(); // consumable / entity name → node id
  const entityIds: string[] = [];
  const subIds: string[][] = [];
  list(s.entities).forEach((raw, i) => {
    const e = isObj(raw) ? raw : {};
    const name = str(e.name);
    const id = unique(entityNodeId(name));
    entityIds.push(id);
    if (!byName.has(name)) byName.set(name, id);
    const lines: string[] = [];
    if (typeof e.partitions === 'number') lines.push(`${e.partitions} partition${e.partitions === 1 ? '' : 's'}`);
    if (typeof e.exchangeType === 'string') lines.push(`${e.exchangeType} exchange`);
    if (typeof e.maxDeliveryCount === 'number') lines.push(`max delivery ${e.maxDeliveryCount}`);
    if (typeof e.deliveryLimit === 'number') lines.push(`delivery limit ${e.deliveryLimit}`);
    nodes.push({ id, ref: { kind: 'entity', index: i }, type: str(e.type) || 'entity', label: name || `(entity ${i + 1})`, lines, issues: [] });
    const subs: string[] = [];
    list(e.subscriptions).forEach((rawSub, j) => {
      const sub = isObj(rawSub) ? rawSub : {};
      const subName = str(sub.name);
      const sid = unique(subscriptionNodeId(name, subName));
      subs.push(sid);
      const full = `${name}/Subscriptions/${subName}`;
      if (!byName.has(full)) byName.set(full, sid);
      const filter = isObj(sub.filter) ? (typeof sub.filter.sql === 'string' ? `filter ${sub.filter.sql}` : 'filtered') : '';
      nodes.push({ id: sid, ref: { kind: 'subscription', entity: i, index: j }, type: 'subscription', label: subName || `(subscription ${j + 1})`, lines: filter ? [filter] : [], issues: [] });
      edges.push({ id: `subscription:${id}->${sid}`, source: id, target: sid, kind: 'subscription', label: '' });
    });
    subIds.push(subs);
  });
  const nodeOf = (name: string): string | undefined => {
    const direct = byName.get(name);
    if (direct) return direct;
    const owner = entityOfConsumable(s, name);
    return owner === undefined ? undefined : byName.get(owner);
  };

  // Copies between entities.
  list(s.entities).forEach((raw, i) => {
    if (!isObj(raw)) return;
    const id = entityIds[i]!;
    for (const b of list(raw.bindings)) {
      const from = isObj(b) ? byName.get(str(b.exchange)) : undefined;
      if (from && isObj(b)) edges.push({ id: `binding:${from}->${id}:${str(b.key)}`, source: from, target: id, kind: 'binding', label: str(b.key) || str(b.bindingKey) });
    }
    for (const q of list(raw.subscribers)) {
      const to = byName.get(str(q));
      if (to) edges.push({ id: `subscriber:${id}->${to}`, source: id, target: to, kind: 'subscriber', label: '' });
    }
    list(raw.subscriptions).forEach((sub, j) => {
      const to = isObj(sub) ? byName.get(str(sub.forwardTo)) : undefined;
      if (to) edges.push({ id: `forward:${subIds[i]![j]}->${to}`, source: subIds[i]![j]!, target: to, kind: 'forward', label: 'forward' });
    });
    const fwd = byName.get(str(raw.forwardTo));
    if (fwd) edges.push({ id: `forward:${id}->${fwd}`, source: id, target: fwd, kind: 'forward', label: 'forward' });
    const dlx = isObj(raw.arguments) ? byName.get(str(raw.arguments['x-dead-letter-exchange'])) : undefined;
    const dlq = byName.get(str(raw.forwardDeadLetteredMessagesTo));
    for (const to of [dlx, dlq]) if (to) edges.push({ id: `dead-letter:${id}->${to}`, source: id, target: to, kind: 'dead-letter', label: 'dead letters' });
  });

  // Services: what each handler consumes, what its code publishes.
  const serviceIds: string[] = [];
  const messageTo = new Map<string, string>();
  for (const m of list(input.messages)) if (isObj(m) && !messageTo.has(str(m.type))) messageTo.set(str(m.type), str(m.to));
  list(s.services).forEach((raw, i) => {
    const svc = isObj(raw) ? raw : {};
    const name = str(svc.name);
    const id = unique(serviceNodeId(name));
    serviceIds.push(id);
    const handlers = list(svc.handlers).filter(isObj);
    nodes.push({ id, ref: { kind: 'service', index: i }, type: 'service', label: name || `(service ${i + 1})`, lines: handlers.map((h) => `${str(h.name)}${typeof h.consumes === 'string' ? '' : ' (entry)'}`), issues: [] });
    const publishes = new Map<string, string[]>();
    for (const h of handlers) {
      if (typeof h.consumes === 'string') {
        const from = nodeOf(h.consumes);
        const group = isObj(h.options) && typeof h.options.groupId === 'string' ? ` (group ${h.options.groupId})` : '';
        if (from) edges.push({ id: `consumes:${from}->${id}:${str(h.name)}`, source: from, target: id, kind: 'consumes', label: `${str(h.name)}${group}` });
      }
      if (!isObj(h.code)) continue;
      for (const type of sentTypes(h as unknown as HandlerSpec, s)) {
        const to = nodeOf(messageTo.get(type) ?? '');
        if (to) publishes.set(to, [...new Set([...(publishes.get(to) ?? []), type])]);
      }
    }
    for (const [to, types] of publishes) edges.push({ id: `publishes:${id}->${to}`, source: id, target: to, kind: 'publishes', label: types.join(', ') });
  });

  // The workload: outside requests calling entry points, or messages published straight to the broker.
  const workload = list(s.workload).filter(isObj);
  if (workload.length > 0) {
    nodes.push({ id: WORKLOAD_NODE_ID, ref: { kind: 'workload' }, type: 'workload', label: 'Workload', lines: workload.map((w) => `${str(w.kind)} × ${typeof w.count === 'number' ? w.count : '?'}`), issues: [] });
    // Several generators calling one entry point (a steady flow and a burst) are one edge.
    const drawn = new Set<string>();
    const once = (edge: GraphEdge) => {
      if (!drawn.has(edge.id)) edges.push(edge);
      drawn.add(edge.id);
    };
    for (const w of workload) {
      if (typeof w.publish === 'string') {
        const to = nodeOf(messageTo.get(w.publish) ?? '');
        if (to) once({ id: `calls:workload->${to}:${w.publish}`, source: WORKLOAD_NODE_ID, target: to, kind: 'publishes', label: w.publish });
      } else {
        const idx = list(s.services).findIndex((x) => isObj(x) && x.name === w.service);
        if (idx >= 0) once({ id: `calls:workload->${serviceIds[idx]}:${str(w.handler)}`, source: WORKLOAD_NODE_ID, target: serviceIds[idx]!, kind: 'calls', label: str(w.handler) });
      }
    }
  }

  // Issues onto the nodes their paths name.
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const loose: string[] = [];
  for (const issue of issues) {
    const owner = ownerOf(issue.path, input, { entityIds, subIds, serviceIds, nodeOf, messageTo });
    const node = owner ? byId.get(owner) : undefined;
    if (node) node.issues.push(issue.message);
    else loose.push(`${issue.path || 'scenario'}: ${issue.message}`);
  }
  return { nodes, edges, loose };
}

function ownerOf(path: string, s: Scenario, ids: { entityIds: string[]; subIds: string[][]; serviceIds: string[]; nodeOf: (name: string) => string | undefined; messageTo: Map<string, string> }): string | undefined {
  let m = /^entities\[(\d+)\]\.subscriptions\[(\d+)\]/.exec(path);
  if (m) return ids.subIds[Number(m[1])]?.[Number(m[2])];
  m = /^entities\[(\d+)\]/.exec(path);
  if (m) return ids.entityIds[Number(m[1])];
  m = /^services\[(\d+)\]/.exec(path);
  if (m) return ids.serviceIds[Number(m[1])];
  if (/^workload\[/.test(path)) return WORKLOAD_NODE_ID;
  m = /^messages\[(\d+)\]/.exec(path);
  if (m) {
    const msg = list(s.messages)[Number(m[1])]; // the scenario as given: paths index it
    return isObj(msg) ? ids.nodeOf(str(msg.to)) : undefined;
  }
  return undefined;
}
