// Classroom packs in Chromium (docs/packs.md): the example pack opened from its URL asks first
// whose it is, then a learner solves its lesson and downloads a completion file; the teacher's
// verify page re-runs it and accepts it, and refuses a tampered one. A hostile pack (script
// tags, event-handler attributes, javascript: links, a frame) renders inert, and a huge one is
// refused with the limit.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness';
import { parsePack, PACK_LIMITS } from '../../src/content/pack';
import { predict } from './predict-helpers';

const PACK_PATH = 'packs/example-loyalty.brokerlab-pack.json';
const packText = readFileSync(`public/${PACK_PATH}`, 'utf8');
const parsed = parsePack(packText, 'test', '');
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const lesson = parsed.pack.course.lessons[0]!;
let harness: Harness;
let page: Page;
const errors: string[] = [];
let completionText = '';
let base = '';

beforeAll(async () => {
  harness = await startHarness();
  await harness.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.baseUrl.replace(/\/$/, '') });
  base = harness.baseUrl.replace(/\/$/, '');
  page = await harness.newPage();
  await page.setViewportSize({ width: 1440, height: 1000 });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
});

afterAll(async () => {
  await harness?.close();
});

it('opens the example pack from its URL only after consent, and a learner solves it and downloads a completion file', async () => {
  await page.goto(`${base}/#/pack?url=${encodeURIComponent(PACK_PATH)}`);
  await page.getByTestId('pack-consent').waitFor();
  expect(await page.getByTestId('consent-author').innerText()).toBe('The Brokerlab authors');
  expect(await page.getByTestId('consent-origin').innerText()).toBe(`${base}/${PACK_PATH}`);
  expect(await page.getByTestId('pack-lesson').count()).toBe(0);
  await page.screenshot({ path: 'test-results/pack-consent.png' });
  await page.getByTestId('consent-yes').click();

  await page.getByTestId('pack-overview').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('completion').innerText()).toContain('Solve every lesson');
  await page.getByRole('link', { name: lesson.meta.title }).click();
  await page.getByRole('heading', { level: 1, name: lesson.meta.title }).waitFor();
  await predict(page, lesson, () => true);

  await page.getByTestId('tab-code').click();
  await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
  const [file, fix] = Object.entries(lesson.solution)[0]!;
  await page.locator(`[data-testid=editor-tab][data-file="${file}"]`).click();
  await page.evaluate((t) => navigator.clipboard.writeText(t), fix);
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+V');
  await expect.poll(() => page.evaluate(([f, l]) => (JSON.parse(localStorage.getItem(`brokerlab:drafts:v1:lesson:${l}`) ?? '{"files":{}}') as { files: Record<string, { text: string }> }).files[f!]?.text, [file, lesson.id])).toBe(fix);
  await page.getByTestId('editor-check').click();
  await page.locator('[data-testid=check-verdict][data-solved=true]').waitFor({ timeout: 60_000 });

  await page.goto(`${base}/#/pack?url=${encodeURIComponent(PACK_PATH)}`);
  await page.locator('[data-testid=pack-lesson][data-solved=true]').waitFor({ timeout: 30_000 });
  await page.getByTestId('completion-name').fill('Ada Lovelace');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('completion-download').click()]);
  expect(download.suggestedFilename()).toBe('example-loyalty-1.0.0-ada-lovelace.completion.json');
  completionText = readFileSync((await download.path())!, 'utf8');
  const completion = JSON.parse(completionText) as { name: string; pack: { id: string; version: string }; lessons: { id: string; files: Record<string, string>; runs: { hash: string }[] }[] };
  expect(completion.name).toBe('Ada Lovelace');
  expect(completion.pack).toMatchObject({ id: 'example-loyalty', version: '1.0.0' });
  expect(completion.lessons[0]!.files[file]).toBe(fix);
  expect(completion.lessons[0]!.runs.length).toBe(lesson.meta.seeds.length * lesson.meta.faultPlans.length);
  expect(errors).toEqual([]);
}, 180_000);

