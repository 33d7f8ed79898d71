// AsyncAPI 2.6 / 3.0 → scenario, read through the AsyncAPI parser's document model (one model
// for both versions). Parts a Brokerlab export carries in `x-brokerlab…` extensions come back
// as they were; everything else is mapped: channels → entities (the broker from the servers'
// protocol, options from amqp/kafka bindings), operations → handlers of one service named
// after the document (receive → a consumer, send → an entry point that publishes, both from a
// template), messages → message types with their payload schema as a contract and an example
// as workload body. A workload drives the result: outside producers publish what the app
// receives, and each send operation is called a few times. Whatever has no place in a
// scenario is listed in `unmapped` (unmapped.ts).

import type { AsyncAPIDocumentInterface, ChannelInterface, MessageInterface, OperationInterface } from '@asyncapi/parser';
import type { Json } from '../engine/scenario/json';
import type { BrokerKind, EntitySpec, HandlerSpec, MessageSpec, Scenario, ServiceSpec, WorkloadSpec } from '../engine/scenario/types';
import { SCENARIO_FORMAT_VERSION } from '../engine/scenario/types';
import { handlerSource } from '../scenario-kit/handler-templates';
import { brokerOfProtocol } from './bindings';
import { nameFrom } from './names';
import { exampleFromSchema, fieldsFromSchema } from './schema';
import type { AsyncApiImport, Unmapped } from './types';
import { unmappedParts } from './unmapped';

type Obj = { [key: string]: Json };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ext = (model: { extensions(): { get(id: string): { value(): unknown } | undefined } }, id: string): unknown => model.extensions().get(id)?.value();
const WORKLOAD_COUNT = 3;

/** Strips the parser's own annotations (`x-parser-…`) from a resolved schema. */
function clean(value: unknown, depth = 0): Json {
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  if (!isObj(value) || depth > 32) return (value ?? null) as Json;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('x-parser-')).map(([k, v]) => [k, clean(v, depth + 1)]));
}

