// per-key-order: messages with the same key (partition key, session id, order id) are
// processed by each consumer in the order they were published. Reorders on the way, retries
// of one message while the next one goes ahead, and parallel consumers all break it; the
// explanation says which of these happened to the message that fell behind.
// Options: { consumers?: ["Service/Handler"] } to limit the check; { keyField: "orderId" } takes
// the key from the body (the business key) instead of the message key, so a message keyed by
// something else cannot pass by having its own order kept; { minPartitions: n } also
// asks that the messages those consumers processed came from at least n partitions — one key
// for everything keeps order trivially, but turns the topic into a single queue that one
// consumer works through while the others idle (`not-spread`).

import type { Check, CheckError } from './types';
import type { TraceEvent, TraceEventOf } from '../trace/types';
import { chain, formatTicks, indexTrace, refsOf, typeOf, whyAgain } from './why';

interface Options {
  consumers?: string[];
  keyField?: string;
  minPartitions?: number;
  minSessions?: number;
}

export const perKeyOrder: Check = {
  name: 'per-key-order',
  title: 'Per-key order',
  description: 'Messages with the same key are processed by each consumer in publish order.',
  run({ trace, options }) {
    const opts = (options ?? {}) as Options;
    const idx = indexTrace(trace);
    const keyOf = new Map<string, { key: string; seq: number }>();
    const keyField = opts.keyField;
    const keyIn = (e: TraceEventOf<'message.published'>): string | undefined => {
      if (keyField === undefined) return e.data.key;
      const v = e.data.body && typeof e.data.body === 'object' && !Array.isArray(e.data.body) ? e.data.body[keyField] : undefined;
      return v === undefined || v === null ? undefined : String(v);
    };
    for (const e of trace) {
      if (e.kind !== 'message.published' || !e.messageId || keyOf.has(e.messageId)) continue;
      const key = keyIn(e);
      if (key !== undefined) keyOf.set(e.messageId, { key, seq: e.seq });
    }
    // consumer → key → latest publish seq processed so far (and which message)
    const latest = new Map<string, { seq: number; messageId: string; done: TraceEvent }>();
    const processed = new Set<string>();
    const errors: CheckError[] = [];
    for (const e of trace) {
      if (e.kind !== 'handler.completed' || !e.deliveryId || !e.messageId) continue;
      const consumer = `${e.data.service}/${e.data.handler}`;
      if (opts.consumers && !opts.consumers.includes(consumer)) continue;
      const k = keyOf.get(e.messageId);
      if (!k || processed.has(`${consumer}|${e.messageId}`)) continue;
      processed.add(`${consumer}|${e.messageId}`);
      const slot = `${consumer}|${k.key}`;
      const prev = latest.get(slot);
      if (prev && prev.seq > k.seq) {
        const links = whyAgain(idx, e.messageId, k.seq, e.seq);
        errors.push({
          anomaly: 'out-of-order',
          explanation: chain(
            [{ seq: k.seq, text: `${e.messageId} (${typeOf(idx, e.messageId)}) published first` }, ...links, { seq: prev.done.seq, text: `${prev.messageId}, published after it, was processed by ${e.data.service} at ${formatTicks(prev.done.tick)}` }],
            `${e.messageId} processed at ${formatTicks(e.tick)}, out of order for key ${k.key}`,
          ),
          eventRefs: refsOf(links, k.seq, prev.seq, prev.done.seq, e.seq),
        });
      } else latest.set(slot, { seq: k.seq, messageId: e.messageId, done: e });
    }
    if (opts.minPartitions !== undefined) errors.push(...spread(trace, processed, opts.minPartitions, keyOf, 'partition'));
    if (opts.minSessions !== undefined) errors.push(...spread(trace, processed, opts.minSessions, keyOf, 'SessionId'));
    return errors;
  },
};

/** The partitions (or sessions) the processed messages were appended to: fewer than `min` is `not-spread`. */
function spread(trace: readonly TraceEvent[], processed: Set<string>, min: number, keyOf: Map<string, { key: string; seq: number }>, prop: 'partition' | 'SessionId'): CheckError[] {
  const ids = new Set([...processed].map((p) => p.slice(p.indexOf('|') + 1)));
  const partitions = new Map<number | string, number>();
  const refs: number[] = [];
  for (const e of trace) {
    if (e.kind !== 'message.enqueued' || !e.messageId || !ids.has(e.messageId)) continue;
    const where = e.data.props[prop];
    if ((typeof where !== 'number' && typeof where !== 'string') || partitions.has(where)) continue;
    partitions.set(where, e.seq);
    refs.push(e.seq);
  }
  if (ids.size === 0 || partitions.size >= min) return [];
  const keys = new Set([...ids].map((id) => keyOf.get(id)?.key));
  if (prop === 'SessionId') {
    return [{
      anomaly: 'not-spread',
      explanation: `${ids.size} message(s) under ${keys.size} key(s) all carried SessionId${partitions.size === 1 ? '' : 's'} ${[...partitions.keys()].map((k) => `"${k}"`).join(', ')}: at least ${min} sessions should share the work — one session is one FIFO that one receiver holds at a time, so unrelated messages wait for each other while the other receivers idle`,
      eventRefs: refs,
    }];
  }
  return [{
    anomaly: 'not-spread',
    explanation: `${ids.size} message(s) under ${keys.size} key(s) all went to partition${partitions.size === 1 ? '' : 's'} ${[...partitions.keys()].join(', ')}: at least ${min} partitions should share the work — a key that is the same for unrelated records keeps their order, but one consumer then works through everything while the others idle`,
    eventRefs: refs,
  }];
}
