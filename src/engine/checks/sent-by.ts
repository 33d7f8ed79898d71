// sent-by: a message type leaves only from the handler the business says sends it — the courier
// batch ships parcels, not the picker; the orchestrator commands the steps, not each step the
// next. A learner who skips the step a lesson teaches (publishing straight from the first
// handler) makes every other check pass trivially; this one names the shortcut. The sender is
// the handler that was handling the message's cause (its causation id) when it published.
//   { rules: [{ type: 'ShipOrder', service: 'Warehouse', handler: 'ShipBatch', describe? }] }
// Redeliveries, redrives and workload messages are not sends of a handler and are not judged.

import type { Check, CheckError } from './types';
import { formatTicks } from './why';

export interface SentByRule {
  type: string;
  service: string;
  handler: string;
  describe?: string;
}

const rulesOf = (options: unknown): SentByRule[] => {
  const rules = (options as { rules?: unknown } | null)?.rules;
  return Array.isArray(rules) ? (rules as SentByRule[]) : [];
};

export const sentBy: Check = {
  name: 'sent-by',
  title: 'Sent by the right handler',
  description: 'Each message type is sent only by the handler whose job it is (not by a shortcut that skips a step).',
  validate(options, scenario) {
    const rules = (options as { rules?: unknown } | null)?.rules;
    if (!Array.isArray(rules) || rules.length === 0) return [{ path: 'rules', message: 'must be a non-empty list of { type, service, handler }' }];
    const issues: { path: string; message: string }[] = [];
    rules.forEach((r: Partial<SentByRule> | null, i) => {
      if (typeof r?.type !== 'string' || !scenario.messages.some((m) => m.type === r.type)) issues.push({ path: `rules[${i}].type`, message: `no message type ${JSON.stringify(r?.type)} in the catalog` });
      const svc = scenario.services.find((s) => s.name === r?.service);
      if (!svc) issues.push({ path: `rules[${i}].service`, message: `no service named ${JSON.stringify(r?.service)}` });
      else if (!svc.handlers.some((h) => h.name === r?.handler)) issues.push({ path: `rules[${i}].handler`, message: `${svc.name} has no handler ${JSON.stringify(r?.handler)}` });
    });
    return issues;
  },
  run({ trace, options }) {
    const rules = rulesOf(options);
    // Which handler handled each message or request id (the causation of what it publishes).
    const handledBy = new Map<string, string>();
    const errors: CheckError[] = [];
    const reported = new Set<string>();
    for (const e of trace) {
      if (e.kind === 'handler.started' && e.messageId && !handledBy.has(e.messageId)) handledBy.set(e.messageId, `${e.data.service}/${e.data.handler}`);
      if (e.kind !== 'message.published' || (e.data.via !== 'direct' && e.data.via !== 'outbox')) continue;
      const rule = rules.find((r) => r.type === e.data.type);
      if (!rule || !e.messageId || reported.has(e.messageId)) continue;
      const want = `${rule.service}/${rule.handler}`;
      const sender = (e.causationId && handledBy.get(e.causationId)) || e.actor;
      if (sender === want) continue;
      reported.add(e.messageId);
      errors.push({
        anomaly: 'wrong-sender',
        explanation: `${e.data.type} ${e.messageId}${e.data.key ? ` (${e.data.key})` : ''} was sent by ${sender}${e.causationId ? ` handling ${e.causationId}` : ''} at ${formatTicks(e.tick)}; only ${want} sends ${e.data.type}${rule.describe ? ` — ${rule.describe}` : ''}`,
        eventRefs: [e.seq],
      });
    }
    return errors;
  },
};
