// dlq-accounted: every dead-lettered message is accounted for — expected by the scenario
// (`{ expected: [{ messageType?, reason?, where? }] }`: the poison message a lesson plants;
// `where` narrows it to messages whose body has these field values, e.g. the one malformed
// order), or redriven and then processed. Anything else in a dead-letter queue at the end is
// `unaccounted-dlq` — a message that needs a human — explained by its path there (failures,
// expiries, the reason given).

import type { Check, CheckError } from './types';
import type { Json } from '../scenario/json';
import { chain, indexTrace, origin, refsOf, typeOf, whyAgain } from './why';

interface Options {
  expected?: { messageType?: string; reason?: string; where?: Record<string, Json> }[];
}

const bodyHas = (body: Json | undefined, where: Record<string, Json>) =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && Object.entries(where).every(([k, v]) => JSON.stringify((body as Record<string, Json>)[k]) === JSON.stringify(v));

export const dlqAccounted: Check = {
  name: 'dlq-accounted',
  title: 'Dead letters accounted for',
  description: 'Every dead-lettered message was expected or redriven and then processed.',
  run({ trace, options }) {
    const expected = ((options ?? {}) as Options).expected ?? [];
    const idx = indexTrace(trace);
    const errors: CheckError[] = [];
    for (const e of trace) {
      if (e.kind !== 'message.dead-lettered' || !e.messageId) continue;
      const id = e.messageId;
      const type = typeOf(idx, id);
      const pub = idx.published.get(id);
      const body = pub && 'body' in pub.data ? (pub.data.body as Json) : undefined;
      if (expected.some((x) => (!x.messageType || x.messageType === type) && (!x.reason || x.reason === e.data.reason) && (!x.where || bodyHas(body, x.where)))) continue;
      const later = idx.events(id).filter((x) => x.seq > e.seq);
      const redriven = later.find((x) => x.kind === 'message.redriven');
      const rescued = redriven && later.some((x) => x.kind === 'message.acked' && x.seq > redriven.seq && !later.some((y) => y.kind === 'message.dead-lettered' && y.seq > x.seq));
      if (rescued || later.some((x) => x.kind === 'message.dead-lettered')) continue;
      const from = idx.published.get(id)?.seq ?? -1;
      const links = [...origin(idx, id, 1), ...whyAgain(idx, id, from, e.seq).filter((l) => !l.text.startsWith('redelivered'))];
      errors.push({
        anomaly: 'unaccounted-dlq',
        explanation: chain(links, `dead-lettered to ${e.data.dlq}: ${e.data.reason}${e.data.description ? ` (${e.data.description})` : ''} → neither expected nor redriven: it needs a human`),
        eventRefs: refsOf(links, e.seq),
      });
      void type;
    }
    return errors;
  },
};
