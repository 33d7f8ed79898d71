// Handler options declared in code (`defineHandler(name, fn, { retry, circuitBreaker,
// concurrency, producer })`) laid over the scenario's handler spec: the code wins, the way a
// MassTransit consumer definition configures its own endpoint. Validated like the scenario's own
// options, and reported against the handler's code. `producer` is not part of the handler spec:
// it configures the service's Kafka producer client (see producerSettings); nor is
// `publisherConfirms`, which puts the handler's RabbitMQ channel in confirm mode (simulation.ts).

import type { HandlerOptions, ProducerSettings } from './api';
import type { HandlerSpec } from '../scenario/types';
import type { Json } from '../scenario/json';
import type { ValidationIssue } from '../scenario/validate-types';
import { validateRecoverability } from '../patterns/retry/recoverability';
import { validateCircuitBreaker } from '../patterns/circuit-breaker';

export function applyDeclaredOptions(spec: HandlerSpec, options: HandlerOptions | undefined, path: string): { spec: HandlerSpec; issues: ValidationIssue[] } {
  if (!options) return { spec, issues: [] };
  const issues: ValidationIssue[] = [];
  const at = `${path} (defineHandler options)`;
  if (options.retry !== undefined) issues.push(...validateRecoverability(options.retry, `${at}.retry`));
  if (options.circuitBreaker !== undefined) issues.push(...validateCircuitBreaker(options.circuitBreaker, `${at}.circuitBreaker`));
  const c = options.concurrency;
  if (c !== undefined && (typeof c !== 'number' || !Number.isInteger(c) || c < 1)) issues.push({ path: `${at}.concurrency`, message: `must be a positive integer, got ${JSON.stringify(c)}` });
  if (options.producer !== undefined) issues.push(...validateProducerSettings(options.producer, `${at}.producer`));
  const pc = options.publisherConfirms;
  if (pc !== undefined && typeof pc !== 'boolean') issues.push({ path: `${at}.publisherConfirms`, message: `must be true or false (the handler's RabbitMQ channel in confirm mode), got ${JSON.stringify(pc)}` });
  if (issues.length > 0) return { spec, issues };
  const merged: HandlerSpec = { ...spec };
  if (options.retry !== undefined) merged.retry = options.retry as unknown as Json;
  if (options.circuitBreaker !== undefined) merged.circuitBreaker = options.circuitBreaker as unknown as Json;
  if (c !== undefined) merged.concurrency = c;
  return { spec: merged, issues };
}

const ACKS = ['0', '1', 'all'];

/** Kafka producer configs (ref §3.3): acks 0/1/all; enable.idempotence=true needs acks=all (ConfigException). */
export function validateProducerSettings(p: unknown, at: string): ValidationIssue[] {
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return [{ path: at, message: 'must be an object { acks, enableIdempotence }' }];
  const o = p as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  const unknown = Object.keys(o).filter((k) => k !== 'acks' && k !== 'enableIdempotence');
  if (unknown.length > 0) issues.push({ path: at, message: `unknown producer config(s) ${unknown.join(', ')} (known: acks, enableIdempotence)` });
  if (o.acks !== undefined && !ACKS.includes(o.acks as string)) issues.push({ path: `${at}.acks`, message: `acks is '0', '1' or 'all' (a string), got ${JSON.stringify(o.acks)}` });
  if (o.enableIdempotence !== undefined && typeof o.enableIdempotence !== 'boolean') issues.push({ path: `${at}.enableIdempotence`, message: `must be true or false, got ${JSON.stringify(o.enableIdempotence)}` });
  if (o.enableIdempotence === true && o.acks !== undefined && o.acks !== 'all') {
    issues.push({ path: `${at}.enableIdempotence`, message: `ConfigException: enable.idempotence=true requires acks=all, got acks=${String(o.acks)} (left unset, idempotence would be silently disabled)` });
  }
  return issues;
}

/**
 * One producer client per service: the settings its handlers declared, or issues when two
 * handlers of a service declare different ones.
 */
export function producerSettings(declared: { service: string; settings: ProducerSettings; at: string }[]): { byService: Map<string, ProducerSettings>; issues: ValidationIssue[] } {
  const byService = new Map<string, ProducerSettings>();
  const issues: ValidationIssue[] = [];
  for (const d of declared) {
    const before = byService.get(d.service);
    if (before && (before.acks !== d.settings.acks || before.enableIdempotence !== d.settings.enableIdempotence)) {
      issues.push({ path: `${d.at}.producer`, message: `${d.service} has one Kafka producer: its handlers declare different producer settings (${JSON.stringify(before)} and ${JSON.stringify(d.settings)})` });
      continue;
    }
    byService.set(d.service, { ...d.settings });
  }
  return { byService, issues };
}
