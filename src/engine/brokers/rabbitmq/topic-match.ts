// RabbitMQ's exchange matching rules as pure functions (ref §2.1). Topic exchange: routing keys
// are dot-separated words; in a binding key `*` matches exactly one word and `#` zero or more
// words, so `#` alone behaves like fanout and a key without wildcards like direct. Headers
// exchange: binding arguments against message headers, `x-match` all (default) or any;
// `x-` arguments are not matched unless x-match is all-with-x / any-with-x.

import type { Json } from '../../scenario/json';

export function topicMatches(bindingKey: string, routingKey: string): boolean {
  const b = bindingKey.split('.');
  const r = routingKey.split('.');
  // reach[j]: binding words so far can match the first j routing words.
  let reach = new Array<boolean>(r.length + 1).fill(false);
  reach[0] = true;
  for (const word of b) {
    const next = new Array<boolean>(r.length + 1).fill(false);
    if (word === '#') {
      let any = false;
      for (let j = 0; j <= r.length; j++) {
        any = any || reach[j];
        next[j] = any;
      }
    } else {
      for (let j = 0; j < r.length; j++) if (reach[j] && (word === '*' || word === r[j])) next[j + 1] = true;
    }
    reach = next;
  }
  return reach[r.length];
}

export type XMatch = 'all' | 'any' | 'all-with-x' | 'any-with-x';

export function headersMatch(bindingArgs: Record<string, Json>, headers: Record<string, Json>): boolean {
  const mode = (typeof bindingArgs['x-match'] === 'string' ? bindingArgs['x-match'] : 'all') as XMatch;
  const withX = mode.endsWith('-with-x');
  const pairs = Object.entries(bindingArgs).filter(([k]) => k !== 'x-match' && (withX || !k.startsWith('x-')));
  if (pairs.length === 0) return mode.startsWith('all');
  const hit = ([k, v]: [string, Json]) => k in headers && JSON.stringify(headers[k]) === JSON.stringify(v);
  return mode.startsWith('all') ? pairs.every(hit) : pairs.some(hit);
}
