// Circuit breaker around one handler (fail-fast like MassTransit's UseCircuitBreaker, pause like its
// UseKillSwitch; Fowler's
// closed → open → half-open). Closed: attempts run, consecutive failures are counted; at
// `tripThreshold` it opens. Open: for `resetAfterTicks` attempts fail fast without running
// the handler (`fail-fast`, MassTransit's behaviour: pair it with delayed redelivery) or the
// consumer stops receiving (`pause`, the kill switch). Then half-open: one trial attempt (a
// paused consumer receives again, takes one message and pauses until its outcome); a success
// closes it (and resumes consumption), a failure opens it again for a fresh interval. It protects a struggling
// dependency from a retry storm.
// Simplified (fidelity): it trips on consecutive failures; MassTransit trips on a failure
// percentage (TripThreshold) over a TrackingPeriod once ActiveThreshold messages were seen, and
// lets calls back in gradually rather than one trial.
//
//   circuitBreaker: { tripThreshold: 5, resetAfterTicks: 10000, mode: 'fail-fast' }

import type { World } from '../world';
import type { FaultHooks } from '../faults/hooks';
import type { HandlerRuntime, Invocation } from '../services/invocation';
import type { ValidationIssue } from '../scenario/validate-types';

export interface CircuitBreakerSpec {
  tripThreshold?: number;
  resetAfterTicks?: number;
  mode?: 'fail-fast' | 'pause';
}

export const CIRCUIT_DEFAULTS = { tripThreshold: 5, resetAfterTicks: 10_000 };

export class CircuitOpen extends Error {
  constructor(handler: string, untilTick: number) {
    super(`circuit open for ${handler} until ${untilTick}: failing fast without calling the handler`);
    this.name = 'CircuitOpen';
  }
}

export function validateCircuitBreaker(value: unknown, path: string): ValidationIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ path, message: 'must be { tripThreshold, resetAfterTicks, mode }' }];
  const v = value as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  for (const f of ['tripThreshold', 'resetAfterTicks']) {
    if (v[f] !== undefined && (typeof v[f] !== 'number' || !Number.isInteger(v[f]) || (v[f] as number) < 1)) issues.push({ path: `${path}.${f}`, message: `must be a positive integer, got ${JSON.stringify(v[f])}` });
  }
  if (v.mode !== undefined && v.mode !== 'fail-fast' && v.mode !== 'pause') issues.push({ path: `${path}.mode`, message: 'must be "fail-fast" or "pause"' });
  return issues;
}

/** Hooks implementing the breaker for one handler of one service. */
export function circuitBreakerHooks(world: World, service: string, handler: HandlerRuntime): FaultHooks {
  const spec = (handler.spec.circuitBreaker ?? {}) as CircuitBreakerSpec;
  const threshold = spec.tripThreshold ?? CIRCUIT_DEFAULTS.tripThreshold;
  const reset = spec.resetAfterTicks ?? CIRCUIT_DEFAULTS.resetAfterTicks;
  const name = handler.spec.name;
  let state: 'closed' | 'open' | 'half-open' = 'closed';
  let failures = 0;
  let openUntil = 0;
  let trial: Invocation | null = null;
  const consumer = () => (handler.consumerId ? { id: handler.consumerId, broker: world.brokerOf.get(handler.spec.consumes!) } : null);
  const change = (next: typeof state, text: string) => {
    state = next;
    world.record({ kind: 'circuit.changed', actor: service, data: { service, handler: name, state: next }, text });
  };
  const open = (why: string) => {
    openUntil = world.now() + reset;
    trial = null;
    change('open', `circuit for ${name} opened (${why}): ${spec.mode === 'pause' ? 'consumption paused' : 'attempts fail fast'} until ${openUntil}`);
    if (spec.mode === 'pause') {
      const c = consumer();
      c?.broker?.consumerDown(c.id);
      world.at(openUntil, () => {
        if (state !== 'open') return;
        change('half-open', `circuit for ${name} half-open: the next attempt is a trial`);
        if (world.services.get(service)!.up) c?.broker?.consumerUp(c.id);
      });
    }
  };
  const mine = (inv: Invocation) => inv.service.name === service && inv.handler === handler;
  return {
    beforeHandler(inv) {
      if (!mine(inv)) return null;
      if (state === 'open' && world.now() >= openUntil) change('half-open', `circuit for ${name} half-open: the next attempt is a trial`);
      if (state === 'open' || (state === 'half-open' && trial && trial !== inv)) return { error: new CircuitOpen(name, openUntil) };
      if (state === 'half-open' && !trial) {
        trial = inv;
        // Paused consumers take exactly one trial: stop receiving again until it has an outcome,
        // or the other deliveries of this hand-over would fail fast and burn their counts.
        if (spec.mode === 'pause') {
          const c = consumer();
          c?.broker?.consumerDown(c.id);
        }
      }
      return null;
    },
    afterAttempt(inv, ok, error) {
      if (!mine(inv) || error instanceof CircuitOpen) return;
      if (state === 'half-open' && trial === inv) {
        trial = null;
        failures = 0;
        if (ok) {
          change('closed', `circuit for ${name} closed: the trial attempt succeeded${spec.mode === 'pause' ? ', consumption resumes' : ''}`);
          const c = consumer();
          if (spec.mode === 'pause' && world.services.get(service)!.up) c?.broker?.consumerUp(c.id);
        } else open('the trial attempt failed');
        return;
      }
      if (ok) failures = 0;
      else if (state === 'closed' && ++failures >= threshold) open(`${failures} consecutive failures`);
    },
  };
}
