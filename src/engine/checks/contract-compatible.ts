// contract-compatible: every published message fits the contract version it claims, and every
// consumer that received it could read it with the version it was built against. The first
// catches a producer that says "v2" but sends something else; the second is the breaking
// change — a field an old consumer requires was removed, renamed or retyped. Extra fields never
// fail a reader (consumers are tolerant readers): that is why additive changes are safe. But a
// message claims the version whose fields it carries: a field only a later version defines,
// under an older version's label (v1 with v2's currency), is a new contract shipped as the old
// one — a schema-aware reader of v2 reads a v1 message as having no currency.

import type { Check, CheckError } from './types';
import type { Json } from '../scenario/json';
import type { MessageSpec } from '../scenario/types';
import { contractProblems, publishedVersion, schemaFields } from '../patterns/contracts';

export const contractCompatible: Check = {
  name: 'contract-compatible',
  title: 'Contracts hold',
  description: 'Published messages fit the schema version they claim, and every consumer can read them with the version it expects.',
  run({ trace, scenario }) {
    const catalog = new Map(scenario.messages.map((m) => [m.type, m]));
    const handlers = new Map<string, { service: string; handler: (typeof scenario.services)[number]['handlers'][number] }>(scenario.services.flatMap((s) => s.handlers.map((h) => [`${s.name}/${h.name}`, { service: s.name, handler: h }] as const)));
    const published = new Map<string, { type: string; body: Json; version: number | undefined; seq: number; producer: string }>();
    const errors: CheckError[] = [];
    const seen = new Set<string>();
    for (const e of trace) {
      if (e.kind === 'message.published' && e.messageId) {
        const spec = catalog.get(e.data.type);
        const version = publishedVersion(e.data.headers, spec);
        published.set(e.messageId, { type: e.data.type, body: e.data.body, version, seq: e.seq, producer: e.actor });
        const fields = schemaFields(spec, version);
        if (!fields || seen.has(`pub ${e.messageId}`)) continue;
        seen.add(`pub ${e.messageId}`);
        if (spec?.schema && version !== undefined && !spec.schema[String(version)]) {
          errors.push({ anomaly: 'unknown-version', explanation: `${e.actor} published ${e.data.type} ${e.messageId} as v${version}, a version the catalog does not define`, eventRefs: [e.seq] });
          continue;
        }
        const problems = contractProblems(e.data.body, fields);
        if (problems.length) errors.push({ anomaly: 'invalid-message', explanation: `${e.actor} published ${e.data.type} ${e.messageId} as v${version} but it does not fit v${version}: ${problems.join('; ')}`, eventRefs: [e.seq] });
        else {
          const later = laterFields(e.data.body, spec!, version);
          if (later.length) errors.push({ anomaly: 'stale-version', explanation: `${e.actor} published ${e.data.type} ${e.messageId} as v${version} but it carries ${later.map(([f, v]) => `"${f}", a field v${v} added`).join(', ')}: the version a message claims is how its readers know what it holds — a v${later[0]![1]} reader reads a v${version} message as having no ${later[0]![0]} (publish it as v${later[0]![1]})`, eventRefs: [e.seq] });
        }
      } else if (e.kind === 'message.delivered' && e.messageId) {
        const pub = published.get(e.messageId);
        const consumer = consumerOf(handlers, e.data.consumer, e.data.entity);
        const expects = consumer?.handler.expects?.[pub?.type ?? ''];
        if (!pub || !consumer || expects === undefined) continue;
        const key = `${e.messageId} ${consumer.service}/${consumer.handler.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const fields = schemaFields(catalog.get(pub.type), expects);
        if (!fields) continue;
        const problems = contractProblems(pub.body, fields);
        if (problems.length) {
          errors.push({
            anomaly: 'breaking-change',
            explanation: `${pub.producer} published ${pub.type} ${e.messageId} as v${pub.version ?? '?'}; ${consumer.service}.${consumer.handler.name} reads v${expects} and cannot: ${problems.join('; ')}`,
            eventRefs: [pub.seq, e.seq],
          });
        }
      }
    }
    return errors;
  },
};

/**
 * Fields of `body` that the claimed version does not define and a later version of the catalog
 * does: content of a newer contract under an older label (with the first version that defines each).
 */
function laterFields(body: Json, spec: MessageSpec, version: number | undefined): [string, number][] {
  if (version === undefined || !body || typeof body !== 'object' || Array.isArray(body)) return [];
  const claimed = schemaFields(spec, version) ?? {};
  const later = Object.keys(spec.schema ?? {}).map(Number).filter((v) => Number.isInteger(v) && v > version).sort((a, b) => a - b);
  const out: [string, number][] = [];
  for (const field of Object.keys(body)) {
    if (Object.hasOwn(claimed, field)) continue;
    const v = later.find((n) => Object.hasOwn(spec.schema![String(n)] ?? {}, field));
    if (v !== undefined) out.push([field, v]);
  }
  return out;
}

/** The handler behind a delivery: consumer ids are "Service", "Service/Handler" or "Service#n", depending on the broker. */
function consumerOf<T extends { service: string; handler: { consumes?: string } }>(handlers: Map<string, T>, consumer: string, entity: string): T | undefined {
  const exact = handlers.get(consumer);
  if (exact) return exact;
  for (const h of handlers.values()) {
    if (h.handler.consumes !== entity) continue;
    if (consumer === h.service || consumer.startsWith(`${h.service}#`) || consumer.startsWith(`${h.service}/`)) return h;
  }
  return undefined;
}
