/**
 * What a lesson's reference solution configures, read as a tool's configuration would need it:
 * per consuming handler, its entity and broker, concurrency, delivery limit and lock, retry and
 * redelivery policies, circuit breaker, and which patterns its code uses (inbox, outbox, explicit
 * dead-lettering, idempotency keys). The "In real code" snippets are generated from these, so
 * their numbers are the run's numbers. Options declared in code (`defineHandler(name, fn, {…})`)
 * are read statically from the source's object literal, never by running it.
 */
import { transform } from 'sucrase';
import { parse, type Node } from 'acorn';
import type { BrokerKind, Scenario } from '../../engine/scenario/types';
import type { RetryPolicy } from '../../engine/patterns/retry/policies';

export interface CircuitBreakerSettings { tripThreshold: number; resetAfterMs: number; mode: 'fail-fast' | 'pause' }

export interface ConsumerSettings {
  service: string;
  handler: string;
  /** The message type it handles (the first of the catalog sent to its entity). */
  messageType: string;
  entity: string;
  entityType: string;
  broker: BrokerKind;
  /** Deliveries processed at once (1 when not set). */
  concurrency: number;
  maxDeliveryCount?: number;
  lockDurationMs?: number;
  requiresSession?: boolean;
  retry?: RetryPolicy;
  redelivery?: RetryPolicy;
  circuitBreaker?: CircuitBreakerSettings;
  /** Kafka consumer group (the handler's groupId option, else the service's name). */
  groupId: string;
  usesInbox: boolean;
  usesOutbox: boolean;
  deadLetters: boolean;
  usesIdempotencyKey: boolean;
  /** RabbitMQ: its channel is in confirm mode (defineHandler option publisherConfirms): its publishes await basic.ack. */
  publisherConfirms: boolean;
  /** The service's outbox relay polling interval, when it sets one. */
  outboxPollMs?: number;
}

type AnyNode = Node & Record<string, unknown>;

/** A JSON-like literal (objects, arrays, strings, numbers, booleans, null, negation), else undefined. */
function literal(node: AnyNode): unknown {
  switch (node.type) {
    case 'Literal': return node.value;
    case 'UnaryExpression': {
      const v = node.operator === '-' ? literal(node.argument as AnyNode) : undefined;
      return typeof v === 'number' ? -v : undefined;
    }
    case 'ArrayExpression': return (node.elements as AnyNode[]).map((e) => (e ? literal(e) : undefined));
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const p of node.properties as AnyNode[]) {
        if (p.type !== 'Property' || p.computed) continue;
        const key = (p.key as AnyNode).type === 'Identifier' ? (p.key as AnyNode).name : (p.key as AnyNode).value;
        out[String(key)] = literal(p.value as AnyNode);
      }
      return out;
    }
    case 'TemplateLiteral': return (node.expressions as unknown[]).length === 0 ? ((node.quasis as AnyNode[])[0]!.value as { cooked: string }).cooked : undefined;
    default: return undefined;
  }
}

function walk(node: unknown, visit: (n: AnyNode) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) { for (const n of node) walk(n, visit); return; }
  const n = node as AnyNode;
  if (typeof n.type !== 'string') return;
  visit(n);
  for (const key of Object.keys(n)) if (key !== 'type' && key !== 'start' && key !== 'end') walk(n[key], visit);
}

