// per-key-order: messages with the same key (partition key, session id, order id) are
// processed by each consumer in the order they were published. Reorders on the way, retries
// of one message while the next one goes ahead, and parallel consumers all break it; the
// explanation says which of these happened to the message that fell behind.
// Options: { consumers?: ["Service/Handler"] } to limit the check.

import type { Check, CheckError } from './types';
import type { TraceEvent } from '../trace/types';
import { chain, formatTicks, indexTrace, refsOf, typeOf, whyAgain } from './why';

interface Options {
  consumers?: string[];
}

export const perKeyOrder: Check = {
  name: 'per-key-order',
  title: 'Per-key order',
  description: 'Messages with the same key are processed by each consumer in publish order.',
  run({ trace, options }) {
    const opts = (options ?? {}) as Options;
    const idx = indexTrace(trace);
    const keyOf = new Map<string, { key: string; seq: number }>();
    for (const e of trace) if (e.kind === 'message.published' && e.data.key !== undefined && e.messageId && !keyOf.has(e.messageId)) keyOf.set(e.messageId, { key: e.data.key, seq: e.seq });
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
    return errors;
  },
};
