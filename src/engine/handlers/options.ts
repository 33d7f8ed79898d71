// Handler options declared in code (`defineHandler(name, fn, { retry, circuitBreaker,
// concurrency })`) laid over the scenario's handler spec: the code wins, the way a MassTransit
// consumer definition configures its own endpoint. Validated like the scenario's own options,
// and reported against the handler's code.

import type { HandlerOptions } from './api';
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
  if (issues.length > 0) return { spec, issues };
  const merged: HandlerSpec = { ...spec };
  if (options.retry !== undefined) merged.retry = options.retry as unknown as Json;
  if (options.circuitBreaker !== undefined) merged.circuitBreaker = options.circuitBreaker as unknown as Json;
  if (c !== undefined) merged.concurrency = c;
  return { spec: merged, issues };
}
