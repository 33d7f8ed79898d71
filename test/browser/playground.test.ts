// The playground in real Chromium, driven like a person would: step and play, scrub, inspect a
// message, break a service from its lifeline menu and watch the run change, read the mermaid
// view, use the keyboard, check accessibility with axe-core, and use it on a phone. Each main
// state is saved as a screenshot under test-results/ for people to look at.

import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { axeViolations } from './axe';

const shots = 'test-results/playground';

async function position(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid="position"] strong').innerText());
}

async function rows(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid="sequence-diagram"]').getAttribute('data-rows'));
}

async function scrubTo(page: Page, value: number): Promise<void> {
  await page.locator('[data-testid="scrubber"]').evaluate((el, v) => {
    const input = el as HTMLInputElement;
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

describe('playground', () => {
  let harness: Harness;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    harness = await startHarness();
    page = await harness.newPage();
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${harness.baseUrl}?autoplay=0`);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('loads at the start of the run, paused, with the seed visible', async () => {
    expect(errors).toEqual([]);
    expect(await position(page)).toBe(0);
    expect(await page.locator('[data-testid="seed"]').inputValue()).toBe('6');
    expect(await page.locator('[data-testid="play"]').getAttribute('data-playing')).toBe('false');
    await page.screenshot({ path: `${shots}/01-loaded.png` });
  });

  it('steps forward and back one visible change at a time, one event with . and ,, and plays and pauses', async () => {
    // Every → draws one more row: events that draw nothing are grouped into the next step.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('ArrowRight');
      expect(await rows(page)).toBe(i + 1);
    }
    const at = await position(page);
    expect(at).toBeGreaterThan(12);
    await page.locator('[data-testid="step-back"]').click();
    expect(await rows(page)).toBe(11);
    await page.keyboard.press('ArrowLeft');
    expect(await rows(page)).toBe(10);
    const back = await position(page);
    expect(back).toBeLessThan(at);
    await page.keyboard.press('.');
    expect(await position(page)).toBe(back + 1);
    await page.keyboard.press(',');
    expect(await position(page)).toBe(back);

    await page.locator('[data-testid="speed"]').selectOption({ label: '64×' });
    await page.locator('h1').click();
    await page.keyboard.press('Space');
    expect(await page.locator('[data-testid="play"]').getAttribute('data-playing')).toBe('true');
    await expect.poll(() => position(page), { timeout: 5_000 }).toBeGreaterThan(30);
    await page.keyboard.press('Space');
    expect(await page.locator('[data-testid="play"]').getAttribute('data-playing')).toBe('false');
    const paused = await position(page);
    await page.waitForTimeout(300);
    expect(await position(page)).toBe(paused);
    await page.screenshot({ path: `${shots}/02-stepped.png` });
  });

  it('while following, draws the newest rows in the same frame as the cursor moves (no second pass on scroll)', async () => {
    const own = await harness.newPage();
    await own.setViewportSize({ width: 1280, height: 720 });
    await own.goto(`${harness.baseUrl}?autoplay=0&expose=1`);
    await own.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 30_000 });
    const drawn = await own.evaluate(async () => {
      const { playground, flushSync } = (window as unknown as { brokerlab: { playground: { seek(p: number): void; length: number }; flushSync(): void } }).brokerlab;
      const out: { now: boolean; rows: number }[] = [];
      for (const at of [Math.floor(playground.length / 2), playground.length]) {
        playground.seek(at);
        flushSync(); // no frame, no scroll event yet: the window must already be at the bottom
        const svg = document.querySelector('[data-testid="sequence-diagram"]')!;
        out.push({ now: svg.querySelector('.row.now') !== null, rows: svg.querySelectorAll('.row').length });
        await new Promise((r) => requestAnimationFrame(r));
      }
      return out;
    });
    for (const d of drawn) {
      expect(d.now).toBe(true);
      expect(d.rows).toBeLessThan(80); // still virtualised
    }
    await own.close();
  });

  it('at 1280×720: a one-row header, topology cards that hold their text, notes inside the diagram', async () => {
    const own = await harness.newPage();
    await own.setViewportSize({ width: 1280, height: 720 });
    await own.goto(`${harness.baseUrl}?autoplay=0&expose=1`);
    await own.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 30_000 });
    await own.locator('[data-testid="scenario-select"]').selectOption('servicebus-sessions');
    await own.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 30_000 });
    const found = await own.evaluate(async () => {
      const { playground, flushSync } = (window as unknown as { brokerlab: { playground: { seek(p: number): void; length: number }; flushSync(): void } }).brokerlab;
      const header = document.querySelector('header')!.getBoundingClientRect().height;
      const overflowing = [...document.querySelectorAll<HTMLElement>('[data-testid="entity"]')].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.dataset.entity);
      const svg = document.querySelector<SVGSVGElement>('[data-testid="sequence-diagram"]')!;
      const width = svg.viewBox.baseVal.width;
      const outside: string[] = [];
      for (let at = 0; at <= playground.length; at += 10) {
        playground.seek(at);
        flushSync();
        for (const rect of svg.querySelectorAll<SVGRectElement>('.note-box')) {
          const x = rect.x.baseVal.value;
          if (x < 0 || x + rect.width.baseVal.value > width) outside.push(rect.parentElement?.getAttribute('data-label') ?? '?');
        }
        await new Promise((r) => requestAnimationFrame(r));
      }
      return { header, overflowing, outside: [...new Set(outside)] };
    });
    expect(found.header).toBeLessThan(56);
    expect(found.overflowing).toEqual([]);
    expect(found.outside).toEqual([]);
    await own.close();
  });

  it('scrubs the timeline and jumps to the next failure', async () => {
    await scrubTo(page, 100);
    expect(await position(page)).toBe(100);
    const tick = await page.locator('[data-testid="cursor-tick"]').innerText();
    expect(await page.locator('[data-testid="topology"] h2').innerText()).toContain(tick.replace(' ms', ''));
    await scrubTo(page, 0);
    expect(await rows(page)).toBe(0);
    await page.locator('[data-testid="next-marker"]').click();
    const at = await position(page);
    expect(at).toBeGreaterThan(0);
    // The event just applied is the failure.
    expect(await page.locator('.where code').innerText()).toMatch(/handler\.failed|message\.dead-lettered|fault\.injected|service\.crashed/);
  });

  it('inspects a message: headers, body, events and why it happened', async () => {
    await scrubTo(page, 60);
    await page.locator('[data-testid="sequence-diagram"] g.row[data-kind="message.delivered"]').last().click();
    const inspector = page.locator('[data-testid="inspector"]');
    await expect.poll(() => inspector.locator('[data-testid="headers"]').count()).toBe(1);
    const headers = await inspector.locator('[data-testid="headers"]').innerText();
    expect(headers).toMatch(/correlation id\s+c-\d+/);
    expect(headers).toMatch(/traceparent\s+00-[0-9a-f]{32}-[0-9a-f]{16}-01/);
    expect(headers).toMatch(/deliveryCount\s+\d/);
    expect(await inspector.locator('[data-testid="why-causes"]').innerText()).toMatch(/PlaceOrder request/);
    expect(await inspector.locator('[data-testid="message-events"] li').count()).toBeGreaterThan(3);
    await page.screenshot({ path: `${shots}/03-inspector.png` });
  });

  it('injects a crash from a lifeline menu: the run is recomputed, the cursor goes on to the crash and a toast says what it hit, a retry follows', async () => {
    await scrubTo(page, 60);
    const hashBefore = await page.locator('[data-testid="trace-hash"]').getAttribute('data-hash');
    await page.locator('[data-testid="sequence-scroller"] [data-lifeline="Inventory"] [role="button"]').click();
    await page.locator('[data-testid="lifeline-menu"] [data-preset="crash:Inventory"]').click();
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="trace-hash"]').getAttribute('data-hash')).not.toBe(hashBefore);
    expect(await page.locator('[data-testid="fault-plan"] li').count()).toBe(1);
    // What happened before the cursor is unchanged; the cursor moves on to where the crash lands.
    await expect.poll(() => page.getByTestId('fault-toast').getAttribute('data-struck')).toBe('true');
    expect(await page.getByTestId('fault-toast').innerText()).toMatch(/^Inventory crashed (while idle|with \d+ handlers? running)/);
    expect(await position(page)).toBeGreaterThan(60);
    const inventoryUp = () => page.locator('[data-testid="service"][data-service="Inventory"]').getAttribute('data-up');
    expect(await inventoryUp()).toBe('false');
    expect(await page.locator('[data-testid="sequence-diagram"] g.row[data-tone="fault"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${shots}/04-crash-injected.png` });
    await page.keyboard.press('End');
    const labels = await page.locator('[data-testid="sequence-diagram"] g.row').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-label') ?? ''));
    const all = labels.join('\n');
    await page.locator('[data-testid="sequence-scroller"]').evaluate((el) => { el.scrollTop = 0; });
    expect(all + (await page.locator('[data-testid="sequence-diagram"] g.row').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-label') ?? '').join('\n')))).toMatch(/↻|lock expired|restarted/);
  });

  it('a crash that never restarts turns the no-loss check red, and its evidence is highlighted', async () => {
    expect(await page.locator('[data-check="no-loss"]').getAttribute('data-valid')).toBe('true');
    await page.locator('[data-testid="fault-panel"] summary', { hasText: 'Any fault type' }).click();
    await page.locator('[data-testid="fault-type"]').selectOption('crash');
    await page.locator('[data-testid="fault-options"]').fill(JSON.stringify({ service: 'Inventory', atTick: 700, restartAfterTicks: null }));
    await page.locator('[data-testid="fault-add"]').click();
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor();
    await expect.poll(() => page.locator('[data-check="no-loss"]').getAttribute('data-valid'), { timeout: 10_000 }).toBe('false');
    await page.locator('[data-testid="check-show"]').first().click();
    await expect.poll(() => page.locator('[data-testid="sequence-diagram"] g.row.highlighted').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${shots}/05-check-failed.png` });
  });

  it('renders the mermaid view lazily, with the text to copy', async () => {
    await page.locator('[data-testid="tab-mermaid"]').click();
    await page.locator('[data-testid="mermaid-view"][data-status="ready"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="mermaid-view"] .figure svg').count()).toBe(1);
    expect(await page.locator('[data-testid="mermaid-text"]').textContent()).toMatch(/^sequenceDiagram/);
    await page.screenshot({ path: `${shots}/06-mermaid.png` });
    await page.locator('[data-testid="tab-diagram"]').click();
  });

  it('shows metrics and filterable logs up to the cursor', async () => {
    await page.locator('[data-testid="tab-metrics"]').click();
    expect(await page.locator('[data-testid="metrics"] figure').count()).toBe(6);
    await page.locator('[data-testid="tab-logs"]').click();
    await page.locator('[data-testid="log-filter"]').fill('c-2');
    const correlations = await page.locator('[data-testid="logs"] tbody tr td:nth-child(3)').allInnerTexts();
    expect(correlations.length).toBeGreaterThan(0);
    expect(new Set(correlations)).toEqual(new Set(['c-2']));
    await page.screenshot({ path: `${shots}/07-logs.png` });
  });

  it('lists the shortcuts on ?', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await expect.poll(() => page.locator('[data-testid="shortcuts"]').evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    expect(await page.locator('[data-testid="shortcuts"]').innerText()).toContain('play / pause');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="shortcuts"]').evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
  });

  it('has no serious or critical axe-core issues, in light and dark themes', async () => {
    await page.locator('[data-testid="tab-inspector"]').click();
    expect(await axeViolations(page)).toEqual([]);
    await page.evaluate(() => { document.documentElement.dataset.theme = 'dark'; });
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${shots}/08-dark.png` });
    await page.evaluate(() => { delete document.documentElement.dataset.theme; });
    expect(errors).toEqual([]);
  });

  it('offers a read-only view on a 390-pixel phone', async () => {
    const phone = await harness.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${harness.baseUrl}?autoplay=0`);
    await phone.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 30_000 });
    await phone.locator('[data-testid="scrubber"]').evaluate((el) => {
      (el as HTMLInputElement).value = '80';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(await rows(phone)).toBeGreaterThan(5);
    expect(await phone.locator('[data-testid="fault-panel"]').isVisible()).toBe(false);
    expect(await phone.locator('[data-testid="play"]').isVisible()).toBe(true);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    expect(await axeViolations(phone)).toEqual([]);
    await phone.screenshot({ path: `${shots}/09-phone.png`, fullPage: false });
    await phone.close();
  });
});
