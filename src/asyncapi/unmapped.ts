// The parts of an AsyncAPI document a scenario has no place for, each with its path and why:
// servers' hosts and security (one simulated broker, no network or credentials), channel
// parameters (one entity for every value), bindings of protocols without a broker model and
// binding fields the simulator does not model, operation replies, security and traits,
// message headers and correlation ids, and messages no channel carries.

import type { AsyncAPIDocumentInterface } from '@asyncapi/parser';
import type { Json } from '../engine/scenario/json';
import type { Unmapped } from './types';

type Obj = { [key: string]: Json };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isOwn = (model: { extensions(): { get(id: string): unknown } }, id: string) => model.extensions().get(id) !== undefined;

/** Binding fields that do map, per protocol and place; any other field of a known protocol is listed. */
const MAPPED_FIELDS: Record<string, Record<string, string[]>> = {
  channel: { amqp: ['is', 'exchange.name', 'exchange.type', 'queue.name', 'bindingVersion'], kafka: ['topic', 'partitions', 'replicas', 'bindingVersion'] },
  operation: { amqp: ['bindingVersion'], kafka: ['groupId', 'bindingVersion'] },
  message: { amqp: ['bindingVersion', 'messageType'], kafka: ['bindingVersion'] },
};

function bindingProblems(where: 'channel' | 'operation' | 'message', path: string, bindings: Iterable<{ protocol(): string; value(): unknown }>): Unmapped[] {
  const out: Unmapped[] = [];
  for (const b of bindings) {
    const known = MAPPED_FIELDS[where][b.protocol()];
    if (!known) {
      out.push({ path: `${path}.bindings.${b.protocol()}`, reason: `no ${b.protocol()} broker model: ${JSON.stringify(b.value()).slice(0, 120)} is not simulated` });
      continue;
    }
    const value = b.value();
    if (!isObj(value)) continue;
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('x-')) continue;
      const fields = isObj(v) && k !== 'groupId' && k !== 'clientId' && k !== 'key' ? Object.keys(v).map((f) => `${k}.${f}`) : [k];
      for (const f of fields) if (!known.includes(f)) out.push({ path: `${path}.bindings.${b.protocol()}.${f}`, reason: `${where} binding field not simulated (${JSON.stringify(isObj(v) && f.includes('.') ? v[f.split('.')[1]] : v).slice(0, 80)})` });
    }
  }
  return out;
}

/** A model getter that may throw on odd input (v2 servers' host() parses the url). */
function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

export function unmappedParts(doc: AsyncAPIDocumentInterface, carried: Set<unknown>): Unmapped[] {
  const out: Unmapped[] = [];
  for (const s of doc.servers()) {
    if (isOwn(s, 'x-brokerlab-broker')) continue;
    const parts = [`address ${safe(() => s.url()) ?? safe(() => s.host()) ?? '?'}`, ...(s.security().length > 0 ? ['security'] : []), ...(s.variables().length > 0 ? ['variables'] : []), ...(s.bindings().length > 0 ? ['bindings'] : [])];
    out.push({ path: `servers.${s.id()}`, reason: `${parts.join(', ')}: the simulator runs one broker of its own, with no network address or credentials` });
  }
  for (const ch of doc.channels()) {
    if (isOwn(ch, 'x-brokerlab-entity') || isOwn(ch, 'x-brokerlab-derived-from')) continue;
    const at = `channels.${ch.id()}`;
    if (ch.parameters().length > 0) out.push({ path: `${at}.parameters`, reason: `one entity stands for every value of ${ch.parameters().all().map((p) => `{${p.id()}}`).join(', ')}` });
    out.push(...bindingProblems('channel', at, ch.bindings()));
  }
  for (const op of doc.operations()) {
    if (isOwn(op, 'x-brokerlab-handler') || isOwn(op, 'x-brokerlab-sends-from')) continue;
    const at = `operations.${op.id()}`;
    if (op.reply()) out.push({ path: `${at}.reply`, reason: 'request/reply is not generated: the template handler does not answer; write the reply in its code' });
    if (op.security().length > 0) out.push({ path: `${at}.security`, reason: 'security requirements are not simulated' });
    out.push(...bindingProblems('operation', at, op.bindings()));
  }
  for (const m of doc.messages()) {
    if (isOwn(m, 'x-brokerlab-message')) continue;
    const at = `messages.${m.name() ?? m.id()}`;
    if (!carried.has(m.json())) out.push({ path: at, reason: 'no channel carries this message: no message type made for it' });
    if (m.hasHeaders()) {
      const schema = m.headers()?.json() as unknown;
      const names = isObj(schema) && isObj(schema.properties) ? Object.keys(schema.properties).join(', ') : '';
      out.push({ path: `${at}.headers`, reason: `header schema${names ? ` (${names})` : ''} not simulated: a handler sets headers in its code` });
    }
    if (m.hasCorrelationId()) out.push({ path: `${at}.correlationId`, reason: `correlation id at ${m.correlationId()?.location() ?? '?'}: the simulator carries its own correlation id on every message` });
    out.push(...bindingProblems('message', at, m.bindings()));
  }
  return out;
}
