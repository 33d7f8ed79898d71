// Routing (ref §2.1): an exchange sends a message to every queue with a matching binding, once
// per queue however many bindings match; exchange-to-exchange bindings are followed once; an
// exchange that routes nowhere hands the message to its alternate exchange. The default exchange
// ("") routes by queue name. Pure over the vhost's exchanges and queues: no trace, no state change.

import type { Json } from '../../scenario/json';
import type { ExchangeType } from './options';
import { headersMatch, topicMatches } from './topic-match';
import { DEFAULT_EXCHANGE, type RmqCore, type Queue } from './state';

export interface Route {
  queues: Queue[];
  why: string;
  /** The alternate exchange that took the message, if the exchange itself routed nowhere. */
  alternate?: string;
}

export function route(core: RmqCore, exchangeName: string, routingKey: string, headers: Record<string, Json>): Route {
  if (exchangeName === DEFAULT_EXCHANGE) {
    const q = core.queues.get(routingKey);
    return { queues: q ? [q] : [], why: q ? `default exchange: routing key "${routingKey}" is the queue's name` : `default exchange: no queue named "${routingKey}"` };
  }
  const found = new Map<string, { queue: Queue; keys: string[] }>();
  const seen = new Set<string>();
  let alternate: string | undefined;
  const walk = (name: string): boolean => {
    if (seen.has(name)) return false;
    seen.add(name);
    const ex = core.exchanges.get(name);
    if (!ex) return false;
    let any = false;
    for (const b of ex.bindings) {
      if (!bindingMatches(ex.type, b.key, b.args, routingKey, headers)) continue;
      if (b.toExchange) any = walk(b.destination) || any;
      else {
        const q = core.queues.get(b.destination)!;
        const entry = found.get(q.name) ?? { queue: q, keys: [] };
        entry.keys.push(ex.type === 'headers' ? JSON.stringify(b.args) : ex.type === 'fanout' ? '(fanout)' : `"${b.key}"`);
        found.set(q.name, entry);
        any = true;
      }
    }
    if (!any && ex.alternate && walk(ex.alternate)) {
      alternate ??= ex.alternate;
      return true;
    }
    return any;
  };
  walk(exchangeName);
  const ex = core.exchanges.get(exchangeName)!;
  if (found.size === 0) return { queues: [], why: `${ex.type} exchange ${exchangeName}: no binding matches routing key "${routingKey}"${ex.alternate ? ` (nor on alternate exchange ${ex.alternate})` : ''}` };
  const parts = [...found.values()].map((f) => `${f.queue.name} (binding ${f.keys.join(', ')}${f.keys.length > 1 ? ': one copy however many bindings match' : ''})`);
  const via = alternate ? `no binding of ${exchangeName} matches "${routingKey}", so its alternate exchange ${alternate} took it: ` : '';
  return { queues: [...found.values()].map((f) => f.queue), why: `${via}${ex.type} exchange ${exchangeName} routes "${routingKey}" to ${parts.join(', ')}`, alternate };
}

export function bindingMatches(type: ExchangeType, key: string, args: Record<string, Json>, routingKey: string, headers: Record<string, Json>): boolean {
  switch (type) {
    case 'fanout': return true;
    case 'direct': return key === routingKey;
    case 'topic': return topicMatches(key, routingKey);
    case 'headers': return headersMatch(args, headers);
  }
}
