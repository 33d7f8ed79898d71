// Time-zone determinism: the same inputs give the same trace hash whatever the machine's time
// zone. Handler code runs in a QuickJS realm whose local time is pinned to UTC (src/realm/
// quickjs.ts), and the engine itself never reads the host clock. Node re-reads process.env.TZ
// when it changes, so one process tries the three zones in turn; the host's own Date is checked
// to really change with them, so equal hashes mean something.
// Sized for CI (seconds): 20 seeds of the default scenario, every built-in scenario on 2 seeds,
// every lesson solution on its first check run, and a handler that parses dates without a zone;
// TZ_SEEDS=200 runs a full sweep (200 seeds of the default scenario, 20 of each built-in one,
// every check run of every lesson).
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { builtinScenarios, defaultScenario } from '../../src/scenarios/index';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { lessonRuns, resolveScenario, solutionFiles } from '../../src/content/resolve';
import { oneQueueScenario } from './helpers';

const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata'];
const originalTz = process.env.TZ;
const { course } = await loadCourseFromDisk();

const zoneless = oneQueueScenario(`export default async (msg, ctx) => {
  const d = new Date('2026-03-08T02:30:00');
  const e = new Date('March 8, 2026 02:30');
  ctx.log([d.getTime(), d.getHours(), e.getTime(), new Date(2026, 10, 1, 1, 30).getTime(), d.toString(), d.getTimezoneOffset(), Date.parse('2026-07-01 12:00')].join('|'));
};`, { count: 3 });

const SEEDS = Number(process.env.TZ_SEEDS ?? 20);

function hashesInThisZone(): string[] {
  const hashes: string[] = [];
  for (let seed = 0; seed < SEEDS; seed++) hashes.push(runScenario(defaultScenario, { seed }).hash);
  for (const scenario of builtinScenarios) for (let seed = 1; seed <= Math.max(2, SEEDS / 10); seed++) hashes.push(`${scenario.id}:${runScenario(scenario, { seed }).hash}`);
  for (const lesson of course.lessons) {
    for (const run of lessonRuns(lesson).slice(0, SEEDS >= 200 ? undefined : 1)) hashes.push(`${lesson.id}:${runScenario(resolveScenario(lesson, solutionFiles(lesson)), { seed: run.seed, faults: run.faults }).hash}`);
  }
  hashes.push(`zoneless:${runScenario(zoneless).hash}`);
  return hashes;
}

describe('time zones', { timeout: 180_000 }, () => {
  afterAll(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('give identical hashes in UTC, New York and Kolkata', () => {
    const byZone = new Map<string, string[]>();
    const hostOffsets: number[] = [];
    for (const zone of ZONES) {
      process.env.TZ = zone;
      hostOffsets.push(new Date(2026, 0, 15, 12).getTimezoneOffset());
      byZone.set(zone, hashesInThisZone());
    }
    expect(hostOffsets).toEqual([0, 300, -330]); // the host really changed zones
    expect(byZone.get('America/New_York')).toEqual(byZone.get('UTC'));
    expect(byZone.get('Asia/Kolkata')).toEqual(byZone.get('UTC'));
  });

  it('parses dates without a zone as UTC inside handlers, in every zone', () => {
    for (const zone of ZONES) {
      process.env.TZ = zone;
      const logs = runScenario(zoneless).trace.filter((e) => e.kind === 'handler.logged').map((e) => (e.data as { text: string }).text);
      expect(logs[0], zone).toBe(`${Date.UTC(2026, 2, 8, 2, 30)}|2|${Date.UTC(2026, 2, 8, 2, 30)}|${Date.UTC(2026, 10, 1, 1, 30)}|Sun Mar 08 2026 02:30:00 GMT+0000|0|${Date.UTC(2026, 6, 1, 12)}`);
    }
  });
});
