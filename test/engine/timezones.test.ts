// Time-zone determinism: the same inputs give the same trace hash whatever the machine's time
// zone. Handler code runs in a QuickJS realm whose local time is pinned to UTC (src/realm/
// quickjs.ts), and the engine itself never reads the host clock. Node re-reads process.env.TZ
// when it changes, so one process tries the four zones in turn; the host's own Date is checked
// to really change with them, so equal hashes mean something.
// The jobs: TZ_SEEDS seeds of the default and every built-in scenario and of every lesson
// solution (its check runs in turn), and a handler that parses dates without a zone. Sized for
// CI (seconds): without TZ_SEEDS, one seed; UTC runs every job, New York, Kolkata and Chatham a
// third of them each (every job is compared once) and the date handler. TZ_SEEDS=200 is the full sweep:
// every job in every zone.
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario, type FaultSpec, type Scenario } from '../../src/engine/index';
import { builtinScenarios, defaultScenario } from '../../src/scenarios/index';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { lessonRuns, resolveScenario, solutionFiles } from '../../src/content/resolve';
import { oneQueueScenario } from './helpers';

// Chatham: a 45-minute offset (+13:45 in January) with its own daylight-saving rule.
const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'];
const originalTz = process.env.TZ;
const { course } = await loadCourseFromDisk();

const zoneless = oneQueueScenario(`export default async (msg, ctx) => {
  const d = new Date('2026-03-08T02:30:00');
  const e = new Date('March 8, 2026 02:30');
  ctx.log([d.getTime(), d.getHours(), e.getTime(), new Date(2026, 10, 1, 1, 30).getTime(), d.toString(), d.getTimezoneOffset(), Date.parse('2026-07-01 12:00')].join('|'));
};`, { count: 3 });

const FULL = process.env.TZ_SEEDS !== undefined;
const SEEDS = Math.max(1, Number(process.env.TZ_SEEDS ?? 1));

interface Job { label: string; scenario: Scenario; seed: number; faults?: FaultSpec[] }
const jobs: Job[] = [];
for (let i = 0; i < SEEDS; i++) {
  for (const scenario of new Set([defaultScenario, ...builtinScenarios])) jobs.push({ label: `#${jobs.length} ${scenario.id}:${i + 1}`, scenario, seed: i + 1 });
  for (const lesson of course.lessons) {
    const runs = lessonRuns(lesson);
    const run = runs[i % runs.length]!;
    const seed = SEEDS <= runs.length ? run.seed : run.seed + 1000 * Math.floor(i / runs.length);
    jobs.push({ label: `#${jobs.length} ${lesson.id}:${seed}`, scenario: resolveScenario(lesson, solutionFiles(lesson), run.scenario), seed, faults: run.faults });
  }
}
jobs.push({ label: 'zoneless', scenario: zoneless, seed: 1 });

/** Hashes by job label, of the jobs zone number `z` runs. */
function hashesInThisZone(z: number): Map<string, string> {
  const hashes = new Map<string, string>();
  jobs.forEach((job, i) => {
    if (FULL || z === 0 || i % (ZONES.length - 1) === z - 1 || job.label === 'zoneless') hashes.set(job.label, runScenario(job.scenario, { seed: job.seed, ...(job.faults ? { faults: job.faults } : {}) }).hash);
  });
  return hashes;
}

describe('time zones', { timeout: FULL ? 7_200_000 : 180_000 }, () => {
  afterAll(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('give identical hashes in UTC, New York, Kolkata and Chatham', () => {
    const hostOffsets: number[] = [];
    const byZone = ZONES.map((zone, z) => {
      process.env.TZ = zone;
      hostOffsets.push(new Date(2026, 0, 15, 12).getTimezoneOffset());
      return hashesInThisZone(z);
    });
    expect(hostOffsets).toEqual([0, 300, -330, -825]); // the host really changed zones
    const utc = byZone[0]!;
    expect(utc.size).toBe(jobs.length);
    const compared = new Set<string>();
    for (const [z, hashes] of byZone.entries()) {
      if (z === 0) continue;
      for (const [label, hash] of hashes) {
        expect(hash, `${label} in ${ZONES[z]}`).toBe(utc.get(label));
        compared.add(label);
      }
    }
    expect(compared.size).toBe(jobs.length); // every job compared in another zone
  });

  it('parses dates without a zone as UTC inside handlers, in every zone', () => {
    for (const zone of ZONES) {
      process.env.TZ = zone;
      const logs = runScenario(zoneless).trace.filter((e) => e.kind === 'handler.logged').map((e) => (e.data as { text: string }).text);
      expect(logs[0], zone).toBe(`${Date.UTC(2026, 2, 8, 2, 30)}|2|${Date.UTC(2026, 2, 8, 2, 30)}|${Date.UTC(2026, 10, 1, 1, 30)}|Sun Mar 08 2026 02:30:00 GMT+0000|0|${Date.UTC(2026, 6, 1, 12)}`);
    }
  });
});
