// Handler options declared in code: `defineHandler(name, fn, { retry, circuitBreaker,
// concurrency })` replaces the scenario's options for that handler, is validated like them, and
// is reported against the handler's code when wrong.
import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from '../../src/engine/index';
import { ValidationError } from '../../src/engine/scenario/validate-types';
import { flow } from '../faults/flow';

const kinds = (r: RunResult, kind: string) => r.trace.filter((e) => e.kind === kind);

/** The test flow with ReserveStock's defineHandler given `options` (source text). */
function withOptions(options: string, o: Parameters<typeof flow>[0] = {}) {
  const s = flow({ orders: 3, ...o });
  return {
    ...s,
    services: s.services.map((svc) => ({
      ...svc,
      handlers: svc.handlers.map((h) => {
        if (h.name !== 'ReserveStock' || !('source' in h.code)) return h;
        return { ...h, code: { ...h.code, source: h.code.source.replace(/\n\}\);\n$/, `\n}, ${options});\n`) } };
      }),
    })),
  };
}

const throws = [{ type: 'handler-throws', service: 'Inventory', handler: 'ReserveStock', nth: 1, failAttempts: 100 }];

describe('handler options declared in code', () => {
  it('a retry policy in code drives in-process retries', () => {
    const r = runScenario(withOptions(`{ retry: { kind: 'interval', limit: 2, intervalTicks: 70 } }`), { seed: 1, faults: throws });
    const delays = kinds(r, 'retry.scheduled').map((e) => e.kind === 'retry.scheduled' && e.data.delayTicks);
    expect(delays).toEqual([70, 70]);
    const dl = kinds(r, 'message.dead-lettered')[0];
    expect(dl.kind === 'message.dead-lettered' && dl.data.reason).toBe('RetriesExhausted');
  });

  it('replaces the scenario’s retry policy', () => {
    const r = runScenario(withOptions(`{ retry: { kind: 'immediate', limit: 1 } }`, { retry: { kind: 'interval', limit: 3, intervalTicks: 500 } }), { seed: 1, faults: throws });
    expect(kinds(r, 'retry.scheduled').filter((e) => e.actor === 'Inventory').map((e) => e.kind === 'retry.scheduled' && e.data.delayTicks)).toEqual([0]);
  });

  it('a concurrency limit in code reaches the broker', () => {
    const running = (r: RunResult) => {
      let now = 0;
      let peak = 0;
      for (const e of r.trace) {
        if (e.actor !== 'Inventory') continue;
        if (e.kind === 'handler.started' && e.data.handler === 'ReserveStock') peak = Math.max(peak, ++now);
        if ((e.kind === 'handler.completed' || e.kind === 'handler.failed') && e.data.handler === 'ReserveStock') now--;
      }
      return peak;
    };
    const burst = (src: string) => {
      const s = withOptions(src, { concurrency: 8 });
      return { ...s, workload: [{ kind: 'burst' as const, service: 'Ordering', handler: 'PlaceOrder', count: 6, body: { orderId: 'o-{n}', sku: 'sku-{n%2}' } }] };
    };
    expect(running(runScenario(burst('{}'), { seed: 1 }))).toBeGreaterThan(2);
    expect(running(runScenario(burst('{ concurrency: 2 }'), { seed: 1 }))).toBe(2);
  });

  it('a circuit breaker in code opens after consecutive failures', () => {
    const r = runScenario(withOptions(`{ circuitBreaker: { tripThreshold: 2, resetAfterTicks: 500 } }`), { seed: 1, faults: [{ type: 'handler-throws', service: 'Inventory', handler: 'ReserveStock', target: 'attempt', every: true }] });
    expect(kinds(r, 'circuit.changed').map((e) => e.kind === 'circuit.changed' && e.data.state)[0]).toBe('open');
  });

  it.each([
    [`{ retry: { kind: 'sometimes', limit: 1 } }`, /defineHandler options\)\.retry\.kind: must be one of/],
    [`{ concurrency: 0 }`, /defineHandler options\)\.concurrency: must be a positive integer/],
    [`{ circuitBreaker: { mode: 'off' } }`, /circuitBreaker\.mode: must be "fail-fast" or "pause"/],
    [`{ prefetch: 3 }`, /unknown option\(s\) prefetch \(known: retry, circuitBreaker, concurrency, producer, publisherConfirms\)/],
    [`{ retry: { kind: 'immediate', limit: 1, when: () => true } }`, /options must be a plain object of JSON data/],
  ])('rejects %s with a clear message', (options, message) => {
    let error: unknown;
    try {
      runScenario(withOptions(options), { seed: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(message);
  });
});
