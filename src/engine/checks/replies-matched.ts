// replies-matched: request–reply over messaging, judged where it goes wrong — the requester
// stores each reply against the request it answers. The trace knows which request a reply
// answers whatever headers the code set: the replier sends the reply while handling the request,
// so the reply's causation id is the request's message id. A reply stored under another
// request's key ("the oldest waiting quote", "this customer's quote") is `reply-mismatched`; a
// reply the requester processed while its request has no answer stored is `reply-unmatched` (a
// correlation kept in memory and lost in a restart, an id it cannot find). A second reply to a
// request already answered (the request was sent twice, the replier answered twice) may be
// ignored.
//   { requests: "GetQuote", replies: "QuoteReady", keyField: "requestId", service: "Requester", table: "quotes", describe? }

import type { Check, CheckError } from './types';
import type { Json } from '../scenario/json';
import { formatTicks } from './why';

interface Options {
  /** Message type of the requests. */
  requests: string;
  /** Message type of the replies. */
  replies: string;
  /** Request body field that names the request (its row key in `table`). */
  keyField: string;
  /** The requester: the service whose database holds the answers… */
  service: string;
  /** …in this table, one row per request. */
  table: string;
  describe?: string;
}

/** How many problems a failure lists (the first ones). */
const SHOWN_MAX = 3;

function field(body: Json | undefined, name: string): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const v = body[name];
  return v === undefined || v === null ? undefined : String(v);
}

export const repliesMatched: Check = {
  name: 'replies-matched',
  title: 'Replies matched to their requests',
  description: 'The requester stores every reply under the request it answers (the request whose handling sent it).',
  validate(options) {
    const o = (options ?? {}) as Record<string, unknown>;
    const issues: { path: string; message: string }[] = [];
    for (const k of ['requests', 'replies', 'keyField', 'service', 'table']) if (typeof o[k] !== 'string' || o[k] === '') issues.push({ path: k, message: 'must be a non-empty string' });
    if (o.describe !== undefined && typeof o.describe !== 'string') issues.push({ path: 'describe', message: 'must be a string' });
    return issues;
  },
  run({ trace, options }) {
    const o = options as unknown as Options;
    const requestKey = new Map<string, string>();
    const answers = new Map<string, { request: string; seq: number }>();
    for (const e of trace) {
      if (e.kind !== 'message.published' || !e.messageId) continue;
      if (e.data.type === o.requests && !requestKey.has(e.messageId)) {
        const key = field(e.data.body, o.keyField);
        if (key !== undefined) requestKey.set(e.messageId, key);
      } else if (e.data.type === o.replies && e.causationId && requestKey.has(e.causationId) && !answers.has(e.messageId)) {
        answers.set(e.messageId, { request: e.causationId, seq: e.seq });
      }
    }
    const goal = o.describe ? ` — ${o.describe}` : '';
    const mismatched: CheckError[] = [];
    const answered = new Set<string>();
    for (const e of trace) {
      if (e.kind !== 'db.committed' || e.data.service !== o.service || !e.messageId) continue;
      const answer = answers.get(e.messageId);
      if (!answer) continue;
      const own = requestKey.get(answer.request)!;
      for (const w of e.data.writes) {
        if (w.table !== o.table) continue;
        if (w.key === own) answered.add(answer.request);
        else {
          mismatched.push({
            anomaly: 'reply-mismatched',
            explanation: `${e.messageId} is the reply to ${answer.request} (${o.keyField} ${own}), but ${o.service} stored it as ${o.table} ${w.key} at ${formatTicks(e.tick)} ms: ${w.key} now shows another request's answer${goal}`,
            eventRefs: [answer.seq, e.seq],
          });
        }
      }
    }
    const unmatched: CheckError[] = [];
    const done = new Set<string>();
    for (const e of trace) {
      if (e.kind !== 'handler.completed' || e.data.service !== o.service || !e.messageId || !e.deliveryId || done.has(e.messageId)) continue;
      const answer = answers.get(e.messageId);
      if (!answer || answered.has(answer.request)) continue;
      done.add(e.messageId);
      const own = requestKey.get(answer.request)!;
      unmatched.push({
        anomaly: 'reply-unmatched',
        explanation: `${e.messageId}, the reply to ${answer.request} (${o.keyField} ${own}), was processed by ${o.service} at ${formatTicks(e.tick)} ms without being stored as ${o.table} ${own}: the requester could not tell which request it answers${goal}`,
        eventRefs: [answer.seq, e.seq],
      });
    }
    const errors = [...mismatched, ...unmatched];
    if (errors.length <= SHOWN_MAX) return errors;
    const rest = errors.length - SHOWN_MAX;
    return [...errors.slice(0, SHOWN_MAX - 1), { ...errors[SHOWN_MAX - 1]!, explanation: `${errors[SHOWN_MAX - 1]!.explanation} (and ${rest} more)` }];
  },
};
