// A first visit in real Chromium: the playground starts paused at step 0 with the scenario's
// intro card (what happens, what to watch, a legend of what this run draws). For every built-in
// scenario: open it, find its intro, then step through its key moments — "★ Step through the
// key moments", then ★› — and check each lands on its event: the cursor just past it, its row
// drawn last and highlighted, its caption shown. The moments expected are computed here in Node
// from the same scenario and seed, so the page cannot pass by showing something else.

import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { builtinScenarios, defaultScenario } from '../../src/scenarios/index';
import { scenarioGuide } from '../../src/scenarios/guides/index';
import { findKeyMoments } from '../../src/projections/key-moments';
import { startHarness, type Harness } from './harness';

describe('first visit: intros and key moments', () => {
  let harness: Harness;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    harness = await startHarness();
    page = await harness.newPage();
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(harness.baseUrl);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    await harness?.close();
  });

  const position = async () => Number((await page.locator('[data-testid="position"] strong').innerText()).replace(/,/g, ''));

  it('starts paused at step 0 with the intro and a clear Play', async () => {
    const intro = page.locator('[data-testid="intro"]');
    await intro.waitFor();
    expect(await intro.getAttribute('data-scenario')).toBe(defaultScenario.id);
    await page.waitForTimeout(600);
    expect(await position()).toBe(0);
    expect(await page.locator('[data-testid="play"]').getAttribute('data-playing')).toBe('false');
    expect(await page.locator('[data-testid="intro-play"]').innerText()).toContain('Play');
    const legend = await page.locator('[data-testid="intro-legend"] li').allInnerTexts();
    expect(legend.some((l) => l.includes('dead letter'))).toBe(true);
    await page.screenshot({ path: 'test-results/first-visit-intro.png' });
    // Closed, it stays closed on the next visit; the "i" button brings it back.
    await page.locator('[data-testid="intro-close"]').click();
    await page.reload();
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(300);
    expect(await intro.count()).toBe(0);
    await page.locator('[data-testid="about"]').click();
    await intro.waitFor();
  });

  for (const scenario of builtinScenarios) {
    it(`${scenario.id}: the intro, then each key moment lands on its event`, async () => {
      const seed = scenario.seeds?.[0] ?? 42;
      const { trace, hash } = runScenario(scenario, { seed });
      const expected = findKeyMoments(trace, scenarioGuide(scenario.id)?.moments ?? []);
      expect(expected.length).toBeGreaterThanOrEqual(3);

      if ((await page.locator('[data-testid="scenario-select"]').inputValue()) !== scenario.id) {
        await page.locator('[data-testid="scenario-select"]').selectOption(scenario.id);
      } else if (await page.locator('[data-testid="intro"]').count() === 0) {
        await page.locator('[data-testid="about"]').click();
      }
      await expect.poll(() => page.locator('[data-testid="trace-hash"]').getAttribute('data-hash'), { timeout: 30_000 }).toBe(hash);
      const intro = page.locator(`[data-testid="intro"][data-scenario="${scenario.id}"]`);
      await intro.waitFor();
      expect(await page.locator('[data-testid="intro-moment"]').count()).toBe(expected.length);

      await page.locator('[data-testid="intro-tour"]').click();
      for (const [i, moment] of expected.entries()) {
        if (i > 0) await page.locator('[data-testid="next-moment"]').click();
        await expect.poll(position, { message: `${scenario.id}: moment ${i + 1} "${moment.label}"` }).toBe(moment.seq + 1);
        const caption = page.locator('[data-testid="moment-caption"]');
        expect(await caption.getAttribute('data-index')).toBe(String(i));
        expect(await caption.innerText()).toContain(moment.caption);
        const now = page.locator('[data-testid="sequence-diagram"] g.row.now');
        expect(await now.getAttribute('data-seq'), `${scenario.id}: "${moment.label}" is the last row drawn`).toBe(String(moment.seq));
        expect(await now.getAttribute('class')).toContain('highlighted');
        // In view sideways too: a wide diagram pans to the moment's arrow or note.
        const shape = await now.locator('path, rect.note-box').first().boundingBox();
        const scroller = await page.locator('div.scroller:has([data-testid="sequence-diagram"])').boundingBox();
        if (shape!.width <= scroller!.width - 32) {
          expect(shape!.x, `${scenario.id}: "${moment.label}" starts in view`).toBeGreaterThanOrEqual(scroller!.x - 1);
          expect(shape!.x + shape!.width, `${scenario.id}: "${moment.label}" ends in view`).toBeLessThanOrEqual(scroller!.x + scroller!.width + 1);
        } else {
          // An arrow wider than the view: most of the view shows it.
          const shown = Math.min(shape!.x + shape!.width, scroller!.x + scroller!.width) - Math.max(shape!.x, scroller!.x);
          expect(shown, `${scenario.id}: "${moment.label}" fills the view`).toBeGreaterThan(scroller!.width * 0.8);
        }
      }
      expect(await page.locator('[data-testid="next-moment"]').isDisabled()).toBe(true);
      if (scenario.id === 'saga-orchestrated') await page.screenshot({ path: 'test-results/first-visit-moment.png' });
      // Back one with the keyboard.
      await page.locator('body').press('[');
      if (expected.length > 1) await expect.poll(position).toBe(expected.at(-2)!.seq + 1);
    });
  }

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
