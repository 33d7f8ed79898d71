// Wide diagrams and the smaller first-visit fixes, in real Chromium on one page: RabbitMQ routing
// drawn exchange → queue with the matching binding, text ≥ 11 px at 1280×720, the broker as one
// lifeline on demand; Kafka's topology shows offsets and lag, not queue counters; diagram rows
// are one tab stop moved with ↑/↓ and a visible focus ring; the Mermaid tab at position 0 says
// nothing happened yet; the inspector says why a message was delivered again; Share's "Open a
// file…" is a keyboard button; a dialog pauses playback; SVG export takes the chosen range; ⇤/⇥
// are the start and the end, as in the embed; a long check explanation shows its first lines
// and "more"; a service's own database is a cylinder on its box and on its commits. Expected facts come from Node runs of the same
// scenario, so the page cannot pass by showing something else.

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/index';
import { builtinScenarios, findScenario } from '../../src/scenarios/index';
import { layoutSequence } from '../../src/projections/sequence-layout';
import { openPage, positionOf, runDone, type OpenedPage } from './harness';

describe('wide diagrams and keyboard', () => {
  let opened: OpenedPage;
  let page: Page;

  beforeAll(async () => {
    opened = await openPage({ viewport: { width: 1280, height: 720 }, introsSeen: 'all' });
    page = opened.page;
  });

  afterAll(async () => {
    await opened?.close();
  });

  /** Opens a playground address fresh (a reload), and waits for the run and the cursor it names. */
  const open = async (hash: string) => {
    await page.goto(`${opened.harness.baseUrl}#/play?${hash}`);
    await page.reload();
    await runDone(page);
    const at = new URLSearchParams(hash).get('at');
    if (at !== null) await expect.poll(position).toBe(Number(at));
  };
  const position = () => positionOf(page);

  it('draws RabbitMQ routing with its bindings, text ≥ 11 px, and the broker as one lifeline on demand', async () => {
    await open('scenario=rabbitmq-routing&seed=1&at=60');
    const hop = page.locator('[data-testid="sequence-diagram"] g.row[data-kind="message.routed"]').first();
    await hop.waitFor();
    expect(await hop.locator('text.detail').textContent()).toMatch(/^binding /);
    // Scale of the drawing × the 12.5 px labels.
    const labelPx = await page.locator('[data-testid="sequence-diagram"]').evaluate((svg) => {
      const s = svg as SVGSVGElement;
      return (s.getBoundingClientRect().width / s.viewBox.baseVal.width) * Number.parseFloat(getComputedStyle(s.querySelector('text.label')!).fontSize);
    });
    expect(labelPx).toBeGreaterThanOrEqual(11);
    expect(await page.getByTestId('diagram-tools').innerText()).toContain('wider than the view');
    const participants = () => page.locator('svg.participants g.participant').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-lifeline')));
    const before = await participants();
    await page.getByTestId('group-entities').check();
    await expect.poll(participants).toContain('broker');
    const after = await participants();
    expect(after.length).toBeLessThan(before.length);
    expect(after.filter((n) => n !== 'broker').every((n) => before.includes(n))).toBe(true);
    await page.screenshot({ path: 'test-results/wide-grouped.png' });
    await page.getByTestId('group-entities').uncheck();
  });

  it('shows Kafka offsets and lag, and tells what queue counters count', async () => {
    await open('scenario=kafka-partitions&seed=1&at=300');
    const topic = page.locator('[data-testid="entity"][data-entity="orders"]');
    expect(await topic.getAttribute('data-counters')).toBe('log');
    expect(await topic.innerText()).toMatch(/log end p0 \d+/);
    expect(await topic.innerText()).not.toContain('in flight');
    const group = page.locator('[data-testid="entity"][data-counters="group"]').first();
    expect(await group.innerText()).toMatch(/lag \d+[\s\S]*committed p0/);
    await open('scenario=order-flow&seed=6&at=40');
    const totals = page.locator('[data-testid="entity"][data-entity="orders"] [data-testid="totals"]');
    expect(await totals.getAttribute('title')).toMatch(/^in: copies that arrived.*acked: deliveries settled/);
  });

  it('makes diagram rows one tab stop, moved with ↑/↓, with a visible focus ring', async () => {
    await open('scenario=order-flow&seed=6&at=40');
    expect(await page.locator('[data-testid="sequence-diagram"] g.row[tabindex="0"]').count()).toBe(1);
    const first = page.locator('[data-testid="sequence-diagram"] g.row[tabindex="0"]');
    const seq = Number(await first.getAttribute('data-seq'));
    await first.focus();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.evaluate(() => Number(document.activeElement?.getAttribute('data-seq')))).toBeLessThan(seq);
    const focused = page.locator('[data-testid="sequence-diagram"] g.row:focus');
    expect(await focused.getAttribute('tabindex')).toBe('0');
    expect(await page.locator('[data-testid="sequence-diagram"] g.row[tabindex="0"]').count()).toBe(1);
    expect(await focused.locator('rect.band').evaluate((r) => getComputedStyle(r).strokeWidth)).toBe('2px');
    // ↑/↓ moved the focus, not the cursor.
    expect(await position()).toBe(40);
  });

  it('says why a message was delivered again', async () => {
    const scenario = findScenario('order-flow')!;
    const { trace } = runScenario(scenario, { seed: 6 });
    const count = new Map<string, number>();
    const again = trace.find((e) => e.kind === 'message.delivered' && e.messageId && count.set(e.messageId, (count.get(e.messageId) ?? 0) + 1).get(e.messageId)! > 1);
    expect(again, 'order-flow seed 6 redelivers a message').toBeDefined();
    await open(`scenario=order-flow&seed=6&at=${again!.seq + 1}`);
    await page.locator(`[data-testid="sequence-diagram"] g.row[data-seq="${again!.seq}"]`).click();
    const second = page.locator('[data-testid="deliveries"] li').nth(1);
    expect(['crash', 'lock-expired', 'nack', 'abandoned']).toContain(await second.getAttribute('data-reason'));
    expect(await second.innerText()).toMatch(/↻ (crash|lock expired|nack|abandoned): \S/);
  });

  it('explains an empty Mermaid tab at position 0; ⇥ and ⇤ go to the end and the start', async () => {
    await page.getByTestId('to-end').click();
    await expect.poll(position).toBe(Number((await page.locator('[data-testid="position"]').innerText()).split('/')[1]!.replace(/[^\d]/g, '')));
    await page.getByTestId('restart').click();
    await expect.poll(position).toBe(0);
    await page.getByTestId('tab-mermaid').click();
    expect(await page.getByTestId('mermaid-empty').innerText()).toContain('Nothing has happened yet');
    await page.getByTestId('tab-diagram').click();
  });

  it('pauses while a dialog is open; Share\'s "Open a file…" is a keyboard button', async () => {
    await page.getByTestId('play').click();
    await expect.poll(() => page.getByTestId('play').getAttribute('data-playing')).toBe('true');
    await page.getByTestId('share-button').click();
    await page.getByTestId('share-dialog').waitFor();
    await expect.poll(() => page.getByTestId('play').getAttribute('data-playing')).toBe('false');
    // Waiting for the chooser first turns on Playwright's interception of file choosers (a
    // protocol call of its own): on a busy machine, an Enter sent in the same breath could reach
    // the button before it, and the chooser went unseen. The button must have the focus, too.
    const chooser = page.waitForEvent('filechooser');
    const openFile = page.getByTestId('open-file-button');
    await openFile.focus();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('open-file-button');
    await page.keyboard.press('Enter');
    expect((await chooser).isMultiple()).toBe(false);
    await page.keyboard.press('Escape');
  });

  it('marks a service\'s own database on its box, and the same cylinder on its commits', async () => {
    await open('scenario=order-flow&seed=6&at=40');
    const scenario = findScenario('order-flow')!;
    const layout = layoutSequence(runScenario(scenario, { seed: 6 }).trace, { services: scenario.services.map((s) => s.name) });
    const owners = layout.lifelines.filter((l) => l.database).map((l) => l.name);
    expect(owners.length).toBeGreaterThan(0);
    const badged = await page.locator('svg.participants g.participant:has([data-testid="db-badge"])').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-lifeline')));
    expect(badged).toEqual(owners);
    const commits = page.locator('[data-testid="sequence-diagram"] g.row.note.tone-commit');
    expect(await commits.count()).toBeGreaterThan(0);
    expect(await commits.locator('.db-glyph').count()).toBe(await commits.count());
    await page.screenshot({ path: 'test-results/service-database.png' });
  });

  it('cuts a long check explanation to its first lines, with "more" for the rest', async () => {
    await open('scenario=order-flow&seed=6');
    await page.locator('[data-testid="fault-service"]').selectOption('Inventory');
    await page.locator('[data-preset="poison:Inventory"]').click();
    const check = page.locator('[data-testid="checks"] [data-check="dlq-accounted"][data-valid="false"]');
    await check.waitFor({ timeout: 30_000 });
    const why = check.locator('.why').first();
    const more = check.getByTestId('check-more').first();
    const cut = () => why.evaluate((el) => el.scrollHeight - el.clientHeight);
    expect(await cut()).toBeGreaterThan(0);
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    // The whole text is there for a screen reader, and shown on "more".
    expect(await why.textContent()).toContain('it needs a human');
    await more.click();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    expect(await cut()).toBe(0);
    await page.screenshot({ path: 'test-results/checks-more.png' });
    await more.click();
    expect(await cut()).toBeGreaterThan(0);
  });

  it('exports the SVG of the chosen range', async () => {
    await open('scenario=order-flow&seed=6&at=30');
    await page.getByTestId('export-button').click();
    await page.getByTestId('export-dialog').waitFor();
    const svgOf = async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-svg').click()]);
      return readFileSync((await download.path())!, 'utf8');
    };
    const rowsIn = (svg: string) => (svg.match(/<g class="(arrow|note) /g) ?? []).length;
    const whole = await svgOf();
    await page.locator('[data-testid="export-dialog"] input[type="radio"][value="cursor"]').check();
    const upTo = await svgOf();
    const scenario = findScenario('order-flow')!;
    const layout = layoutSequence(runScenario(scenario, { seed: 6 }).trace, { services: scenario.services.map((s) => s.name) });
    expect(rowsIn(whole)).toBe(layout.rows.length);
    expect(rowsIn(upTo)).toBe(layout.rows.filter((r) => r.seq < 30).length);
    expect(opened.errors).toEqual([]);
  });
});
