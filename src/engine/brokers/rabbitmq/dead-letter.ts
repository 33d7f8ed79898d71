// The x-death header (ref §2.5): an array, most recent first, with one entry per {queue,
// reason} whose `count` grows each time the message dies the same way again; fields queue,
// reason, count, time, exchange, routing-keys, original-expiration. The first death never
// changes (x-first-death-*); the array order gives the last.

import type { Json } from '../../scenario/json';
import type { RMessage } from './state';

export function recordDeath(msg: RMessage, queue: string, reason: string, tick: number): Record<string, Json>[] {
  const deaths = msg.deaths.map((d) => ({ ...d }));
  const i = deaths.findIndex((d) => d.queue === queue && d.reason === reason);
  const entry: Record<string, Json> = i >= 0 ? deaths.splice(i, 1)[0] : { queue, reason, count: 0, exchange: msg.exchange, 'routing-keys': [msg.routingKey] };
  entry.count = Number(entry.count) + 1;
  entry.time = tick;
  if (msg.expiration !== null) entry['original-expiration'] = String(msg.expiration);
  deaths.unshift(entry);
  return deaths;
}
