// Time-zone determinism in Chromium: the built site's simulator worker, in browser contexts set
// to UTC, America/New_York, Asia/Kolkata and Pacific/Chatham (playwright's timezoneId), gives for every scenario
// and every lesson solution the trace hash Node gives. The page and the worker are checked to
// really be in that zone, so equal hashes mean something.
// The worker is the site's own (the script the app starts), driven with comlink's wire format
// from the page, so no UI is in the way. The jobs: TZ_SEEDS seeds of the default and every
// built-in scenario and of every lesson solution (its check runs in turn), and a handler that
// parses dates without a zone. Sized for CI (seconds): without TZ_SEEDS, one seed, each zone
// runs the date handler and a quarter of the jobs (every job runs in one zone); TZ_SEEDS=200 runs
// the full sweep, every job in every zone.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, type FaultSpec, type Scenario } from '../../src/engine/index';
import { builtinScenarios, defaultScenario } from '../../src/scenarios/index';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { lessonRuns, resolveScenario, solutionFiles } from '../../src/content/resolve';
import { CHROMIUM_PATH, startHarness, type Harness } from './harness';
import { oneQueueScenario } from '../engine/helpers';

const ZONES: [string, number][] = [['UTC', 0], ['America/New_York', 300], ['Asia/Kolkata', -330], ['Pacific/Chatham', -825]];
const FULL = process.env.TZ_SEEDS !== undefined;
const SEEDS = Math.max(1, Number(process.env.TZ_SEEDS ?? 1));
const BATCH = 40;

interface Job { label: string; scenario: Scenario; seed: number; faults?: FaultSpec[] }

const zoneless = oneQueueScenario(`export default async (msg, ctx) => {
  const d = new Date('2026-03-08T02:30:00');
  ctx.log([d.getTime(), d.getHours(), new Date('March 8, 2026 02:30').getTime(), new Date(2026, 10, 1, 1, 30).getTime(), d.toString(), d.getTimezoneOffset(), Date.parse('2026-07-01 12:00')].join('|'));
};`, { count: 3 });

const { course } = await loadCourseFromDisk();
const jobs: Job[] = [];
for (let i = 0; i < SEEDS; i++) {
  for (const scenario of new Set([defaultScenario, ...builtinScenarios])) jobs.push({ label: `#${jobs.length} ${scenario.id}:${i + 1}`, scenario, seed: i + 1 });
  for (const lesson of course.lessons) {
    const runs = lessonRuns(lesson);
    const run = runs[i % runs.length]!;
    const scenario = resolveScenario(lesson, solutionFiles(lesson), run.scenario);
    const seed = SEEDS <= runs.length ? run.seed : run.seed + 1000 * Math.floor(i / runs.length);
    jobs.push({ label: `#${jobs.length} ${lesson.id}:${seed}`, scenario, seed, faults: run.faults });
  }
}

const probe: Job = { label: 'dates without a zone', scenario: zoneless, seed: 1 };
const jobsIn = (zone: number): Job[] => [probe, ...jobs.filter((_, i) => FULL || i % ZONES.length === zone)];

/** In the page: a worker from the site's own simulator script, asked over comlink's wire format. */
async function runInWorker(page: Page, workerUrl: string, requests: unknown[]): Promise<string[]> {
  const arg: { url: string; batch: unknown[] } = { url: workerUrl, batch: requests };
  return page.evaluate(async ({ url, batch }: { url: string; batch: unknown[] }) => {
    const w = window as unknown as { simWorker?: Worker };
    w.simWorker ??= new Worker(url, { type: 'module' });
    const worker = w.simWorker;
    const call = (id: string, request: unknown) => new Promise<string>((resolve, reject) => {
      const listen = (e: MessageEvent) => {
        const data = e.data as { id?: string; type?: string; value?: { hash?: string; value?: { message?: string } } };
        if (data?.id !== id) return;
        worker.removeEventListener('message', listen);
        if (data.type === 'RAW' && typeof data.value?.hash === 'string') resolve(data.value.hash);
        else reject(new Error(`the worker answered ${JSON.stringify(data).slice(0, 300)}`));
      };
      worker.addEventListener('message', listen);
      worker.postMessage({ id, type: 'APPLY', path: ['run'], argumentList: [{ type: 'RAW', value: request }] });
    });
    const hashes: string[] = [];
    for (const [i, request] of batch.entries()) hashes.push(await call(`tz-${Date.now()}-${i}`, request));
    return hashes;
  }, arg);
}

describe('time zones in Chromium', { timeout: FULL ? 7_200_000 : 600_000 }, () => {
  let harness: Harness;
  let browser: Browser;
  const nodeHashes = new Map<string, string>();

  beforeAll(async () => {
    harness = await startHarness();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    for (const job of [...jobs, probe]) nodeHashes.set(job.label, runScenario(job.scenario, { seed: job.seed, ...(job.faults ? { faults: job.faults } : {}) }).hash);
  }, FULL ? 7_200_000 : 600_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  for (const [z, [zone, offset]] of ZONES.entries()) {
    const mine = jobsIn(z);
    it(`gives Node's hashes in ${zone} (${mine.length} runs)`, async () => {
      const context = await browser.newContext({ timezoneId: zone });
      try {
        const page = await context.newPage();
        const started = page.waitForEvent('worker', { predicate: (w) => /simulator/.test(w.url()), timeout: 60_000 });
        await page.goto(`${harness.baseUrl}?autoplay=0`);
        const appWorker = await started;
        // The zone really is in force, in the page and in the worker.
        expect(await page.evaluate(() => new Date(2026, 0, 15, 12).getTimezoneOffset())).toBe(offset);
        expect(await appWorker.evaluate(() => new Date(2026, 0, 15, 12).getTimezoneOffset())).toBe(offset);
        const hashes: string[] = [];
        for (let at = 0; at < mine.length; at += BATCH) {
          const batch = mine.slice(at, at + BATCH).map(({ scenario, seed, faults }) => ({ scenario, seed, ...(faults ? { faults } : {}) }));
          hashes.push(...(await runInWorker(page, appWorker.url(), batch)));
        }
        const mismatched = mine.map((job, i) => (hashes[i] === nodeHashes.get(job.label) ? null : `${job.label}: ${hashes[i]} ≠ ${nodeHashes.get(job.label)}`)).filter(Boolean);
        expect(mismatched).toEqual([]);
        expect(hashes).toHaveLength(mine.length);
      } finally {
        await context.close();
      }
    }, FULL ? 7_200_000 : 600_000);
  }
});
