// What a breaker does that per-message backoff does not, as checks: few attempts while the
// database is down (peak-load 'during-outage', scaled by each outage's length) and work resuming
// soon after it is back (resumes-after-outage). Literal traces, explanations included; and the
// seeded end of a db-outage with durationJitterTicks, read back from the trace.
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/engine/checks/registry';
import { outagesOf } from '../../src/engine/checks/outages';
import { runScenario } from '../../src/engine/index';
import type { FaultSpec, Scenario } from '../../src/engine/scenario/types';
import type { Json } from '../../src/engine/scenario/json';
import { completed, started, trace } from './fixtures';
import { flow } from '../faults/flow';

const failed = (messageId: string, deliveryId: string, tick: number) =>
  ({ kind: 'handler.failed', tick, actor: 'Inventory', messageId, deliveryId, data: { service: 'Inventory', handler: 'ReserveStock', error: 'DatabaseUnavailable: down', transient: true } });
const outage = (fromTick: number, durationTicks: number): FaultSpec => ({ type: 'db-outage', service: 'Inventory', fromTick, durationTicks });
const run = (name: string, t: ReturnType<typeof trace>, options: Json, faults: FaultSpec[]) => runCheck(name, { trace: t, scenario: {} as Scenario, finalDb: {}, options, faults });

// the database is down 1,000–3,000; four attempts fail at 1,000 and retry together at 2,500
// (still down) and 4,000 (back for a second already)
const backoff = trace(
  ...[1, 2, 3, 4].flatMap((n) => [started(`m-${n}`, `d-${n}`, 1000), failed(`m-${n}`, `d-${n}`, 1020)]),
  ...[1, 2, 3, 4].flatMap((n) => [started(`m-${n}`, `d-${n}`, 2500), failed(`m-${n}`, `d-${n}`, 2520)]),
  ...[1, 2, 3, 4].flatMap((n) => [started(`m-${n}`, `d-${n}`, 4000), completed(`m-${n}`, `d-${n}`, 4020)]),
);

describe('peak-load during-outage', () => {
  it('counts attempts while the database is down against max + perSecond × its length', () => {
    expect(run('peak-load', backoff, { service: 'Inventory', measure: 'during-outage', max: 5, perSecond: 1 }, [outage(1000, 2000)]).errors).toEqual([{
      anomaly: 'overload',
      explanation: 'Inventory made 8 attempts while the Inventory database was down (1,000 to 3,000 ms); at most 7 may reach it in those 2,000 ms',
      eventRefs: [0, 2, 4, 6, 8, 10, 12, 14],
    }]);
    expect(run('peak-load', backoff, { service: 'Inventory', measure: 'during-outage', max: 4, perSecond: 2 }, [outage(1000, 2000)]).valid).toBe(true);
    // no outage in the run: nothing to judge
    expect(run('peak-load', backoff, { service: 'Inventory', measure: 'during-outage', max: 0 }, []).valid).toBe(true);
  });

  it('spaced: messages tried again in one outage may probe at most perSecond a second, where the total alone would pass', () => {
    expect(run('peak-load', backoff, { service: 'Inventory', measure: 'during-outage', max: 4, perSecond: 2, spaced: true }, [outage(1000, 2000)]).errors).toEqual([{
      anomaly: 'overload',
      explanation: 'Inventory made 4 attempts within 1,000 ms from 2,500 that tried a message again while the Inventory database was down (1,000 to 3,000 ms); at most 2 a second may probe it',
      eventRefs: [8, 10, 12, 14],
    }]);
    // a breaker: four fail together, then one trial a second (m-1 again, then m-2)
    const breaker = trace(
      ...[1, 2, 3, 4].flatMap((n) => [started(`m-${n}`, `d-${n}`, 1000), failed(`m-${n}`, `d-${n}`, 1020)]),
      started('m-1', 'd-5', 2020), failed('m-1', 'd-5', 2040),
      started('m-2', 'd-6', 3040), completed('m-2', 'd-6', 3060),
    );
    expect(run('peak-load', breaker, { service: 'Inventory', measure: 'during-outage', max: 4, perSecond: 1, spaced: true }, [outage(1000, 2100)]).valid).toBe(true);
  });
});

describe('resumes-after-outage', () => {
  it('fails work that waits long after the database is back, and says how long', () => {
    expect(run('resumes-after-outage', backoff, { service: 'Inventory', handler: 'ReserveStock', withinTicks: 500, describe: 'a trial finds out' }, [outage(1000, 2000)]).errors).toEqual([{
      anomaly: 'slow-recovery',
      explanation: 'the Inventory database was back at 3,000 ms, but Inventory.ReserveStock completed nothing until 4,020 ms: the waiting work sat idle 1,020 ms, at most 500 ms are allowed — a trial finds out',
      eventRefs: [17],
    }]);
    expect(run('resumes-after-outage', backoff, { service: 'Inventory', withinTicks: 1020 }, [outage(1000, 2000)]).valid).toBe(true);
  });

  it('fails work that never resumes, and does not judge an outage nothing waited for', () => {
    const never = trace(started('m-1', 'd-1', 1000), failed('m-1', 'd-1', 1020));
    expect(run('resumes-after-outage', never, { service: 'Inventory', withinTicks: 500 }, [outage(1000, 2000)]).errors.map((e) => e.anomaly)).toEqual(['never-resumed']);
    expect(run('resumes-after-outage', never, { service: 'Inventory', withinTicks: 500 }, [outage(5000, 2000)]).valid).toBe(true);
  });

  it('treats outages closer than withinTicks as one', () => {
    // back at 3,000 for 200 ms only, then down to 3,800: judged from 3,800
    expect(run('resumes-after-outage', backoff, { service: 'Inventory', withinTicks: 500 }, [outage(1000, 2000), outage(3200, 600)]).valid).toBe(true);
    expect(outagesOf([], [outage(1000, 2000), outage(3200, 600)], 'Inventory')).toEqual([{ fromTick: 1000, untilTick: 3000 }, { fromTick: 3200, untilTick: 3800 }]);
    expect(outagesOf([], [outage(3200, 600), outage(1000, 2000)], 'Inventory', 200)).toEqual([{ fromTick: 1000, untilTick: 3800 }]);
  });

  it('explains missing options', () => {
    const scenario = flow({});
    const check = (o: Json) => (runCheck('resumes-after-outage', { trace: [], scenario, finalDb: {}, options: o }).valid);
    expect(check({ withinTicks: 5 })).toBe(false);
  });
});

describe('db-outage durationJitterTicks', () => {
  it('draws each outage end from the seed, records it, and the checks read it', () => {
    const fault = { type: 'db-outage', service: 'Inventory', fromTick: 100, durationTicks: 1000, durationJitterTicks: 3000 };
    const ends = [1, 2, 3, 4].map((seed) => {
      const r = runScenario(flow({}), { seed, faults: [fault] });
      const [o] = outagesOf(r.trace, [fault], 'Inventory');
      expect(r.trace.some((e) => e.kind === 'fault.injected' && (e.text ?? '').includes(`to ${o!.untilTick}:`))).toBe(true);
      return o!.untilTick;
    });
    for (const end of ends) expect(end).toBeGreaterThanOrEqual(1100), expect(end).toBeLessThanOrEqual(4100);
    expect(new Set(ends).size).toBeGreaterThan(1);
    expect(runScenario(flow({}), { seed: 2, faults: [fault] }).hash).toBe(runScenario(flow({}), { seed: 2, faults: [fault] }).hash);
  });
});
