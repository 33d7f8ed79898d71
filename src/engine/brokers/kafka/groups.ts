// Which consumer groups read which Kafka topics, derived from the scenario's handlers: a handler
// consuming topic T with options.groupId G (default: its service name) is a member of group G
// on T; consuming "T/G" names the group directly. Needed before the run starts, because each
// group's view of a topic ("orders/billing") is an entity of its own.

import type { EntitySpec, Scenario } from '../../scenario/types';
import { isObj } from '../shared/options';
import { groupView } from './options';

export function kafkaGroups(entities: EntitySpec[], scenario: Scenario): { topic: string; group: string; dlt: boolean; retry: boolean }[] {
  const topics = new Set(entities.filter((e) => e.type === 'topic').map((e) => e.name));
  const out = new Map<string, { topic: string; group: string; dlt: boolean; retry: boolean }>();
  for (const svc of Array.isArray(scenario.services) ? scenario.services : []) {
    if (!isObj(svc) || !Array.isArray(svc.handlers)) continue;
    for (const h of svc.handlers) {
      if (!isObj(h) || typeof h.consumes !== 'string') continue;
      const o = isObj(h.options) ? h.options : {};
      let topic = h.consumes;
      let group = typeof o.groupId === 'string' ? o.groupId : String(svc.name);
      if (!topics.has(topic)) {
        const cut = topic.lastIndexOf('/');
        if (cut < 0 || !topics.has(topic.slice(0, cut))) continue;
        group = topic.slice(cut + 1);
        topic = topic.slice(0, cut);
      }
      const key = groupView(topic, group);
      const prev = out.get(key);
      out.set(key, { topic, group, dlt: (prev?.dlt ?? false) || o.deadLetterTopic === true, retry: (prev?.retry ?? false) || o.retryTopic === true || isObj(o.retryTopic) });
    }
  }
  return [...out.values()];
}
