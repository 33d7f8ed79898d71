// AsyncAPI import in real Chromium, under the site's Content-Security-Policy (vite preview serves
// public/_headers): a specification example pasted on the editor page is read by the AsyncAPI
// parser in its own worker, opens as a new scenario that validates, and lists what did not map;
// a document that breaks the specification shows the parser's diagnostic; no policy violation.

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { editorText, jsonReady } from './scenario-json';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/asyncapi/${name}`, import.meta.url), 'utf8');

describe('AsyncAPI import in the browser', () => {
  let harness: Harness;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    harness = await startHarness();
    page = await harness.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('a pasted specification example imports, validates and lists what did not map; a broken one shows the diagnostic', async () => {
    await page.goto(`${harness.baseUrl}?autoplay=0#/scenario/new`);
    await jsonReady(page);
    const before = await editorText(page);
    await page.locator('[data-testid="editor-import-asyncapi"]').click();
    await page.locator('[data-testid="asyncapi-text"]').fill(fixture('streetlights-kafka-3.0.yml'));
    await page.locator('[data-testid="asyncapi-run"]').click();
    await page.locator('[data-testid="asyncapi-result"]').waitFor({ timeout: 60_000 });
    const unmapped = await page.locator('[data-testid="asyncapi-unmapped"] code').allInnerTexts();
    expect(unmapped).toContain('servers.scram-connections');
    expect(unmapped).toContain('messages.lightMeasured.headers');
    const scenario = JSON.parse(await editorText(page));
    expect(scenario.broker).toBe('kafka');
    expect(scenario.entities.map((e: { name: string }) => e.name)).toContain('lightingMeasured');
    await expect.poll(() => page.locator('[data-testid="editor-status"]').innerText()).toMatch(/^valid/);
    // What was in the editor is still saved, under its own name.
    const drafts = await page.evaluate(() => JSON.parse(localStorage.getItem('brokerlab:scenarios:v1') ?? '[]') as { id: string; text: string }[]);
    expect(drafts.some((d) => d.text === before)).toBe(true);
    await page.screenshot({ path: '/tmp/asyncapi-import-1280x720.png' });

    await page.locator('[data-testid="asyncapi-text"]').fill('asyncapi: 3.0.0\ninfo:\n  title: Broken\nchannels:\n  a:\n    address: 12\n');
    await page.locator('[data-testid="asyncapi-run"]').click();
    const problem = page.locator('[data-testid="asyncapi-problem"]');
    await problem.waitFor({ timeout: 60_000 });
    expect(await problem.innerText()).toMatch(/does not validate: .+/);
    expect(errors.filter((e) => /Content Security Policy|unsafe-eval|EvalError/i.test(e))).toEqual([]);
  }, 150_000);
});
