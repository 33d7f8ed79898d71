// no-duplicate-effect: a business effect applied more than once for the same business key.
// A scenario declares its effects in one of two ways: handlers call `tx.effect(name, key)`
// inside the transaction that applies it (traced as `effect.applied` on commit), or the check's
// options name effect tables — `{ tables: [{ service, table }] }` — where creating a row for a
// key is the effect (a reservation, a payment). The explanation is the causal chain that made
// the second application happen (lock expired → redelivered → no inbox → applied twice).

import type { Check, CheckError } from './types';
import type { TraceEvent } from '../trace/types';
import { chain, indexTrace, origin, refsOf, typeOf, whyAgain, formatTicks, type Link, type TraceIndex } from './why';

interface Options {
  effects?: string[];
  tables?: { service: string; table: string }[];
}

interface Application {
  event: TraceEvent;
  service: string;
  effect: string;
  key: string;
}

export function effectApplications(trace: readonly TraceEvent[], options: Options = {}): Application[] {
  const out: Application[] = [];
  const tables = options.tables ?? [];
  const present = new Set<string>();
  for (const e of trace) {
    if (e.kind === 'effect.applied' && (!options.effects || options.effects.includes(e.data.effect))) {
      out.push({ event: e, service: e.data.service, effect: e.data.effect, key: e.data.key });
    } else if (e.kind === 'db.committed' && tables.length > 0) {
      for (const w of e.data.writes) {
        if (!tables.some((t) => t.service === e.data.service && t.table === w.table)) continue;
        const ref = `${e.data.service}|${w.table}|${w.key}`;
        if (w.value === null) present.delete(ref);
        else if (!present.has(ref)) {
          present.add(ref);
          out.push({ event: e, service: e.data.service, effect: `${w.table} row created`, key: w.key });
        }
      }
    }
  }
  return out;
}

export const noDuplicateEffect: Check = {
  name: 'no-duplicate-effect',
  title: 'No duplicated effect',
  description: 'No business effect is applied more than once for the same business key.',
  run({ trace, options }) {
    const idx = indexTrace(trace);
    const groups = new Map<string, Application[]>();
    for (const a of effectApplications(trace, (options ?? {}) as Options)) {
      const k = `${a.service}|${a.effect}|${a.key}`;
      groups.set(k, [...(groups.get(k) ?? []), a]);
    }
    const errors: CheckError[] = [];
    for (const apps of groups.values()) {
      if (apps.length < 2) continue;
      const [a, b] = apps;
      const times = apps.length === 2 ? 'twice' : `${apps.length} times`;
      const { links, guard } = explainSecond(idx, a.event, b.event, a.service);
      errors.push({
        anomaly: 'duplicated-effect',
        explanation: chain(links, `${guard} → ${a.effect} applied ${times} for ${a.key}`),
        eventRefs: refsOf(links, ...apps.map((x) => x.event.seq)),
      });
    }
    return errors;
  },
};

/** The hand-over that led to the event at `seq` (causes, like an injected fault, can precede the attempt). */
function attemptStart(idx: TraceIndex, messageId: string, seq: number): number {
  let start = seq;
  for (const e of idx.events(messageId)) {
    if (e.seq >= seq) break;
    if (e.kind === 'message.delivered' || (e.kind === 'handler.started' && !e.deliveryId)) start = e.seq;
  }
  return start;
}

/** Why a second application happened: the same message handled again, or two messages for one key. */
function explainSecond(idx: TraceIndex, a: TraceEvent, b: TraceEvent, service: string): { links: Link[]; guard: string } {
  const ma = a.messageId;
  const mb = b.messageId;
  if (ma && ma === mb) {
    const inbox = idx.events(ma).some((e) => e.kind === 'inbox.recorded' && e.actor === service);
    return { links: whyAgain(idx, ma, attemptStart(idx, ma, a.seq), b.seq), guard: inbox ? `${service}'s inbox did not stop the second copy` : `no inbox in ${service}` };
  }
  const pa = ma ? idx.published.get(ma) : undefined;
  const pb = mb ? idx.published.get(mb) : undefined;
  if (pa && pb && pa.causationId && pa.causationId === pb.causationId) {
    const parent = pa.causationId;
    const links: Link[] = [
      ...whyAgain(idx, parent, pa.seq, pb.seq),
      { seq: pb.seq, text: `${pb.actor} published ${typeOf(idx, mb)} again as a new message ${mb} (first ${ma}) while handling ${parent} again` },
    ];
    return { links, guard: `no idempotency by business key in ${service}` };
  }
  const links = [...origin(idx, ma, 1), ...origin(idx, mb, 1)];
  if (links.length === 0) links.push({ seq: b.seq, text: `applied at ${formatTicks(a.tick)} and again at ${formatTicks(b.tick)}` });
  return { links, guard: `two different messages carried the same key and ${service} does not deduplicate by it` };
}