export function asyncApiToScenario(doc: AsyncAPIDocumentInterface): AsyncApiImport {
  const unmapped: Unmapped[] = [];
  const x = isObj(ext(doc, 'x-brokerlab')) ? (ext(doc, 'x-brokerlab') as Obj) : undefined;
  const broker = (typeof x?.broker === 'string' ? x.broker : undefined) as BrokerKind | undefined ?? brokerOfDocument(doc, unmapped);
  const serviceName = nameFrom(doc.info().title(), 'App');

  // Channels → entities.
  const entities: EntitySpec[] = [];
  const entityOf = new Map<string, string>();
  for (const ch of doc.channels()) {
    const own = ext(ch, 'x-brokerlab-entity');
    if (isObj(own) && typeof own.name === 'string') {
      entities.push(own as unknown as EntitySpec);
      entityOf.set(ch.id(), own.name);
    } else if (ext(ch, 'x-brokerlab-derived-from') !== undefined) {
      entityOf.set(ch.id(), ch.address() ?? ch.id());
    } else {
      const e = entityOfChannel(ch, broker);
      entities.push(e);
      entityOf.set(ch.id(), e.name);
    }
  }

  // Messages → message types; a foreign message goes to the first channel that lists it.
  const messages: MessageSpec[] = [];
  // The parser makes new models on each call and may give a shared message one id in every
  // channel, so a type is found by its channel and the message's resolved JSON object.
  const typeByChannel = new Map<string, Map<unknown, string>>();
  const setType = (ch: string, m: MessageInterface, type: string) => typeByChannel.set(ch, (typeByChannel.get(ch) ?? new Map()).set(m.json(), type));
  const typeOf = (ch: string, m: MessageInterface) => typeByChannel.get(ch)?.get(m.json());
  const examples = new Map<string, Json>();
  for (const ch of doc.channels()) for (const m of ch.messages()) {
    const own = ext(m, 'x-brokerlab-message');
    if (isObj(own) && typeof own.type === 'string') {
      if (!messages.some((x) => x.type === own.type)) messages.push(own as unknown as MessageSpec);
      setType(ch.id(), m, own.type);
      continue;
    }
    const to = entityOf.get(ch.id())!;
    const wanted = messageName(m, ch);
    const taken = messages.find((x) => x.type === wanted);
    if (taken && taken.to === to) {
      setType(ch.id(), m, wanted);
      continue;
    }
    const type = taken ? uniqueType(messages, alternativeName(m, ch, wanted), ch.id()) : wanted;
    const payload = m.hasPayload() ? clean(m.payload()!.json()) : undefined;
    const fields = fieldsFromSchema(payload);
    const description = m.summary() ?? m.title() ?? m.description();
    messages.push({ type, kind: 'event', to, ...(description ? { description: description.trim().slice(0, 300) } : {}), ...(fields ? { schema: { '1': fields } } : {}) });
    setType(ch.id(), m, type);
    const example = m.examples().all().find((e) => e.hasPayload())?.payload();
    examples.set(type, example !== undefined ? clean(example) : exampleFromSchema(payload));
  }

  // Operations → handlers.
  const handlers = new Map<string, HandlerSpec[]>();
  const addHandler = (service: string, h: HandlerSpec) => handlers.set(service, [...(handlers.get(service) ?? []), h]);
  const workload: WorkloadSpec[] = [];
  const received = new Set<string>();
  for (const op of doc.operations()) {
    const own = ext(op, 'x-brokerlab-handler');
    if (isObj(own) && typeof own.service === 'string' && isObj(own.handler)) {
      addHandler(own.service, own.handler as unknown as HandlerSpec);
      continue;
    }
    if (ext(op, 'x-brokerlab-sends-from') !== undefined) continue;
    const ch = op.channels().all()[0];
    if (!ch) {
      unmapped.push({ path: `operations.${op.id()}`, reason: 'the operation names no channel, so there is nothing to consume from or publish to' });
      continue;
    }
    const types = op.messages().all().map((m) => typeOf(ch.id(), m)).filter((t): t is string => t !== undefined);
    const channelTypes = ch.messages().all().map((m) => typeOf(ch.id(), m)).filter((t): t is string => t !== undefined);
    const opTypes = types.length > 0 ? types : channelTypes;
    const name = nameFrom(op.id() ?? '', 'Operation');
    const note = op.summary() ?? op.description();
    if (op.isReceive()) {
      const consumes = consumerEntity(ch, op, broker, entities, entityOf, messages, opTypes);
      addHandler(serviceName, { name, consumes, code: { source: handlerSource('consume-and-ack', { handler: name, ...(note ? { note } : {}) }), file: `${serviceName}/${name}.ts` }, ...receiveOptions(op, broker) });
      for (const t of opTypes) received.add(t);
    } else {
      const publishes = opTypes[0] ?? messages.find((m) => m.to === entityOf.get(ch.id()))?.type;
      if (!publishes) {
        unmapped.push({ path: `operations.${op.id()}`, reason: 'a send operation whose channel carries no message: nothing to publish' });
        continue;
      }
      if (opTypes.length > 1) unmapped.push({ path: `operations.${op.id()}.messages`, reason: `the template publishes ${publishes} only; ${opTypes.slice(1).join(', ')} left for you to add` });
      addHandler(serviceName, { name, code: { source: handlerSource('publish', { handler: name, publishes, ...(note ? { note } : {}) }), file: `${serviceName}/${name}.ts` } });
      workload.push({ kind: 'steady', service: serviceName, handler: name, count: WORKLOAD_COUNT, intervalTicks: 100, body: examples.get(publishes) ?? {} });
    }
  }
  // What the application receives comes from outside it: outside producers publish it. What it
  // sends goes to applications the document does not describe: a service "Outside" takes it.
  for (const t of received) workload.unshift({ kind: 'steady', publish: t, count: WORKLOAD_COUNT, intervalTicks: 100, body: examples.get(t) ?? {} });
  if (!x) addOutsideConsumers(handlers, messages, workload, entities);

  const carried = new Set([...typeByChannel.values()].flatMap((byJson) => [...byJson.keys()]));
  unmapped.push(...unmappedParts(doc, carried));
  const services = servicesOf(handlers, x);
  const id = typeof x?.id === 'string' ? x.id : nameFrom(doc.info().id() ?? doc.info().title(), 'asyncapi').toLowerCase();
  const description = doc.info().description();
  const rest = x ? Object.fromEntries(Object.entries(x).filter(([k]) => !['id', 'broker', 'services', 'handlers'].includes(k))) : {};
  const scenario: Scenario = {
    formatVersion: SCENARIO_FORMAT_VERSION,
    id,
    title: doc.info().title(),
    ...(description ? { summary: description.trim() } : {}),
    broker,
    entities,
    messages,
    services,
    workload,
    ...(rest as Partial<Scenario>),
  };
  return { scenario, version: doc.version(), unmapped };
}

