// The crash-point explorer and the shrinker: the dual-write interview question as a table,
// and a failing chaos plan shrunk to the one explicit fault that matters.
import { describe, expect, it } from 'vitest';
import { exploreCrashPoints, shrinkFaults, NotFailing, type CrashPointRow } from '../../src/engine/explore/index';
import { classify, profile } from '../../src/engine/explore/outcome';
import { runScenario } from '../../src/engine/run';
import { flow } from '../faults/flow';

const table = (rows: CrashPointRow[]) => Object.fromEntries(rows.map((r) => [`${r.service}/${r.handler} ${r.point}`, r.outcome]));

describe('crash-point explorer', () => {
  it('dual-write without inbox: lost after commit, duplicated after the effect', () => {
    const t = table(exploreCrashPoints(flow({ outbox: false, inbox: false, orders: 2 }), { seed: 1 }).rows);
    expect(t['Ordering/PlaceOrder after-commit-before-publish']).toBe('lost');
    expect(t['Inventory/ReserveStock after-commit-before-publish']).toBe('duplicated');
    expect(t['Inventory/ReserveStock before-ack']).toBe('duplicated');
    expect(t['Inventory/ReserveStock before-handler']).toBe('ok');
  });

  it('outbox + inbox: every reached crash point is ok', () => {
    const r = exploreCrashPoints(flow({ orders: 2 }), { seed: 1 });
    expect(r.rows.length).toBeGreaterThan(8);
    expect(r.rows.filter((x) => x.outcome !== 'ok').map((x) => `${x.service}/${x.handler} ${x.point}: ${x.reasons[0]}`)).toEqual([]);
    expect(r.rows.some((x) => x.point === 'relay-after-publish-before-mark')).toBe(true);
  });

  it('reports progress and stops when the callback returns false', () => {
    const seen: number[] = [];
    const r = exploreCrashPoints(flow({ orders: 1 }), { seed: 1, onProgress: ({ done, total }) => { seen.push(done); expect(total).toBe(20); return done < 3; } });
    expect(r.cancelled).toBe(true);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('a crash the baseline never reached is written without its run: the row its run gives', () => {
    for (const scenario of [flow({ outbox: false, inbox: false, orders: 2 }), flow({ orders: 2 })]) {
      const r = exploreCrashPoints(scenario, { seed: 1, includeNotReached: true });
      const skipped = r.rows.filter((row) => row.outcome === 'not-reached');
      expect(skipped.length).toBeGreaterThan(0);
      expect(r.runs).toBe(1 + r.rows.length - skipped.length);
      const baseline = profile(runScenario(scenario, { seed: 1, faults: [] }).trace);
      for (const row of r.rows) {
        const run = runScenario(scenario, { seed: 1, faults: [row.fault] });
        const reached = run.trace.some((e) => e.kind === 'fault.injected' && e.data.fault === 'crash');
        expect({ hash: row.hash, outcome: row.outcome }).toEqual({ hash: run.hash, outcome: reached ? classify(run, baseline).outcome : 'not-reached' });
      }
    }
  });

  it("a scenario's own crash does not make every point reached: a point whose crash never struck reads not-reached, not the baseline's outcome", () => {
    const scenario = { ...flow({ orders: 2 }), faults: [{ type: 'crash', service: 'Inventory', atTick: 150, restartAfterTicks: 100 }] };
    const r = exploreCrashPoints(scenario, { seed: 1, includeNotReached: true });
    const own = r.rows.filter((row) => row.outcome === 'not-reached');
    expect(own.length).toBeGreaterThan(0);
    for (const row of r.rows) {
      const run = runScenario(scenario, { seed: 1, faults: [row.fault] });
      const struck = run.trace.some((e) => e.kind === 'fault.injected' && e.data.fault === 'crash' && (e.data.details as { point?: string } | undefined)?.point === row.point);
      expect(row.outcome === 'not-reached', `${row.service}/${row.handler} ${row.point}`).toBe(!struck);
    }
  });
});

describe('shrinking', () => {
  it('shrinks a failing chaos plan to one explicit fault that still fails the same check', () => {
    const plan = [
      { type: 'chaos', rates: { duplicate: 0.5, delay: 0.3, throw: 0.2 } },
      { type: 'slow-consumer', service: 'Inventory', extraTicks: 10 },
      { type: 'traffic-spike', service: 'Ordering', handler: 'PlaceOrder', atTick: 100, count: 2 },
    ];
    const progress: number[] = [];
    const s = shrinkFaults(flow({ inbox: false }), plan, { seed: 1, onProgress: ({ runs }) => void progress.push(runs) });
    expect(s.check).toBe('no-duplicate-effect');
    expect(s.faults).toHaveLength(1);
    expect(s.faults[0]).toMatchObject({ type: 'duplicate-delivery', nth: expect.any(Number) });
    expect(s.result.checks.find((c) => c.name === 'no-duplicate-effect')!.valid).toBe(false);
    expect(progress.length).toBe(s.runs);
  });

  it('refuses a plan that does not fail', () => {
    expect(() => shrinkFaults(flow(), [], { seed: 1 })).toThrow(NotFailing);
  });

  it('can be cancelled and returns the best plan so far', () => {
    const plan = [{ type: 'duplicate-delivery', service: 'Inventory', nth: 1 }, { type: 'slow-consumer', service: 'Inventory', extraTicks: 10 }, { type: 'delay-delivery', service: 'Ordering', nth: 1, delayTicks: 5 }];
    const s = shrinkFaults(flow({ inbox: false }), plan, { seed: 1, onProgress: ({ runs }) => runs < 2 });
    expect(s.cancelled).toBe(true);
    expect(s.faults.length).toBeLessThanOrEqual(3);
  });
});
