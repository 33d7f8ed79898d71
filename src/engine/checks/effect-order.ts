// effect-order: what the outside world saw arrived in order. An external system (a user's
// phone, a webhook receiver) records every call it received (`external.called`, applied); for
// each key (`keyFields` of the call's body, e.g. userId and channel) the `orderField` values
// (the user's event sequence number) must never go down. This is per-key order judged where it
// matters — on the effect — so a fan-out that publishes a user's notifications under different
// keys, or a retry that puts a failed notification back at the end of the topic, fails here even
// though every message was processed. A repeated value (a duplicate) is not a reorder:
// no-duplicate-effect judges that.
//   { external, keyFields: ["userId", "channel"], orderField: "seq", describe? }

import type { Check, CheckError } from './types';
import type { Json } from '../scenario/json';
import { formatTicks } from './why';

interface Options {
  external: string;
  keyFields: string[];
  orderField: string;
  describe?: string;
}

/** How many reorders a failure lists (the first ones). */
const SHOWN_MAX = 3;

function field(body: Json, name: string): Json | undefined {
  return body && typeof body === 'object' && !Array.isArray(body) ? body[name] : undefined;
}

/** Every reorder of an external's applied calls: a call whose order value is below one applied before it for the same key. */
export function effectReorders(trace: Parameters<Check['run']>[0]['trace'], o: Options): { key: string; value: number; before: number; seq: number; beforeSeq: number; tick: number }[] {
  const latest = new Map<string, { value: number; seq: number }>();
  const out: { key: string; value: number; before: number; seq: number; beforeSeq: number; tick: number }[] = [];
  for (const e of trace) {
    if (e.kind !== 'external.called' || e.data.external !== o.external || e.data.outcome !== 'applied') continue;
    const value = Number(field(e.data.body, o.orderField));
    if (!Number.isFinite(value)) continue;
    const key = o.keyFields.map((f) => String(field(e.data.body, f) ?? '')).join('/');
    const prev = latest.get(key);
    if (prev && value < prev.value) out.push({ key, value, before: prev.value, seq: e.seq, beforeSeq: prev.seq, tick: e.tick });
    else latest.set(key, { value, seq: e.seq });
  }
  return out;
}

export const effectOrder: Check = {
  name: 'effect-order',
  title: 'Effects in order per key',
  description: 'An external receives each key\'s calls in the order of their orderField.',
  validate(options, scenario) {
    const o = (options ?? {}) as Partial<Record<keyof Options, unknown>>;
    const issues: { path: string; message: string }[] = [];
    if (typeof o.external !== 'string' || !(scenario.externals ?? []).some((x) => x.name === o.external)) issues.push({ path: 'external', message: `must name an external of the scenario (known: ${(scenario.externals ?? []).map((x) => x.name).join(', ') || 'none'})` });
    if (!Array.isArray(o.keyFields) || o.keyFields.length === 0 || !o.keyFields.every((f) => typeof f === 'string')) issues.push({ path: 'keyFields', message: 'must list body fields' });
    if (typeof o.orderField !== 'string') issues.push({ path: 'orderField', message: 'must be a body field' });
    return issues;
  },
  run({ trace, options }) {
    const o = options as unknown as Options;
    const reorders = effectReorders(trace, o);
    if (reorders.length === 0) return [];
    const goal = o.describe ? ` — ${o.describe}` : '';
    const shown = reorders.slice(0, SHOWN_MAX);
    const error: CheckError = {
      anomaly: 'out-of-order',
      explanation: `${o.external} saw ${reorders.length} call${reorders.length === 1 ? '' : 's'} out of order: ${shown.map((r) => `${r.key} got ${o.orderField} ${r.value} at ${formatTicks(r.tick)} ms after ${o.orderField} ${r.before}`).join('; ')}${reorders.length > SHOWN_MAX ? '; …' : ''}${goal}`,
      eventRefs: shown.flatMap((r) => [r.beforeSeq, r.seq]).sort((a, b) => a - b),
    };
    return [error];
  },
};