/** A consumer of every entity the imported app sends to and nothing in the document receives. */
function addOutsideConsumers(handlers: Map<string, HandlerSpec[]>, messages: MessageSpec[], workload: WorkloadSpec[], entities: EntitySpec[]): void {
  const consumed = new Set([...handlers.values()].flat().map((h) => h.consumes));
  const sentTypes = new Set(workload.filter((w) => w.handler !== undefined).flatMap((w) => {
    const h = [...handlers.values()].flat().find((x) => x.name === w.handler);
    const source = (h?.code as { source?: string } | undefined)?.source ?? '';
    return messages.filter((m) => source.includes(JSON.stringify(m.type))).map((m) => m.to);
  }));
  const outside: HandlerSpec[] = [];
  for (const e of entities) {
    if (!sentTypes.has(e.name) || consumed.has(e.name) || e.type === 'exchange') continue;
    let name = nameFrom(`Receive-${e.name}`, 'Receive');
    for (let i = 2; outside.some((h) => h.name === name); i++) name = `${nameFrom(`Receive-${e.name}`, 'Receive').slice(0, 56)}-${i}`;
    outside.push({ name, consumes: e.name, code: { source: handlerSource('consume-and-ack', { handler: name, note: `Stands for the applications that receive what is sent to ${e.name}: the document does not describe them.` }), file: `Outside/${name}.ts` }, ...(e.type === 'topic' && e.partitions !== undefined ? { options: { autoOffsetReset: 'earliest' } } : {}) });
  }
  if (outside.length > 0) handlers.set('Outside', outside);
}

/** Services in the export's order with their settings, handlers in their order; others after. */
function servicesOf(handlers: Map<string, HandlerSpec[]>, x: Obj | undefined): ServiceSpec[] {
  for (const u of Array.isArray(x?.handlers) ? x!.handlers : []) {
    if (isObj(u) && typeof u.service === 'string' && isObj(u.handler)) handlers.set(u.service, [...(handlers.get(u.service) ?? []), u.handler as unknown as HandlerSpec]);
  }
  const listed = Array.isArray(x?.services) ? x!.services.filter(isObj) : [];
  const out: ServiceSpec[] = [];
  for (const s of listed) {
    if (typeof s.name !== 'string') continue;
    const own = handlers.get(s.name) ?? [];
    const order = Array.isArray(s.handlers) ? s.handlers : [];
    const sorted = [...own].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    const { handlers: _h, ...settings } = s;
    out.push({ ...(settings as unknown as Omit<ServiceSpec, 'handlers'>), handlers: sorted });
    handlers.delete(s.name);
  }
  for (const [name, list] of handlers) out.push({ name, handlers: list });
  return out;
}

function brokerOfDocument(doc: AsyncAPIDocumentInterface, unmapped: Unmapped[]): BrokerKind {
  for (const s of doc.servers()) {
    const own = ext(s, 'x-brokerlab-broker');
    if (typeof own === 'string' && ['generic', 'servicebus', 'rabbitmq', 'kafka'].includes(own)) return own as BrokerKind;
    const { broker, exact } = brokerOfProtocol(s.protocol());
    if (!exact) unmapped.push({ path: `servers.${s.id()}.protocol`, reason: `Brokerlab has no ${s.protocol()} broker model: the channels run on the generic queue broker` });
    return broker;
  }
  for (const ch of doc.channels()) for (const b of ch.bindings()) {
    if (b.protocol() === 'amqp') return 'rabbitmq';
    if (b.protocol() === 'kafka') return 'kafka';
  }
  unmapped.push({ path: 'servers', reason: 'no server says which broker: the channels run on the generic queue broker' });
  return 'generic';
}

