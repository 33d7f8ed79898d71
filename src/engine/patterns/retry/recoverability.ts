// Recoverability, MassTransit/NServiceBus style: a handler's `retry` option layers in-process
// retries (the message stays locked and the consumer's slot stays busy: keep them short) inside
// delayed redeliveries (second level: the message is acked and sent back to its queue later, so
// the slot is free meanwhile). When both are used up, or the error is a poison message (not
// retried unless `retryPoison`), the message is dead-lettered with the reason and the whole
// attempt history, instead of going back to the broker's own delivery count. Total attempts ≈
// (1 + redeliveries) × (1 + retries). `onExhausted: 'fail'` hands the failure back to the broker.
//
//   retry: { kind: 'exponential', limit: 3, baseTicks: 100, capTicks: 2000,
//            redelivery: { kind: 'intervals', intervalsTicks: [5000, 15000] } }

import type { World } from '../../world';
import type { Lifecycle } from '../../services/lifecycle';
import type { Invocation } from '../../services/invocation';
import type { Settlement } from '../../brokers/types';
import type { ValidationIssue } from '../../scenario/validate-types';
import { retryDelayTicks, validatePolicy, type RetryMemory, type RetryPolicy } from './policies';
import { formatTicks } from '../../checks/why';

export interface RecoverabilitySpec extends RetryPolicy {
  redelivery?: RetryPolicy;
  retryPoison?: boolean;
  onExhausted?: 'dead-letter' | 'fail';
}

export const REDELIVERY_HEADER = 'MT-Redelivery-Count';

interface History {
  lines: string[];
  memory: RetryMemory;
  redeliveryMemory: RetryMemory;
}

function isPoison(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { poison?: unknown }).poison === true;
}

export function validateRecoverability(value: unknown, path: string): ValidationIssue[] {
  const issues = validatePolicy(value, path);
  if (issues.length > 0) return issues;
  const spec = value as Record<string, unknown>;
  if (spec.redelivery !== undefined) issues.push(...validatePolicy(spec.redelivery, `${path}.redelivery`));
  if (spec.onExhausted !== undefined && spec.onExhausted !== 'dead-letter' && spec.onExhausted !== 'fail') issues.push({ path: `${path}.onExhausted`, message: 'must be "dead-letter" or "fail"' });
  return issues;
}

export function installRecoverability(world: World, lifecycle: Lifecycle): void {
  const histories = new Map<string, History>();
  const historyOf = (inv: Invocation): History => {
    const key = `${inv.delivery?.consumerId}|${inv.message.id}`;
    let h = histories.get(key);
    if (!h) histories.set(key, (h = { lines: [], memory: {}, redeliveryMemory: {} }));
    return h;
  };
  const specOf = (inv: Invocation) => inv.handler.spec.retry as unknown as RecoverabilitySpec | undefined;
  const redeliveries = (inv: Invocation) => Number(inv.message.headers[REDELIVERY_HEADER] ?? 0);

  lifecycle.retryDelay = (inv, error) => {
    const spec = specOf(inv);
    if (!spec) return null;
    const h = historyOf(inv);
    const r = redeliveries(inv);
    h.lines.push(`${r > 0 ? `redelivery ${r}, ` : ''}attempt ${inv.attempt} at ${formatTicks(world.now())}: ${describe(error)}`);
    if (isPoison(error) && !spec.retryPoison) return null;
    if (inv.attempt === 1) h.memory = {};
    return retryDelayTicks(spec, inv.attempt, world.random(`retry/${inv.service.name}/${inv.handler.spec.name}`), h.memory);
  };

  lifecycle.retryExhausted = (inv, error): Settlement | 'handled' | null => {
    const spec = specOf(inv);
    if (!spec || !inv.delivery || spec.onExhausted === 'fail') return null;
    const h = historyOf(inv);
    const poison = isPoison(error) && !spec.retryPoison;
    const r = redeliveries(inv);
    const delay = spec.redelivery && !poison ? retryDelayTicks(spec.redelivery, r + 1, world.random(`redelivery/${inv.service.name}/${inv.handler.spec.name}`), h.redeliveryMemory) : null;
    if (delay !== null && redeliver(world, lifecycle, inv, r + 1, delay)) return 'handled';
    const history = h.lines.slice(-10).join('; ');
    return {
      outcome: 'dead-letter',
      reason: poison ? 'PoisonMessage' : 'RetriesExhausted',
      description: `${poison ? 'unrecoverable error, not retried' : `${h.lines.length} attempt(s) failed`}: ${history}`,
    };
  };
}

/** Second-level retry: ack this delivery and send the message back to its queue later. */
function redeliver(world: World, lifecycle: Lifecycle, inv: Invocation, n: number, delay: number): boolean {
  const delivery = inv.delivery!;
  const original = delivery.message;
  const message = { ...original, headers: { ...original.headers, [REDELIVERY_HEADER]: n } };
  world.record({
    kind: 'redelivery.scheduled', actor: inv.service.name, messageId: original.id, correlationId: original.correlationId, deliveryId: delivery.id,
    data: { service: inv.service.name, handler: inv.handler.spec.name, redelivery: n, delayTicks: delay },
    text: `in-process retries used up: delayed redelivery ${n} in ${formatTicks(delay)} ms (the message leaves the queue and comes back; the consumer is free meanwhile)`,
  });
  try {
    lifecycle.publishMessage(message, delivery.entity, 'redelivery', delay);
  } catch {
    return false;
  }
  lifecycle.settle(delivery, { outcome: 'complete' });
  return true;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
