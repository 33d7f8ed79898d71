// effects-due: a delayed effect happened, to the right things, when it was due — as the outside
// world saw it. A reminder e-mail sent 10 minutes after an unpaid order is judged at the Mailer
// (`external.called`, applied), never by rows the handler wrote about it: a handler can write
// "checked 600 s after the order" and "reminded" without anything having waited or been sent.
// The clock of each key starts when the message of `from.type` naming it was published; its
// effect must come `afterTicks` later (not before), within `withinTicks`; exactly the listed
// keys get one, and no others.
//   { external: "Mailer", keys: ["order-3", "order-5"], from: { type: "OrderPlaced", keyField: "orderId" },
//     afterTicks: 600000, withinTicks: 60000, describe? }
// Anomalies: `effect-missing` (a listed key never got its effect), `effect-early` / `effect-late`
// (outside its window), `effect-unexpected` (a key not listed got one).

import type { Check, CheckError } from './types';
import type { Json } from '../scenario/json';
import { formatTicks } from './why';

interface Options {
  external: string;
  keys: string[];
  from: { type: string; keyField: string };
  afterTicks: number;
  withinTicks: number;
  describe?: string;
}

const isTicks = (v: unknown, min: number) => typeof v === 'number' && Number.isInteger(v) && v >= min;

function field(body: Json | undefined, name: string): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const v = body[name];
  return v === undefined || v === null ? undefined : String(v);
}

export const effectsDue: Check = {
  name: 'effects-due',
  title: 'Delayed effects, when due',
  description: 'Exactly the listed keys got an effect at the external, each afterTicks (within withinTicks) after the message that started its clock.',
  validate(options, scenario) {
    const o = (options ?? {}) as Partial<Record<keyof Options, unknown>>;
    const issues: { path: string; message: string }[] = [];
    if (typeof o.external !== 'string' || !(scenario.externals ?? []).some((x) => x.name === o.external)) issues.push({ path: 'external', message: `no external named ${JSON.stringify(o.external)}` });
    if (!Array.isArray(o.keys) || !o.keys.every((k) => typeof k === 'string')) issues.push({ path: 'keys', message: 'must be a list of keys' });
    const from = o.from as { type?: unknown; keyField?: unknown } | undefined;
    if (typeof from?.type !== 'string' || !scenario.messages.some((m) => m.type === from.type)) issues.push({ path: 'from.type', message: `no message type ${JSON.stringify(from?.type)} in the catalog` });
    if (typeof from?.keyField !== 'string' || from.keyField === '') issues.push({ path: 'from.keyField', message: 'must name the body field holding the key' });
    if (!isTicks(o.afterTicks, 0)) issues.push({ path: 'afterTicks', message: 'must be a whole number of ticks ≥ 0' });
    if (!isTicks(o.withinTicks, 1)) issues.push({ path: 'withinTicks', message: 'must be a whole number of ticks ≥ 1' });
    return issues;
  },
  run({ trace, options }) {
    const o = options as unknown as Options;
    const goal = o.describe ? ` — ${o.describe}` : '';
    const started = new Map<string, { tick: number; seq: number }>();
    const effects = new Map<string, { tick: number; seq: number }[]>();
    for (const e of trace) {
      if (e.kind === 'message.published' && e.data.type === o.from.type) {
        const k = field(e.data.body, o.from.keyField);
        if (k !== undefined && !started.has(k)) started.set(k, { tick: e.tick, seq: e.seq });
      } else if (e.kind === 'external.called' && e.data.external === o.external && e.data.outcome === 'applied') {
        const list = effects.get(e.data.key) ?? [];
        list.push({ tick: e.tick, seq: e.seq });
        effects.set(e.data.key, list);
      }
    }
    const errors: CheckError[] = [];
    const wanted = new Set(o.keys);
    for (const key of o.keys) {
      const start = started.get(key);
      const got = effects.get(key) ?? [];
      const due = start ? start.tick + o.afterTicks : undefined;
      if (got.length === 0) {
        errors.push({ anomaly: 'effect-missing', explanation: `${o.external} never got ${key}'s effect${due !== undefined ? ` (due at ${formatTicks(due)} ms)` : ` (no ${o.from.type} named it)`}${goal}`, eventRefs: start ? [start.seq] : [] });
        continue;
      }
      if (start === undefined || due === undefined) continue;
      for (const g of got) {
        const when = `${formatTicks(g.tick - start.tick)} ms after its ${o.from.type} (at ${formatTicks(start.tick)})`;
        if (g.tick < due) errors.push({ anomaly: 'effect-early', explanation: `${o.external} got ${key}'s effect ${when}: before it was due ${formatTicks(o.afterTicks)} ms after${goal}`, eventRefs: [start.seq, g.seq] });
        else if (g.tick > due + o.withinTicks) errors.push({ anomaly: 'effect-late', explanation: `${o.external} got ${key}'s effect ${when}: more than ${formatTicks(o.withinTicks)} ms after it was due${goal}`, eventRefs: [start.seq, g.seq] });
      }
    }
    for (const [key, got] of effects) {
      if (wanted.has(key)) continue;
      const start = started.get(key);
      errors.push({ anomaly: 'effect-unexpected', explanation: `${o.external} got an effect for ${key} at ${formatTicks(got[0]!.tick)} ms, which should have had none (only ${o.keys.join(', ') || 'none'})${goal}`, eventRefs: [...(start ? [start.seq] : []), got[0]!.seq] });
    }
    return errors;
  },
};
