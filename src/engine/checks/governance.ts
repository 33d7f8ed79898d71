// Governance checks. `access-granted`: nothing was refused for lack of a grant — every
// `access.denied` in the trace is an anomaly naming who tried what. `no-personal-data`: no
// published message carries personal data in clear text — neither a catalog field marked
// `personal: true` (any version of its schema) holding something other than a token, nor any
// string that looks like an e-mail address or holds the clear value of a personal field (as a
// request or a message carried it: an address copied into a "note" is the same leak) — and no
// log line does either: logs are shipped,
// kept and searched like events, so an e-mail address or the clear value of a personal field
// (as a request or a message carried it) in a `ctx.log` line is the same leak. Values are
// masked in the explanation.

import type { Check, CheckError } from './types';
import type { Json } from '../scenario/json';
import { isToken } from '../patterns/governance';

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
/** Shorter clear values ("1", "NL") are not looked for in log lines: they would match anything. */
const LOGGED_VALUE_MIN = 4;

function mask(v: Json): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length <= 2 ? '**' : `${s.slice(0, 2)}${'*'.repeat(Math.min(8, s.length - 2))}`;
}

export const accessGranted: Check = {
  name: 'access-granted',
  title: 'Least privilege holds',
  description: 'No service tried to send, listen or reveal without a grant (every access.denied is reported).',
  run({ trace }) {
    const errors: CheckError[] = [];
    for (const e of trace) {
      if (e.kind !== 'access.denied') continue;
      errors.push({ anomaly: 'unauthorized', explanation: e.text ?? `${e.data.service} may not ${e.data.right} ${e.data.entity}`, eventRefs: [e.seq] });
    }
    return errors;
  },
};

export const noPersonalData: Check = {
  name: 'no-personal-data',
  title: 'No personal data in events',
  description: 'Published messages and log lines carry no personal data in clear text: personal fields hold tokens (ctx.protect), and no e-mail addresses appear anywhere.',
  run({ trace, scenario }) {
    const personal = new Map<string, Set<string>>();
    for (const m of scenario.messages) {
      const fields = new Set<string>();
      for (const version of Object.values(m.schema ?? {})) for (const [name, f] of Object.entries(version)) if (f.personal) fields.add(name);
      personal.set(m.type, fields);
    }
    const errors: CheckError[] = [];
    const personalNames = new Set([...personal.values()].flatMap((f) => [...f]));
    const clearValues = new Set<string>();
    for (const e of trace) {
      if (e.kind !== 'message.published' && e.kind !== 'request.received') continue;
      const b = e.data.body;
      if (!b || typeof b !== 'object' || Array.isArray(b)) continue;
      for (const name of personalNames) {
        const v = (b as Record<string, Json>)[name];
        if (typeof v === 'string' && v.length >= LOGGED_VALUE_MIN && !isToken(v)) clearValues.add(v);
      }
    }
    for (const e of trace) {
      if (e.kind === 'handler.logged') {
        const text = e.data.text;
        const email = text.split(/\s+/).find((w) => EMAIL.test(w) && !isToken(w));
        const value = email ?? [...clearValues].find((v) => text.includes(v));
        if (value !== undefined) errors.push({ anomaly: 'personal-data-logged', explanation: `${e.data.service}.${e.data.handler} logged ${email ? 'an e-mail address' : 'a personal value'} in clear text (${mask(value)}): log lines are shipped, kept and searched like events — log the id or the token instead`, eventRefs: [e.seq] });
        continue;
      }
      if (e.kind !== 'message.published' || e.data.via === 'redelivery' || e.data.via === 'redrive') continue;
      const body = e.data.body;
      const flagged = personal.get(e.data.type) ?? new Set<string>();
      const obj = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, Json>) : {};
      const reported = new Set<string>();
      for (const field of flagged) {
        const v = obj[field];
        if (v === undefined || v === null || isToken(v)) continue;
        reported.add(field);
        errors.push({ anomaly: 'personal-data', explanation: `${e.actor} published ${e.data.type} ${e.messageId} with personal field "${field}" in clear text (${mask(v)}): protect it (a token) or leave it out`, eventRefs: [e.seq] });
      }
      const walk = (v: Json, path: string) => {
        if (typeof v === 'string') {
          if (isToken(v) || reported.has(path.split('.')[0]!)) return;
          const value = EMAIL.test(v) ? undefined : [...clearValues].find((c) => v.includes(c));
          if (EMAIL.test(v)) errors.push({ anomaly: 'personal-data', explanation: `${e.actor} published ${e.data.type} ${e.messageId} with an e-mail address in "${path}" (${mask(v)})`, eventRefs: [e.seq] });
          else if (value !== undefined) errors.push({ anomaly: 'personal-data', explanation: `${e.actor} published ${e.data.type} ${e.messageId} with a personal value in "${path}" (${mask(value)}), copied from a personal field: a field with another name carries it just as far — protect it or leave it out`, eventRefs: [e.seq] });
        } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
        else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
      };
      walk(body, '');
    }
    return errors;
  },
};
