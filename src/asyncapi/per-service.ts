// One service's AsyncAPI 3.0 document, beside the system's: the team that owns a service
// publishes what it receives and sends, not the whole system. It is the system document
// (export.ts) narrowed to that service's operations, the channels they use and the messages
// those channels carry; the servers stay. It describes the service; it does not carry the
// scenario (no `x-brokerlab` block), so importing it gives that service's view only.

import type { Json } from '../engine/scenario/json';
import type { Scenario } from '../engine/scenario/types';
import { scenarioToAsyncApi } from './export';

type Obj = { [key: string]: Json };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const refTail = (ref: unknown, prefix: string): string | undefined => (typeof ref === 'string' && ref.startsWith(prefix) ? ref.slice(prefix.length).split('/')[0] : undefined);

/** The service an exported operation belongs to. */
function serviceOf(op: Obj): string | undefined {
  for (const key of ['x-brokerlab-handler', 'x-brokerlab-sends-from']) {
    const v = op[key];
    if (isObj(v) && typeof v.service === 'string') return v.service;
  }
  return undefined;
}

/** The AsyncAPI 3.0 document of one service of the scenario (plain JSON data). */
export function serviceToAsyncApi(scenario: Scenario, service: string): Obj {
  const system = scenarioToAsyncApi(scenario);
  const operations: Obj = {};
  const channelKeys = new Set<string>();
  for (const [key, op] of Object.entries(system.operations as Obj)) {
    if (!isObj(op) || serviceOf(op) !== service) continue;
    operations[key] = op;
    const channel = refTail(isObj(op.channel) ? op.channel.$ref : undefined, '#/channels/');
    if (channel) channelKeys.add(channel);
  }
  const channels: Obj = {};
  const messageKeys = new Set<string>();
  for (const key of channelKeys) {
    const channel = (system.channels as Obj)[key];
    channels[key] = channel!;
    if (isObj(channel) && isObj(channel.messages)) for (const m of Object.values(channel.messages)) {
      const name = refTail(isObj(m) ? m.$ref : undefined, '#/components/messages/');
      if (name) messageKeys.add(name);
    }
  }
  const allMessages = (system.components as Obj).messages as Obj;
  const messages: Obj = {};
  for (const key of Object.keys(allMessages)) if (messageKeys.has(key)) messages[key] = allMessages[key]!;
  const info = system.info as Obj;
  return {
    asyncapi: system.asyncapi!,
    id: `${String(system.id)}:service:${service.replace(/[^A-Za-z0-9._-]+/g, '-')}`,
    info: { ...info, title: `${service} (${String(info.title)})`, description: `What ${service} receives and sends in "${String(info.title)}", as Brokerlab simulates it.` },
    defaultContentType: system.defaultContentType!,
    servers: system.servers!,
    channels,
    operations,
    components: { messages },
    'x-brokerlab-service': service,
  };
}
