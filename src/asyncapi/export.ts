// Scenario → AsyncAPI 3.0. Every entity becomes a channel (its name the address, with the
// broker's bindings where AsyncAPI has them), every consuming handler a `receive` operation on
// its entity, every message type a message in `components.messages` with a payload schema and
// an example, and each message type a handler's code names a `send` operation on the entity the
// type goes to. What AsyncAPI has no words for (handler code, entity options beyond the
// bindings, workload, checks, faults) travels in `x-brokerlab…` extensions, so importing the
// export gives the same scenario back; other tools ignore them.

import type { Json } from '../engine/scenario/json';
import type { BrokerKind, EntitySpec, MessageSpec, Scenario } from '../engine/scenario/types';
import { channelBindings, messageBindings, PROTOCOL_OF, receiveBindings } from './bindings';
import { uniqueKey } from './names';
import { exampleFromTemplate, schemaFromExample, schemaFromFields } from './schema';
import { deliveredTypes, entityOfConsumable, sentTypes } from './routes';

type Obj = { [key: string]: Json };

export const ASYNCAPI_VERSION = '3.0.0';

/** The AsyncAPI 3.0 document describing a scenario (plain JSON data). */
export function scenarioToAsyncApi(scenario: Scenario): Obj {
  const brokerOf = (e: EntitySpec): BrokerKind => e.broker ?? scenario.broker;
  const brokers = [...new Set([scenario.broker, ...scenario.entities.map(brokerOf)])];
  const servers: Obj = {};
  for (const b of brokers) {
    servers[b] = { host: `${b}.brokerlab.local`, protocol: PROTOCOL_OF[b], description: `Brokerlab's simulated ${b} broker`, 'x-brokerlab-broker': b };
  }

  const messageKeys = new Set<string>();
  const messageKey = new Map<string, string>();
  const messages: Obj = {};
  for (const m of scenario.messages) {
    const key = uniqueKey(m.type, messageKeys);
    messageKey.set(m.type, key);
    const target = scenario.entities.find((e) => e.name === m.to);
    messages[key] = exportMessage(m, scenario, target ? brokerOf(target) : scenario.broker);
  }

  // Channels: one per entity, plus one per derived name a handler consumes ("orders/eu", a DLQ).
  const channelKeys = new Set<string>();
  const channelOf = new Map<string, string>();
  const channels: Obj = {};
  const delivered = deliveredTypes(scenario);
  const addChannel = (address: string, body: Obj) => {
    const key = uniqueKey(address, channelKeys);
    channelOf.set(address, key);
    const types = delivered.get(address) ?? [];
    const refs: Obj = {};
    for (const t of types) if (messageKey.has(t)) refs[messageKey.get(t)!] = { $ref: `#/components/messages/${messageKey.get(t)}` };
    channels[key] = { address, ...(types.length > 0 ? { messages: refs } : {}), ...body };
  };
  for (const e of scenario.entities) {
    const bindings = channelBindings(e, brokerOf(e));
    addChannel(e.name, {
      title: `${e.type} ${e.name}`,
      ...(brokers.length > 1 ? { servers: [{ $ref: `#/servers/${brokerOf(e)}` }] } : {}),
      ...(bindings ? { bindings } : {}),
      'x-brokerlab-entity': e as unknown as Json,
    });
  }
  for (const svc of scenario.services) for (const h of svc.handlers) {
    if (h.consumes !== undefined && !channelOf.has(h.consumes)) {
      addChannel(h.consumes, { title: `${h.consumes} (made by the broker)`, 'x-brokerlab-derived-from': entityOfConsumable(scenario, h.consumes) ?? null });
    }
  }

  const operationKeys = new Set<string>();
  const operations: Obj = {};
  const unplaced: Obj[] = [];
  const messageRefs = (channel: string, types: string[]) =>
    types.filter((t) => messageKey.has(t) && (delivered.get(channel) ?? []).includes(t)).map((t) => ({ $ref: `#/channels/${channelOf.get(channel)}/messages/${messageKey.get(t)}` }));
  for (const svc of scenario.services) for (const h of svc.handlers) {
    let placed = false;
    if (h.consumes !== undefined) {
      const entity = scenario.entities.find((e) => e.name === (entityOfConsumable(scenario, h.consumes!) ?? h.consumes));
      const bindings = receiveBindings(h, svc.name, entity ? brokerOf(entity) : scenario.broker);
      operations[uniqueKey(`${svc.name}.${h.name}`, operationKeys)] = {
        action: 'receive',
        channel: { $ref: `#/channels/${channelOf.get(h.consumes)}` },
        summary: `${svc.name} consumes ${h.consumes} with ${h.name}`,
        ...optional('messages', messageRefs(h.consumes, delivered.get(h.consumes) ?? [])),
        ...(bindings ? { bindings } : {}),
        'x-brokerlab-handler': { service: svc.name, handler: h as unknown as Json },
      };
      placed = true;
    }
    const byEntity = new Map<string, string[]>();
    for (const t of sentTypes(h, scenario)) {
      const m = scenario.messages.find((x) => x.type === t)!;
      byEntity.set(m.to, [...(byEntity.get(m.to) ?? []), t]);
    }
    for (const [to, types] of byEntity) {
      operations[uniqueKey(`${svc.name}.${h.name}.sends.${to}`, operationKeys)] = {
        action: 'send',
        channel: { $ref: `#/channels/${channelOf.get(to)}` },
        summary: `${svc.name}.${h.name} ${types.length === 1 ? 'sends' : 'send'} ${types.join(', ')} to ${to}`,
        ...optional('messages', messageRefs(to, types)),
        ...(placed ? { 'x-brokerlab-sends-from': { service: svc.name, handler: h.name } } : { 'x-brokerlab-handler': { service: svc.name, handler: h as unknown as Json } }),
      };
      placed = true;
    }
    if (!placed) unplaced.push({ service: svc.name, handler: h as unknown as Json });
  }

  const { id, title, summary, broker, entities: _e, messages: _m, services, ...rest } = scenario;
  const x: Obj = {
    ...(rest as unknown as Obj), id, broker,
    // A service's settings and its handlers' order; the handlers themselves ride on operations.
    services: services.map(({ handlers, ...svc }) => ({ ...(svc as unknown as Obj), handlers: handlers.map((h) => h.name) })),
    ...(unplaced.length > 0 ? { handlers: unplaced } : {}),
  };
  return {
    asyncapi: ASYNCAPI_VERSION,
    id: `urn:brokerlab:scenario:${id.replace(/[^A-Za-z0-9._-]+/g, '-')}`,
    info: { title, version: '1.0.0', ...(summary ? { description: summary } : {}) },
    defaultContentType: 'application/json',
    servers,
    channels,
    operations,
    components: { messages },
    'x-brokerlab': x,
  };
}

const optional = (key: string, list: Json[]): Obj => (list.length > 0 ? { [key]: list } : {});

function exportMessage(m: MessageSpec, scenario: Scenario, broker: BrokerKind): Obj {
  const bodies = scenario.workload.filter((w) => w.publish === m.type).map((w) => exampleFromTemplate(w.body));
  const versions = Object.keys(m.schema ?? {}).sort((a, b) => Number(a) - Number(b));
  const latest = versions.length > 0 ? m.schema![versions[versions.length - 1]] : undefined;
  const payload = latest ? schemaFromFields(latest) : bodies.length > 0 ? schemaFromExample(bodies[0]) : { type: 'object' };
  const bindings = messageBindings(m.type, m.keyField, broker);
  return {
    name: m.type,
    title: m.type,
    ...(m.description ? { summary: m.description } : {}),
    contentType: 'application/json',
    tags: [{ name: m.kind }],
    payload,
    ...(bodies.length > 0 ? { examples: bodies.slice(0, 3).map((payload, i) => ({ name: `workload-${i + 1}`, payload })) } : {}),
    ...(bindings ? { bindings } : {}),
    'x-brokerlab-message': m as unknown as Json,
  };
}