it('the verify page accepts the completion file and refuses tampered ones', async () => {
  await page.goto(`${base}/#/pack/verify?url=${encodeURIComponent(PACK_PATH)}`);
  await page.getByTestId('verify').waitFor({ timeout: 30_000 });
  const good = JSON.parse(completionText) as { lessons: { files: Record<string, string>; runs: { hash: string }[] }[] };
  const hashEdited = structuredClone(good);
  hashEdited.lessons[0]!.runs[0]!.hash = hashEdited.lessons[0]!.runs[0]!.hash.replace(/^./, (c) => (c === '0' ? '1' : '0'));
  const codeEdited = structuredClone(good);
  codeEdited.lessons[0]!.files = Object.fromEntries(Object.keys(codeEdited.lessons[0]!.files).map((f) => [f, lesson.starter[f]!]));
  const file = (name: string, value: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)) });
  await page.getByTestId('verify-files').setInputFiles([file('ada.completion.json', completionText), file('edited-hash.completion.json', hashEdited), file('edited-code.completion.json', codeEdited)]);
  const results = page.getByTestId('verify-result');
  await expect.poll(() => results.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-status'))), { timeout: 120_000 }).toEqual(['verified', 'refused', 'refused']);
  expect(await results.nth(0).innerText()).toMatch(/✓ verified[\s\S]*every check passes on \d+ runs, and all 2 trace hashes match/);
  expect(await results.nth(1).innerText()).toMatch(/✗ refused[\s\S]*has trace hash [0-9a-f]+, the file says/);
  expect(await results.nth(2).innerText()).toMatch(/✗ refused[\s\S]*the code does not pass — no-duplicate-effect fails/);
  await page.screenshot({ path: 'test-results/pack-verify.png' });
  expect(errors).toEqual([]);
}, 180_000);

it('a hostile pack renders inert, and a huge one is refused with the limit', async () => {
  const hostile = JSON.parse(packText) as { id: string; author: string; title: string; files: Record<string, string> };
  hostile.id = 'hostile';
  hostile.author = '<img src=x onerror="window.__pwned=\'author\'">Mallory';
  hostile.title = '<script>window.__pwned="title"</script>Free points';
  const index = '01-basics/01-loyalty-points/index.md';
  hostile.files[index] = hostile.files[index]!
    .replace('  - "In the same transaction', '  - "<img src=x onerror=\\"window.__pwned=\'hint\'\\"> In the same transaction')
    .replace(/\n---\n/, `\n---\n<script>window.__pwned = 'script'</script>\n<img src="x" onerror="window.__pwned = 'img'">\n<iframe src="javascript:window.top.__pwned='frame'"></iframe>\n<svg onload="window.__pwned='svg'"><circle r="5"/></svg>\n<form action="javascript:window.__pwned='form'"><button id="evil-button">Go</button></form>\n\n[click me](javascript:window.__pwned='link') and <a id="evil-link" href="JaVaScRiPt:window.__pwned='anchor'">this</a> and [a real link](https://example.com/)\n\n`);
  await page.route('**/hostile.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(hostile) }));
  await page.route('**/huge.json', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: 'x'.repeat(PACK_LIMITS.bytesMax + 10) }));

  // Every Content-Security-Policy violation is recorded with where it came from: DOMPurify's
  // parse of the hostile HTML into an inert document makes Chromium report the handlers it
  // meets there (nothing runs); any other source would be a handler that reached the page.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.sourceFile}`));
  });
  await page.goto(`${base}/#/pack?url=hostile.json`);
  await page.getByTestId('pack-consent').waitFor();
  expect(await page.getByTestId('consent-author').innerText()).toContain('<img src=x onerror=');
  await page.getByTestId('consent-yes').click();
  await page.getByTestId('pack-overview').waitFor({ timeout: 30_000 });
  await page.getByRole('link', { name: lesson.meta.title }).click();
  await page.getByRole('heading', { level: 1, name: lesson.meta.title }).waitFor();
  const prose = page.locator('[data-testid=lesson] .prose-column');
  await prose.getByText('click me').waitFor();
  await predict(page, lesson, () => true);
  await page.getByTestId('next-hint').click();
  await page.getByTestId('next-hint').click();
  await page.locator('.hints li').nth(1).waitFor();
  expect(await page.locator('.hints li').nth(1).innerText()).toContain('In the same transaction');
  expect(await prose.locator('script, iframe, form, button#evil-button, [onerror], [onload]').count()).toBe(0);
  expect(await page.locator('.hints [onerror], [data-testid=lesson] [onerror], [data-testid=lesson] [onload]').count()).toBe(0);
  expect(await page.locator('a[href^="javascript" i]').count()).toBe(0);
  expect(await prose.getByRole('link', { name: 'a real link' }).getAttribute('rel')).toBe('noopener noreferrer');
  await prose.getByText('click me').click();
  await page.locator('#evil-link').click();
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  for (const v of violations) expect(v).toMatch(/^script-src-attr \S+\/assets\/purify\.es-[\w-]+\.js$/);
  errors.splice(0, errors.length, ...errors.filter((e) => !(violations.length > 0 && e.startsWith('Executing inline event handler violates'))));
  await page.screenshot({ path: 'test-results/pack-hostile.png' });

  await page.goto(`${base}/#/pack?url=huge.json`);
  await page.getByTestId('pack-errors').waitFor();
  expect(await page.getByTestId('pack-errors').innerText()).toMatch(/larger than 1 MB .*a pack may be at most 1 MB/);
  expect(await page.getByTestId('pack-consent').count()).toBe(0);
  expect(errors).toEqual([]);
}, 120_000);
