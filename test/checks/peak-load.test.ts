// peak-load on literal traces (explanations included: they are what a learner reads), and on a
// real run where synchronised retries hit a database the moment it comes back.
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/engine/checks/registry';
import { runScenario } from '../../src/engine/index';
import type { Scenario } from '../../src/engine/scenario/types';
import type { Json } from '../../src/engine/scenario/json';
import { completed, started, trace } from './fixtures';
import { flow } from '../faults/flow';

const check = (t: ReturnType<typeof trace>, options: Json) => runCheck('peak-load', { trace: t, scenario: {} as Scenario, finalDb: {}, options });
const failed = (messageId: string, deliveryId: string, tick: number, error: string) =>
  ({ kind: 'handler.failed', tick, actor: 'Inventory', messageId, deliveryId, data: { service: 'Inventory', handler: 'ReserveStock', error, transient: true } });

// five attempts: three within 100 ms from 1,000, then two spread out
const wave = trace(
  started('m-1', 'd-1', 0), completed('m-1', 'd-1', 20),
  started('m-2', 'd-2', 1000), started('m-3', 'd-3', 1010), started('m-4', 'd-4', 1090),
  completed('m-2', 'd-2', 1200), completed('m-3', 'd-3', 1210), completed('m-4', 'd-4', 1290),
  started('m-5', 'd-5', 2000), completed('m-5', 'd-5', 2010),
);

describe('peak-load', () => {
  it('finds the densest window and names its attempts', () => {
    expect(check(wave, { service: 'Inventory', handler: 'ReserveStock', max: 2, windowTicks: 100 }).errors).toEqual([{
      anomaly: 'overload',
      explanation: 'Inventory.ReserveStock made 3 attempts within 100 ms from 1,000; at most 2 per 100 ms are allowed',
      eventRefs: [2, 3, 4],
    }]);
  });

  it('passes at or under the limit, and with a narrower window', () => {
    expect(check(wave, { service: 'Inventory', max: 3, windowTicks: 100 }).valid).toBe(true);
    expect(check(wave, { service: 'Inventory', max: 2, windowTicks: 80 }).valid).toBe(true);
  });

  it('counts only attempts starting in [fromTick, toTick)', () => {
    expect(check(wave, { service: 'Inventory', max: 1, fromTick: 1500 }).valid).toBe(true);
    expect(check(wave, { service: 'Inventory', max: 2, fromTick: 500, toTick: 1100, describe: 'the database takes 2 commits per 100 ms' }).errors[0].explanation)
      .toBe('Inventory made 3 attempts within 100 ms from 1,000 between 500 and 1,100; at most 2 per 100 ms are allowed — the database takes 2 commits per 100 ms');
  });

  it('judges several rules at once, each with its own window and span', () => {
    const rules: Json[] = [{ service: 'Inventory', max: 2, fromTick: 900 }, { service: 'Inventory', max: 4, windowTicks: 5000, toTick: 1500, describe: 'back off while it is down' }];
    expect(check(wave, { rules }).errors.map((e) => e.explanation)).toEqual(['Inventory made 3 attempts within 100 ms from 1,000 between 900 and the end; at most 2 per 100 ms are allowed']);
    expect(check(wave, { rules: [rules[1]!, { service: 'Inventory', max: 3, windowTicks: 100 }] }).errors.map((e) => e.explanation)).toEqual([]);
    expect(check(wave, { rules: [{ service: 'Inventory', max: 3, windowTicks: 5000, toTick: 1500 }, { service: 'Inventory', max: 1, measure: 'concurrent', toTick: 500 }] }).valid).toBe(false);
  });

  it('measures attempts running at once', () => {
    expect(check(wave, { service: 'Inventory', max: 2, measure: 'concurrent' }).errors).toEqual([{
      anomaly: 'overload', explanation: 'Inventory ran 3 attempts at once at 1,090; at most 2 may run together', eventRefs: [2, 3, 4],
    }]);
    expect(check(wave, { service: 'Inventory', max: 3, measure: 'concurrent' }).valid).toBe(true);
  });

  it('an attempt ending frees its place before the next one starts at the same tick', () => {
    const t = trace(started('m-1', 'd-1', 0), completed('m-1', 'd-1', 50), started('m-2', 'd-2', 50), completed('m-2', 'd-2', 90));
    expect(check(t, { service: 'Inventory', max: 1, measure: 'concurrent' }).valid).toBe(true);
  });

  it('attempts an open circuit failed fast never reached the dependency', () => {
    const t = trace(
      started('m-1', 'd-1', 0), failed('m-1', 'd-1', 0, 'CircuitOpen: circuit open for ReserveStock until 500'),
      started('m-2', 'd-2', 10), failed('m-2', 'd-2', 10, 'CircuitOpen: circuit open for ReserveStock until 500'),
      started('m-3', 'd-3', 20), failed('m-3', 'd-3', 40, 'DatabaseUnavailable: the Inventory database is unavailable'),
    );
    expect(check(t, { service: 'Inventory', max: 1 }).valid).toBe(true);
  });

  it('a crash ends the attempts it killed', () => {
    const t = trace(started('m-1', 'd-1', 0), { kind: 'service.crashed', tick: 10, actor: 'Inventory', data: { service: 'Inventory', lostInvocations: 1 } }, started('m-1', 'd-2', 500));
    expect(check(t, { service: 'Inventory', max: 1, measure: 'concurrent' }).valid).toBe(true);
  });

  it('explains missing options', () => {
    expect(check(wave, { max: 2 }).errors[0].anomaly).toBe('bad-options');
  });

  it('sees a retry storm in a real run, and jitter spread it', () => {
    const storm = (kind: string) => {
      const s = flow({ retry: { kind, limit: 6, baseTicks: 200, capTicks: 5000 }, concurrency: 20 });
      return { ...s, workload: [{ kind: 'burst' as const, service: 'Ordering', handler: 'PlaceOrder', count: 20, body: { orderId: 'o-{n}', sku: 'sku-{n%2}' } }] };
    };
    const faults = [{ type: 'db-outage', service: 'Inventory', fromTick: 0, durationTicks: 2000 }];
    const options = { service: 'Inventory', handler: 'ReserveStock', max: 8, windowTicks: 100, fromTick: 2000 };
    const plain = runScenario(storm('exponential'), { seed: 1, faults });
    const jittered = runScenario(storm('full-jitter'), { seed: 1, faults });
    const result = (r: typeof plain) => runCheck('peak-load', { trace: r.trace, scenario: {} as Scenario, finalDb: {}, options });
    expect(result(plain).valid).toBe(false);
    expect(result(plain).errors[0].explanation).toMatch(/^Inventory\.ReserveStock made 20 attempts within 100 ms from /);
    expect(result(jittered).valid).toBe(true);
  });
});
