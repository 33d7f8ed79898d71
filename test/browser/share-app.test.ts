// Sharing in the playground, in real Chromium: a share link opens the same run (same trace
// hash, same cursor) and says it reproduced it; bad links (truncated, random, newer version,
// invalid, 1 MB) each open the app with a clear message and leave saved work untouched; a link
// with handler code asks first and lists the handlers; the Share dialog gives a short link and
// an embed snippet; a .brokerlab.json file opens from the file picker; presenter mode steps with
// the arrow keys. Screenshots go to test-results/.

import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { builtinScenarios } from '../../src/scenarios/index';
import { encodeState, fileState, shareStateOf, shareUrl, stateToFile, withHandlerSources } from '../../src/share/index';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { resolveScenario } from '../../src/content/resolve';
import { fileTexts } from '../../src/ui/share/link-code';
import { badLinks } from '../share/fixtures';
import { startHarness, type Harness } from './harness';

const SAVED = {
  'brokerlab:drafts:v1:order-flow': JSON.stringify({ version: 1, scope: 'order-flow', files: { 'inventory.ts': { text: '// my own work', base: '', savedAtMs: 1 } }, updatedAtMs: 1 }),
  'brokerlab:progress': '{"inbox":"solved"}',
};

describe('sharing in the playground', () => {
  let harness: Harness;
  let page: Page;
  const errors: string[] = [];
  const scenario = builtinScenarios.find((s) => s.id === 'order-flow')!;
  const faults = [{ type: 'duplicate-delivery', service: 'Inventory', nth: 1 }];
  const expected = runScenario(scenario, { seed: 7, faults });
  const state = shareStateOf({ scenario, seed: 7, faults, position: 20, hash: expected.hash }, scenario);

  const hashShown = () => page.locator('[data-testid="trace-hash"]').getAttribute('data-hash');
  const saved = () => page.evaluate((keys) => keys.map((k) => localStorage.getItem(k)), Object.keys(SAVED));

  async function openLink(url: string) {
    await page.goto('about:blank');
    await page.goto(url);
  }

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    harness = await startHarness();
    page = await harness.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${harness.baseUrl}?autoplay=0`);
    await page.evaluate((entries) => { for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v); }, SAVED);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('opens a share link as the same run, at the shared cursor, and says it reproduced it', async () => {
    await openLink(shareUrl(`${harness.baseUrl}?autoplay=0`, encodeState(state)));
    await expect.poll(hashShown, { timeout: 30_000 }).toBe(expected.hash);
    await expect.poll(() => page.locator('[data-testid="share-verdict"]').getAttribute('data-verdict'), { timeout: 10_000 }).toBe('same');
    expect(await page.locator('[data-testid="seed"]').inputValue()).toBe('7');
    await page.screenshot({ path: 'test-results/share-opened.png' });
    expect(await saved()).toEqual(Object.values(SAVED));
  });

  for (const bad of badLinks(encodeState(state)).filter((b) => !b.name.includes('zip bomb'))) {
    it(`a bad link (${bad.name}) opens the app with a clear message and changes no saved work`, async () => {
      await openLink(`${harness.baseUrl}?autoplay=0#/share/${bad.payload}`);
      const banner = page.locator('[data-testid="share-problem"]');
      await banner.waitFor({ timeout: 20_000 });
      expect(await banner.getAttribute('data-kind')).toBe(bad.kind);
      expect(await banner.innerText()).toMatch(/saved work is untouched/);
      await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 30_000 });
      expect(await page.locator('[data-testid="share-consent"]').count()).toBe(0);
      if (bad.name === 'truncated to half') await page.screenshot({ path: 'test-results/share-bad-link.png' });
      expect(await saved()).toEqual(Object.values(SAVED));
    });
  }

  it('a link with a scenario that fails the engine\'s validation is refused with its paths', async () => {
    const broken = { ...scenario, id: 'broken', workload: [{ kind: 'steady', service: 'Nobody', handler: 'x', count: 1, body: {} }] } as never;
    await openLink(shareUrl(`${harness.baseUrl}?autoplay=0`, encodeState(shareStateOf({ scenario: broken, seed: 1, faults: [], position: 0 }, undefined))));
    const banner = page.locator('[data-testid="share-problem"]');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.innerText()).toContain('workload[0].service');
    expect(await saved()).toEqual(Object.values(SAVED));
  });

  it('asks before running handler code from a link, listing the handlers that differ', async () => {
    const svc = scenario.services.find((s) => s.handlers.some((h) => 'source' in h.code))!;
    const handler = svc.handlers.find((h) => 'source' in h.code)!;
    const source = (handler.code as { source: string }).source;
    const edited = withHandlerSources(scenario, { [`${svc.name}/${handler.name}`]: `${source}\n// shared edit\n` });
    const editedHash = runScenario(edited, { seed: 3 }).hash;
    await openLink(shareUrl(`${harness.baseUrl}?autoplay=0`, encodeState(shareStateOf({ scenario: edited, seed: 3, faults: [], position: 0, hash: editedHash }, scenario))));
    const dialog = page.locator('[data-testid="share-consent"]');
    await dialog.waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="consent-handler"]').allInnerTexts()).toEqual([expect.stringContaining(`${svc.name}/${handler.name}`)]);
    await page.screenshot({ path: 'test-results/share-consent.png' });
    await page.locator('[data-testid="consent-run"]').click();
    await expect.poll(hashShown, { timeout: 30_000 }).toBe(editedHash);
    expect(await saved()).toEqual(Object.values(SAVED));
  });

  it('a lesson link opens the lesson page with the link\'s code, seed, faults and cursor', async () => {
    const { course } = await loadCourseFromDisk();
    const lesson = course.lessons.find((l) => l.id === 'inbox')!;
    const base = resolveScenario(lesson, lesson.starter);
    const svc = base.services.find((s) => s.handlers.some((h) => 'source' in h.code))!;
    const h = svc.handlers.find((x) => 'source' in x.code)!;
    const source = (h.code as { source: string }).source;
    const edited = withHandlerSources(base, { [`${svc.name}/${h.name}`]: `${source}\n// shared from a lesson\n` });
    const seed = lesson.meta.seeds[0]!;
    const linkFaults = [{ type: 'duplicate-delivery', service: svc.name, nth: 1 }];
    const link = encodeState(shareStateOf({ scenario: edited, seed, faults: linkFaults, position: 17, lessonId: lesson.id }, base));
    expect(link.length).toBeLessThan(4000);
    await openLink(shareUrl(`${harness.baseUrl}?autoplay=0`, link));
    await page.locator('[data-testid="share-consent"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="consent-run"]').click();
    await page.locator(`[data-testid="lesson"][data-lesson="${lesson.id}"]`).waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => location.hash)).toBe(`#/lessons/${lesson.id}`);
    await expect.poll(() => page.locator('[data-testid="run-label"]').innerText(), { timeout: 20_000 }).toMatch(new RegExp(`^Shared run · seed ${seed} · 1 fault`));
    await expect.poll(() => page.locator('[data-testid="position"] strong').innerText(), { timeout: 20_000 }).toBe('17');
    // The Code tab reads the lesson's drafts: they hold the code that ran.
    const drafts = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), `brokerlab:drafts:v1:lesson:${lesson.id}`);
    const file = Object.keys(fileTexts(edited)).find((id) => fileTexts(edited)[id] !== fileTexts(base)[id])!;
    expect(drafts.files[file].text).toBe(fileTexts(edited)[file]);
    expect(await page.getByTestId('tab-code').textContent()).toContain('•');
    await page.screenshot({ path: 'test-results/share-lesson-link.png' });
    expect(await saved()).toEqual(Object.values(SAVED));
  });

  it('a link whose code differs from my saved edit lets me choose; the Code tab shows the code that ran; my edit is restorable', async () => {
    const files = fileTexts(scenario);
    const file = Object.keys(files)[0]!;
    const svc = scenario.services.find((s) => s.handlers.some((h) => 'source' in h.code && (h.code.file ?? `${s.name}/${h.name}.ts`) === file))!;
    const h = svc.handlers.find((x) => 'source' in x.code && (x.code.file ?? `${svc.name}/${x.name}.ts`) === file)!;
    const key = `${svc.name}/${h.name}`;
    const mine = `${files[file]}\n// my own work\n`;
    const theirs = `${files[file]}\n// the link's code\n`;
    const myHash = runScenario(withHandlerSources(scenario, { [key]: mine }), { seed: 5 }).hash;
    const linkHash = runScenario(withHandlerSources(scenario, { [key]: theirs }), { seed: 5 }).hash;
    const scope = 'brokerlab:drafts:v1:scenario:order-flow';
    const draft = (text: string) => JSON.stringify({ version: 1, scope: 'scenario:order-flow', files: { [file]: { text, base: files[file], savedAtMs: 1 } }, updatedAtMs: 1 });
    const link = shareUrl(`${harness.baseUrl}?autoplay=0`, encodeState(shareStateOf({ scenario: withHandlerSources(scenario, { [key]: theirs }), seed: 5, faults: [], position: 0, hash: linkHash }, scenario)));
    const draftText = () => page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? '{"files":{}}').files, scope);

    // Keep mine: my code runs on the link's seed, and stays what the drafts (the Code tab) hold.
    await page.evaluate(([k, v]) => { localStorage.setItem(k!, v!); localStorage.removeItem(`${k}~before-link`); }, [scope, draft(mine)]);
    await openLink(link);
    await page.locator('[data-testid="consent-mine"]').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: 'test-results/share-code-choice.png' });
    await page.locator('[data-testid="consent-mine-run"]').click();
    await expect.poll(hashShown, { timeout: 30_000 }).toBe(myHash);
    expect((await draftText())[file].text).toBe(mine);

    // Use the link's: the link's code runs and is in the drafts; mine is kept and restorable.
    await openLink(link);
    await page.locator('[data-testid="consent-mine"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="consent-run"]').click();
    await expect.poll(hashShown, { timeout: 30_000 }).toBe(linkHash);
    expect((await draftText())[file].text).toBe(theirs);
    await page.locator('[data-testid="tab-code"]').click();
    await page.locator('[data-testid="before-link-banner"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="restore-before-link"]').click();
    await expect.poll(hashShown, { timeout: 30_000 }).toBe(myHash);
    expect((await draftText())[file].text).toBe(mine);
    expect(await saved()).toEqual(Object.values(SAVED));
    // Leave no edit behind: later links of this scenario must not ask.
    await page.evaluate((k) => { localStorage.removeItem(k); localStorage.removeItem(`${k}~before-link`); }, scope);
  });

  it('the Share dialog gives a short link and an embed snippet; a saved file opens from the picker', async () => {
    await openLink(`${harness.baseUrl}?autoplay=0`);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="share-button"]').click();
    const link = await page.locator('[data-testid="share-link"]').inputValue();
    expect(link).toContain('#/share/1.');
    expect(link.length).toBeLessThan(500);
    expect(await page.locator('[data-testid="link-size"]').getAttribute('data-size')).toBe('ok');
    expect(await page.locator('[data-testid="embed-code"]').inputValue()).toMatch(/^<iframe src="[^"]*embed\.html[^"]*#\/share\/1\./);
    await page.screenshot({ path: 'test-results/share-dialog.png' });

    const file = join(tmpdir(), `brokerlab-${process.pid}.brokerlab.json`);
    writeFileSync(file, stateToFile(fileState(state, { scenario: (id) => builtinScenarios.find((s) => s.id === id), lesson: () => undefined })));
    await page.locator('[data-testid="open-file"]').setInputFiles(file);
    await expect.poll(hashShown, { timeout: 30_000 }).toBe(expected.hash);
    expect(await saved()).toEqual(Object.values(SAVED));
  });

  it('presenter mode steps through the run with the arrow keys, in large type', async () => {
    await page.locator('[data-testid="present-button"]').click();
    const presenter = page.locator('[data-testid="presenter"]');
    await presenter.waitFor();
    await page.keyboard.press('Home');
    // By default → goes from key moment to key moment, with the moment's caption.
    expect(await page.locator('[data-testid="presenter-stepping"]').inputValue()).toBe('key');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('[data-testid="presenter-step"]').innerText()).toMatch(/^★ 1\/\d+ · step [1-9]\d* \//);
    expect(await page.locator('[data-testid="presenter-moment"]').innerText()).toMatch(/^★ \w/);
    await page.locator('[data-testid="presenter-stepping"]').selectOption('all');
    await page.keyboard.press('Home');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('[data-testid="presenter-step"]').innerText()).toMatch(/(^|· )step 5 \//);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.locator('[data-testid="presenter-step"]').innerText()).toMatch(/(^|· )step 4 \//);
    const size = await page.locator('[data-testid="presenter-caption"] .what').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(24);
    await page.waitForTimeout(400);
    await page.screenshot({ path: 'test-results/share-presenter.png' });
    await page.keyboard.press('Escape');
    await expect.poll(() => presenter.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
