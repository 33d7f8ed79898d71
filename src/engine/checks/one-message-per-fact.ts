// one-message-per-fact: each listed service learns of each business key (an order) from one
// message. A redelivery of that message is the same message and fine (the broker is
// at-least-once); a second message about the same key is a second fact, or the same fact told
// twice: a producer that still commands a consumer next to the event it now publishes (so it
// still names who listens), or two versions of a contract published side by side on one topic,
// whose every subscription gets both. A reader idempotent by business key hides either from
// the effect checks; the messages do not lie. Read from the trace: which message each handler
// started on, keyed by the published key (the catalog's keyField).
//   { services: ['Billing', 'Loyalty'], describe? }

import type { Check, CheckError } from './types';
import type { Json } from '../scenario/json';
import type { TraceEvent } from '../trace/types';
import { formatTicks, indexTrace } from './why';

interface Options {
  services: string[];
  describe?: string;
}

const optionsOf = (options: unknown): Options => {
  const o = options as Partial<Options> | null;
  return { services: Array.isArray(o?.services) ? o.services : [], ...(typeof o?.describe === 'string' ? { describe: o.describe } : {}) };
};

/** The business key a published message is about: its key, else its body's keyField. */
function keyOf(e: TraceEvent | undefined, keyFields: Map<string, string>): string | undefined {
  if (e?.kind !== 'message.published') return undefined;
  if (e.data.key !== undefined) return e.data.key;
  const field = keyFields.get(e.data.type);
  const body = e.data.body;
  const v = field && body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, Json>)[field] : undefined;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** "OrderPlaced v2 m-4 (an event Ordering published at 250 ms)". */
function describeMessage(e: TraceEvent): string {
  if (e.kind !== 'message.published') return e.messageId ?? '?';
  const v = e.data.headers?.schemaVersion;
  return `${e.data.type}${typeof v === 'number' ? ` v${v}` : ''} ${e.messageId} (${e.data.messageKind === 'command' ? 'a command' : 'an event'} ${e.actor} sent at ${formatTicks(e.tick)} ms)`;
}

export const oneMessagePerFact: Check = {
  name: 'one-message-per-fact',
  title: 'One message per fact',
  description: 'Each listed service learns of each business key from one message (a redelivery is the same message): not a command and an event about the same order, not two versions of one event.',
  validate(options, scenario) {
    const services = (options as { services?: unknown } | null)?.services;
    if (!Array.isArray(services) || services.length === 0) return [{ path: 'services', message: 'must be a non-empty list of service names' }];
    return services.flatMap((s, i) => (typeof s === 'string' && scenario.services.some((x) => x.name === s) ? [] : [{ path: `services[${i}]`, message: `no service named ${JSON.stringify(s)}` }]));
  },
  run({ trace, scenario, options }) {
    const { services, describe } = optionsOf(options);
    const watched = new Set(services);
    const keyFields = new Map(scenario.messages.flatMap((m) => (m.keyField ? [[m.type, m.keyField] as const] : [])));
    const idx = indexTrace(trace);
    // service → key → the messages (by id) its handlers started on, first start of each.
    const told = new Map<string, Map<string, Map<string, TraceEvent>>>();
    const errors: CheckError[] = [];
    for (const e of trace) {
      if (e.kind !== 'handler.started' || !e.messageId || !watched.has(e.data.service)) continue;
      const published = idx.published.get(e.messageId);
      const key = keyOf(published, keyFields);
      if (key === undefined || !published) continue;
      let byKey = told.get(e.data.service);
      if (!byKey) told.set(e.data.service, (byKey = new Map()));
      let messages = byKey.get(key);
      if (!messages) byKey.set(key, (messages = new Map()));
      if (messages.has(e.messageId)) continue;
      messages.set(e.messageId, e);
      if (messages.size !== 2) continue;
      const [first, second] = [...messages.keys()].map((id) => idx.published.get(id)!);
      errors.push({
        anomaly: 'told-twice',
        explanation: `${e.data.service} learned of ${key} from two messages: ${describeMessage(first!)} and ${describeMessage(second!)} — one fact is one message (a redelivery is the same message; a second message is a second fact)${describe ? ` — ${describe}` : ''}`,
        eventRefs: [first!.seq, second!.seq, ...[...messages.values()].map((s) => s.seq)],
      });
    }
    return errors;
  },
};
