// Accessibility of every course page as it first opens (the overview, each lesson, the drill),
// in light and dark, and a finished run with detailed arrows: no serious or critical axe-core issue. The playground has its own axe test
// in playground.test.ts. Every page has one <main> landmark (where a screen reader's "skip to
// main" goes): the playground, the course's pages and the others (capstones, compare, the retry
// lab, branches, the scenario editor, a classroom pack, the embed).

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, type Harness, type OpenedPage } from './harness';
import { axeViolations } from './axe';

let opened: OpenedPage;
let harness: Harness;
let page: Page;

beforeAll(async () => {
  opened = await openPage();
  ({ harness, page } = opened);
}, 60_000);

afterAll(async () => {
  await opened?.close();
});

it('the course overview, every lesson and the drill have no serious or critical axe issue', async () => {
  await page.goto(`${harness.baseUrl}#/lessons`);
  await page.getByTestId('course').waitFor();
  const lessons = await page.locator('[data-lesson]').evaluateAll((els) => els.map((e) => e.getAttribute('data-lesson')!));
  expect(lessons.length).toBeGreaterThanOrEqual(18);
  const found: string[] = [];
  const pages = ['#/lessons', ...lessons.map((id) => `#/lessons/${id}`), '#/drill'];
  for (const [i, hash] of pages.entries()) {
    await page.emulateMedia({ colorScheme: i % 2 === 0 ? 'light' : 'dark' });
    await page.goto(`${harness.baseUrl}${hash}`);
    // The page this address opens, not the one before it (a lesson follows a lesson in place).
    const lessonId = hash.startsWith('#/lessons/') ? hash.slice('#/lessons/'.length) : null;
    await page.locator(hash === '#/drill' ? '[data-testid=drill]' : lessonId ? `[data-testid=lesson][data-lesson="${lessonId}"]` : '[data-testid=course]').waitFor({ timeout: 20_000 });
    for (const v of await axeViolations(page)) found.push(`${hash}: ${v}`);
    if ((await page.locator('main').count()) !== 1) found.push(`${hash}: ${await page.locator('main').count()} <main> landmarks`);
  }
  expect(found).toEqual([]);
  expect(opened.errors).toEqual([]);
}, 240_000);

it('the other pages have one <main> landmark each and no serious or critical axe issue', async () => {
  const pages: [hash: string, ready: string][] = [
    ['#/play?scenario=order-flow', '[data-testid="run-status"][data-status="done"]'],
    ['#/capstones', '[data-testid=capstones]'],
    ['#/compare?scenario=order-flow&seed=1', '[data-testid=compare-table]'],
    ['#/lab/retry', '[data-testid="lab-status"][data-status="done"]'],
    ['#/branches', '[data-testid=branches-page]'],
    ['#/scenario/new', '[data-testid=editor-start]'],
    ['#/pack?url=packs/example-loyalty.brokerlab-pack.json', '[data-testid=pack-consent]'],
    // The embed (its own page, embed.html): diagram, topology, caption and controls, a few steps in.
    ['embed.html?scenario=order-flow&topology=1&steps=all&step=6', '[data-testid=embed][data-status=ready]'],
  ];
  const found: string[] = [];
  for (const [i, [hash, ready]] of pages.entries()) {
    await page.emulateMedia({ colorScheme: i % 2 === 0 ? 'light' : 'dark' });
    await page.goto(`${harness.baseUrl}${hash}`);
    await page.locator(ready).first().waitFor({ timeout: 60_000 });
    for (const v of await axeViolations(page)) found.push(`${hash}: ${v}`);
    if ((await page.locator('main').count()) !== 1) found.push(`${hash}: ${await page.locator('main').count()} <main> landmarks`);
  }
  // A capstone's own page, opened from the list.
  await page.goto(`${harness.baseUrl}#/capstones`);
  await page.getByTestId('capstone-link').first().click();
  await page.getByTestId('capstone').waitFor({ timeout: 30_000 });
  for (const v of await axeViolations(page)) found.push(`capstone: ${v}`);
  if ((await page.locator('main').count()) !== 1) found.push(`capstone: ${await page.locator('main').count()} <main> landmarks`);
  expect(found).toEqual([]);
  expect(opened.errors).toEqual([]);
}, 240_000);

it('a finished run whose arrows carry details (RabbitMQ routing: binding keys) has no serious or critical axe issue', async () => {
  await page.goto(`${harness.baseUrl}#/play?scenario=rabbitmq-routing&at=40`);
  await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 60_000 });
  await page.locator('[data-kind="message.routed"]').first().waitFor();
  expect(await axeViolations(page)).toEqual([]);
  expect(opened.errors).toEqual([]);
}, 120_000);
