// Hostile shapes at the engine's entry get a clear error with a path, before anything runs:
// seeds that are not integers 0…2³²−1 ("7", 1.5, -1, null and 1e300 used to be accepted),
// NaN/Infinity, getters, cycles, nesting 100,000 levels deep, oversized strings and lists, and
// fault plans or limits asking for more than the ceilings (a 206-character link could ask for a
// 1.5 GB run).
import { describe, expect, it } from 'vitest';
import { FAULT_BOUNDS, LIMITS_CEILING, runScenario, SCENARIO_BOUNDS, SEED_MAX, Simulation, validateScenario, ValidationError, type Scenario } from '../../src/engine/index';
import { defaultScenario } from '../../src/scenarios/index';

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error('expected a ValidationError');
}

const base = defaultScenario;
const entry = base.workload[0]!;

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { v };
  return v;
}

describe('seeds', () => {
  it.each([['"7"', '7'], ['1.5', 1.5], ['-1', -1], ['null', null], ['1e300', 1e300], ['NaN', NaN], ['2^32', SEED_MAX + 1]])('seed %s is refused with its path', (_label, seed) => {
    expect(errorOf(() => new Simulation(base, { seed: seed as number }))).toMatch(/^seed: must be an integer from 0 to 4294967295, got /);
  });

  it('0 and 2^32-1 are accepted', () => {
    expect(() => new Simulation(base, { seed: 0 })).not.toThrow();
    expect(() => new Simulation(base, { seed: SEED_MAX })).not.toThrow();
  });

  it('scenario seeds are checked the same way', () => {
    expect(validateScenario({ ...base, seeds: [1, 2.5] })).toEqual([{ path: 'seeds[1]', message: 'must be an integer from 0 to 4294967295, got 2.5' }]);
  });
});

describe('shapes', () => {
  const withBody = (body: unknown): Scenario => ({ ...base, workload: [{ ...entry, body: body as never }] });

  it('a body nested 100,000 levels deep gets one issue with a path, not a stack overflow', () => {
    const issues = validateScenario(withBody(nested(100_000)));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toMatch(/^workload\[0\]\.body(\.v)+$/);
    expect(issues[0]!.message).toBe(`nested too deeply (more than ${SCENARIO_BOUNDS.depthMax} levels)`);
  });

  it('NaN and Infinity are refused where they are', () => {
    expect(validateScenario(withBody({ total: NaN }))).toEqual([{ path: 'workload[0].body.total', message: 'must be a finite number, got NaN' }]);
    expect(validateScenario({ ...base, limits: { ticksMax: Infinity } })).toEqual([{ path: 'limits.ticksMax', message: 'must be a finite number, got Infinity' }]);
  });

  it('functions, class instances, getters and cycles are refused', () => {
    expect(validateScenario(withBody({ f: () => 1 }))[0]).toEqual({ path: 'workload[0].body.f', message: 'must be plain data (JSON), got a function' });
    expect(validateScenario(withBody({ d: new Date(0) }))[0]!.message).toMatch(/plain object/);
    expect(validateScenario(withBody({ get x() { return 1; } }))[0]).toEqual({ path: 'workload[0].body.x', message: 'must be a plain value, not a getter' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(validateScenario(withBody(cyclic))[0]!.message).toMatch(/cycle/);
  });

  it('oversized strings and lists are refused with the ceiling', () => {
    expect(validateScenario(withBody({ s: 'x'.repeat(SCENARIO_BOUNDS.stringCharsMax + 1) }))[0]!.message).toMatch(/text too long: 10,001 characters \(at most 10,000\)/);
    const many = Array.from({ length: SCENARIO_BOUNDS.listMax + 1 }, (_, i) => ({ type: 'queue', name: `q${i}` }));
    expect(validateScenario({ ...base, entities: many })).toEqual([{ path: 'entities', message: 'too many: 201 (at most 200)' }]);
  });

  it('handler source may be longer than other texts, up to its own ceiling', () => {
    const svc = base.services.find((s) => s.handlers.some((h) => 'source' in h.code))!;
    const long = (n: number): Scenario => ({
      ...base,
      services: base.services.map((s) => (s !== svc ? s : { ...s, handlers: s.handlers.map((h) => ('source' in h.code ? { ...h, code: { ...h.code, source: `${h.code.source}\n${'/'.repeat(n)}` } } : h)) })),
    });
    expect(validateScenario(long(20_000))).toEqual([]);
    expect(validateScenario(long(SCENARIO_BOUNDS.sourceCharsMax))[0]!.message).toMatch(/at most 200,000/);
  });
});

describe('what a scenario or fault plan may ask for', () => {
  it('limits above their ceilings, or unknown, are refused', () => {
    expect(validateScenario({ ...base, limits: { eventsMax: 1e9 } })).toEqual([{ path: 'limits.eventsMax', message: `must be a positive integer up to ${LIMITS_CEILING.eventsMax.toLocaleString('en')}, got 1000000000` }]);
    expect(validateScenario({ ...base, limits: { handlerWorkMax: 1e12 } })[0]!.path).toBe('limits.handlerWorkMax');
    expect(validateScenario({ ...base, limits: { events: 5 } as never })[0]!.message).toMatch(/unknown limit/);
  });

  it('a workload asking for more than 10,000 requests is refused', () => {
    expect(validateScenario({ ...base, workload: [{ ...entry, count: 1_000_000 }] })).toEqual([{ path: 'workload[0].count', message: 'must be a positive integer up to 10,000, got 1000000' }]);
  });

  it('a traffic spike asking for more than 10,000 requests is refused (the 206-character link that asked for 1.5 GB)', () => {
    const spike = { type: 'traffic-spike', service: entry.service!, handler: entry.handler!, atTick: 1, count: 800_000 };
    expect(errorOf(() => runScenario(base, { seed: 1, faults: [spike] }))).toBe(`faultPlan[0].count: must be at most ${FAULT_BOUNDS.trafficSpikeCountMax.toLocaleString('en')}, got 800,000`);
  });

  it('a fault plan of more than 100 faults, or with NaN, is refused', () => {
    const crash = { type: 'crash', service: base.services[0]!.name, atTick: 5 };
    expect(errorOf(() => new Simulation(base, { faults: Array.from({ length: 101 }, () => crash) }))).toBe('faultPlan: too many faults: 101 (at most 100)');
    expect(errorOf(() => new Simulation(base, { faults: [{ ...crash, atTick: NaN }] }))).toBe('faultPlan[0].atTick: must be a finite number, got NaN');
  });

  it('tick values past the ceiling are refused', () => {
    expect(errorOf(() => new Simulation(base, { faults: [{ type: 'crash', service: base.services[0]!.name, atTick: 1e300 }] }))).toMatch(/^faultPlan\[0\]\.atTick: must be at most/);
  });
});