function entityOfChannel(ch: ChannelInterface, broker: BrokerKind): EntitySpec {
  const address = ch.address();
  // A parameterised address ("lights.{id}.on") is one entity for every value of its parameters.
  const plain = address && !address.includes('{') ? address : !ch.id().includes('{') ? ch.id() : ch.id().replace(/[{}]/g, '');
  const amqp = ch.bindings().get('amqp')?.value() as Obj | undefined;
  const kafka = ch.bindings().get('kafka')?.value() as Obj | undefined;
  if (broker === 'rabbitmq' && amqp?.is === 'routingKey') {
    const ex = isObj(amqp.exchange) ? amqp.exchange : {};
    const type = typeof ex.type === 'string' && ['topic', 'direct', 'fanout', 'headers'].includes(ex.type) ? ex.type : ex.type === 'default' ? 'direct' : 'topic';
    return { type: 'exchange', name: typeof ex.name === 'string' ? ex.name : plain, exchangeType: type };
  }
  if (broker === 'rabbitmq') {
    const q = isObj(amqp?.queue) ? amqp!.queue : {};
    return { type: 'queue', name: typeof q.name === 'string' && !q.name.includes('{') ? q.name : plain };
  }
  if (broker === 'kafka') {
    const partitions = typeof kafka?.partitions === 'number' && kafka.partitions > 0 ? kafka.partitions : 1;
    const e: EntitySpec = { type: 'topic', name: typeof kafka?.topic === 'string' ? kafka.topic : plain, partitions };
    if (typeof kafka?.replicas === 'number' && kafka.replicas > 0) e.replicationFactor = kafka.replicas;
    return e;
  }
  return { type: 'queue', name: plain };
}

/** The entity a receive operation consumes: its channel's, or on an exchange a queue bound to it. */
function consumerEntity(ch: ChannelInterface, op: OperationInterface, broker: BrokerKind, entities: EntitySpec[], entityOf: Map<string, string>, messages: MessageSpec[], types: string[]): string {
  const name = entityOf.get(ch.id())!;
  const entity = entities.find((e) => e.name === name);
  if (broker !== 'rabbitmq' || entity?.type !== 'exchange') return name;
  const queue = `${name}.${nameFrom(op.id() ?? '', 'consumer')}`;
  const keys: (string | undefined)[] = entity.exchangeType === 'topic' ? ['#'] : entity.exchangeType === 'direct' ? types.map((t) => messages.find((m) => m.type === t)?.routingKey ?? t) : [undefined];
  const bindings: Json[] = keys.map((key): Json => (key === undefined ? { exchange: name } : { exchange: name, key }));
  entities.push({ type: 'queue', name: queue, bindings });
  return queue;
}

/** A Kafka consumer's group from its `groupId` binding (a schema: its const or first enum value). */
function receiveOptions(op: OperationInterface, broker: BrokerKind): Partial<HandlerSpec> {
  if (broker !== 'kafka') return {};
  const kafka = op.bindings().get('kafka')?.value() as Obj | undefined;
  const g = isObj(kafka?.groupId) ? kafka!.groupId : undefined;
  const groupId = typeof g?.const === 'string' ? g.const : Array.isArray(g?.enum) && typeof g.enum[0] === 'string' ? g.enum[0] : undefined;
  return { options: { autoOffsetReset: 'earliest', ...(groupId ? { groupId } : {}) } };
}

/** A message's name: its own, its id unless the parser made it up (2.x), else its operation's or channel's. */
function messageName(m: MessageInterface, ch: ChannelInterface): string {
  const id = m.id() as string | undefined;
  const name = m.name() ?? (id && !id.startsWith('<') ? id : undefined);
  if (name) return nameFrom(name, 'Message');
  const op = m.operations().all()[0];
  return nameFrom(op?.id() ?? ch.id(), 'Message');
}

/** Another name for a message whose name a message on another channel already has: its key in this channel, else this channel's operation's. */
function alternativeName(m: MessageInterface, ch: ChannelInterface, taken: string): string {
  const id = m.id() as string | undefined;
  if (id && !id.startsWith('<') && id !== taken) return id;
  return ch.operations().all()[0]?.id() ?? taken;
}

function uniqueType(messages: MessageSpec[], id: string, channel: string): string {
  const base = nameFrom(id, 'Message');
  if (!messages.some((m) => m.type === base)) return base;
  const withChannel = `${base}-${nameFrom(channel, 'channel')}`;
  let type = withChannel;
  for (let i = 2; messages.some((m) => m.type === type); i++) type = `${withChannel}-${i}`;
  return type;
}