/** The options object of the source's `defineHandler(name, fn, options)` call, read as a literal. */
export function declaredOptions(source: string): Record<string, unknown> {
  let ast: AnyNode;
  try {
    const js = transform(source, { transforms: ['typescript'], disableESTransforms: true }).code;
    ast = parse(js, { ecmaVersion: 'latest', sourceType: 'module' }) as unknown as AnyNode;
  } catch {
    return {};
  }
  let found: Record<string, unknown> = {};
  walk(ast, (n) => {
    if (n.type !== 'CallExpression') return;
    const callee = n.callee as AnyNode;
    const args = n.arguments as AnyNode[];
    if (callee.type === 'Identifier' && callee.name === 'defineHandler' && args[2]?.type === 'ObjectExpression') found = literal(args[2]) as Record<string, unknown>;
  });
  return found;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function policyOf(v: unknown): RetryPolicy | undefined {
  return v && typeof v === 'object' && typeof (v as RetryPolicy).kind === 'string' ? (v as RetryPolicy) : undefined;
}

/** Every consuming handler's settings in a resolved scenario (code in `code.source`). */
export function consumerSettings(scenario: Scenario): ConsumerSettings[] {
  const out: ConsumerSettings[] = [];
  for (const service of scenario.services) {
    for (const h of service.handlers) {
      if (!h.consumes) continue;
      const source = 'source' in h.code ? String(h.code.source) : '';
      const declared = declaredOptions(source);
      const entity = scenario.entities.find((e) => e.name === h.consumes || h.consumes!.startsWith(`${e.name}/`));
      const retrySpec = policyOf(declared.retry) ?? policyOf(h.retry);
      const { redelivery, ...retryRest } = (retrySpec ?? {}) as RetryPolicy & { redelivery?: unknown };
      const cb = (declared.circuitBreaker ?? h.circuitBreaker) as Record<string, unknown> | undefined;
      const options = (h.options ?? {}) as Record<string, unknown>;
      const s: ConsumerSettings = {
        service: service.name,
        handler: h.name,
        messageType: scenario.messages.find((m) => m.to === entity?.name || m.to === h.consumes)?.type ?? `${h.name}Message`,
        entity: h.consumes,
        entityType: entity?.type ?? 'queue',
        broker: (entity?.broker ?? scenario.broker ?? 'generic') as BrokerKind,
        concurrency: num(declared.concurrency) ?? h.concurrency ?? 1,
        groupId: typeof options.groupId === 'string' ? options.groupId : service.name,
        usesInbox: /\binbox\.(seen|record)\s*\(/.test(source),
        usesOutbox: /\boutbox\.publish\s*\(/.test(source),
        deadLetters: /\bdeadLetter\s*\(/.test(source),
        usesIdempotencyKey: /\bidempotencyKey\b/.test(source),
        publisherConfirms: declared.publisherConfirms === true,
      };
      const mdc = num(entity?.maxDeliveryCount);
      if (mdc !== undefined) s.maxDeliveryCount = mdc;
      const lock = num(entity?.lockDurationTicks);
      if (lock !== undefined) s.lockDurationMs = lock;
      if (entity?.requiresSession === true) s.requiresSession = true;
      if (retrySpec && retrySpec.kind !== 'none') s.retry = retryRest as RetryPolicy;
      const redeliveryPolicy = policyOf(redelivery);
      if (redeliveryPolicy) s.redelivery = redeliveryPolicy;
      if (cb && num(cb.tripThreshold) !== undefined) s.circuitBreaker = { tripThreshold: num(cb.tripThreshold)!, resetAfterMs: num(cb.resetAfterTicks) ?? 10_000, mode: cb.mode === 'pause' ? 'pause' : 'fail-fast' };
      const poll = num(service.outbox?.pollIntervalTicks);
      if (poll !== undefined) s.outboxPollMs = poll;
      out.push(s);
    }
  }
  return out;
}

/** Entry handlers (called by the workload) that publish through the transactional outbox. */
export function outboxProducers(scenario: Scenario): { service: string; handler: string; pollMs?: number }[] {
  const out: { service: string; handler: string; pollMs?: number }[] = [];
  for (const service of scenario.services) {
    for (const h of service.handlers) {
      const source = 'source' in h.code ? String(h.code.source) : '';
      if (h.consumes || !/\boutbox\.publish\s*\(/.test(source)) continue;
      const poll = num(service.outbox?.pollIntervalTicks);
      out.push({ service: service.name, handler: h.name, ...(poll !== undefined ? { pollMs: poll } : {}) });
    }
  }
  return out;
}

/** Retries a policy allows (not counting the first attempt). */
export function retryLimit(p: RetryPolicy): number {
  return p.kind === 'intervals' ? (p.intervalsTicks ?? []).length : (p.limit ?? 0);
}
