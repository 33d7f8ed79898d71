// Exports in real Chromium: every mermaid text the Export dialog can produce — whole runs and
// ranges of every built-in scenario and every lesson (starter and solution) — is accepted by
// mermaid's own parser (mermaid.parse) and renders; the SVG export (the CLI's renderer) loads
// as an image; and the Export dialog offers each file. Screenshots go to test-results/.

import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, type TraceEvent } from '../../src/engine/index';
import { builtinScenarios } from '../../src/scenarios/index';
import { layoutSequence } from '../../src/projections/sequence-layout';
import { mermaidExport, metricsCsv, svgExport } from '../../src/ui/share/exports';
import { metricSeries } from '../../src/projections/metrics';
import { traceToOtlpJson } from '../../src/projections/otlp';
import { systemsOf } from '../../src/projections/spans';
import { lessons } from '../share/fixtures';
import { openPage, type Harness, type OpenedPage } from './harness';

const require = createRequire(import.meta.url);

function textsOf(name: string, trace: readonly TraceEvent[]): { name: string; text: string }[] {
  const n = trace.length;
  return [
    { name: `${name} whole`, text: mermaidExport(trace) },
    { name: `${name} first third`, text: mermaidExport(trace, { fromSeq: 0, toSeq: Math.floor(n / 3) }) },
    { name: `${name} middle`, text: mermaidExport(trace, { fromSeq: Math.floor(n / 3), toSeq: Math.floor((2 * n) / 3) }) },
    { name: `${name} empty range`, text: mermaidExport(trace, { fromSeq: n + 10, toSeq: n + 20 }) },
  ];
}

describe('exports', () => {
  let opened: OpenedPage;
  let harness: Harness;
  let page: Page;

  // The setup is only the page: the Node runs behind the mermaid texts (every scenario and lesson,
  // seconds of CPU on a busy machine) belong to the one test that reads them, so a slow machine
  // cannot fail the whole file in its setup.
  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    opened = await openPage();
    ({ harness, page } = opened);
    // This page gets mermaid's full bundle injected as a <script>, which the site's CSP (rightly)
    // refuses: it is served here without the policy (header and meta tag). Checked elsewhere:
    // test/browser/site-security.test.ts.
    await page.route(`${harness.baseUrl}**`, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['content-security-policy'];
      const isHtml = (headers['content-type'] ?? '').includes('text/html');
      const body = isHtml ? (await response.text()).replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '') : await response.body();
      await route.fulfill({ response, headers, body });
    });
    await page.goto(`${harness.baseUrl}?autoplay=0`);
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    await page.evaluate(() => (window as unknown as { mermaid: { initialize(o: object): void } }).mermaid.initialize({ startOnLoad: false, sequence: { useMaxWidth: false } }));
  });

  afterAll(async () => {
    await opened?.close();
  });

  it('every exported mermaid text parses with mermaid in the browser', async () => {
    const texts: { name: string; text: string }[] = [];
    for (const s of builtinScenarios) texts.push(...textsOf(s.id, runScenario(s, { seed: s.seeds?.[0] ?? 1 }).trace));
    for (const l of lessons) {
      texts.push(...textsOf(`lesson ${l.id} starter`, runScenario(l.scenario, { seed: l.scenario.seeds?.[0] ?? 1 }).trace).slice(0, 1));
      texts.push(...textsOf(`lesson ${l.id} solution`, runScenario(l.solved, { seed: l.solved.seeds?.[0] ?? 1 }).trace).slice(0, 2));
    }
    expect(texts.length).toBeGreaterThan(20);
    const failures = await page.evaluate(async (all) => {
      const m = (window as unknown as { mermaid: { parse(t: string): Promise<unknown> } }).mermaid;
      const bad: string[] = [];
      for (const { name, text } of all) {
        try {
          await m.parse(text);
        } catch (error) {
          bad.push(`${name}: ${String(error).slice(0, 300)}`);
        }
      }
      return bad;
    }, texts);
    expect(failures).toEqual([]);
  });

  it('renders an exported range with mermaid', async () => {
    const flow = builtinScenarios.find((s) => s.id === 'order-flow')!;
    const text = textsOf(flow.id, runScenario(flow, { seed: flow.seeds?.[0] ?? 1 }).trace).find((t) => t.name === 'order-flow first third')!.text;
    const svg = await page.evaluate(async (t) => {
      const m = (window as unknown as { mermaid: { render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
      const { svg } = await m.render('export-check', t);
      document.body.innerHTML = `<div style="background:#fff;padding:8px">${svg}</div>`;
      return svg;
    }, text);
    expect(svg).toContain('<svg');
    await page.screenshot({ path: 'test-results/export-mermaid.png', fullPage: false });
  });

  it('the SVG export (the CLI\'s renderer) loads as an image', async () => {
    const s = builtinScenarios[0]!;
    const trace = runScenario(s, { seed: s.seeds?.[0] ?? 1 }).trace;
    const layout = layoutSequence(trace, { services: s.services.map((x) => x.name) });
    const svg = svgExport(layout);
    const size = await page.evaluate(async (text) => {
      const img = new Image();
      img.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
      await img.decode();
      document.body.innerHTML = '';
      document.body.append(img);
      return { width: img.naturalWidth, height: img.naturalHeight };
    }, svg);
    expect(size).toEqual({ width: layout.width, height: layout.height });
    await page.screenshot({ path: 'test-results/export-svg.png' });
    expect(metricsCsv(metricSeries(trace)).split('\n')[0]).toBe('tick,queueLength,messageAgeTicks,successesPerSecond,failuresPerSecond,retries,dlqDepth');
  });

  it('the Export dialog offers mermaid, SVG, PNG, trace JSON and metrics CSV downloads', async () => {
    await page.goto(`${harness.baseUrl}?autoplay=0`);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="export-button"]').click();
    await page.locator('[data-testid="export-dialog"]').waitFor();
    const mermaid = await page.locator('[data-testid="mermaid-export"]').inputValue();
    expect(mermaid.startsWith('sequenceDiagram')).toBe(true);
    for (const [id, pattern] of [['download-mmd', /\.mmd$/], ['download-svg', /\.svg$/], ['download-png', /\.png$/], ['download-trace', /\.trace\.json$/], ['download-csv', /\.metrics\.csv$/]] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid="${id}"]`).click()]);
      expect(download.suggestedFilename()).toMatch(pattern);
    }
    await page.screenshot({ path: 'test-results/export-dialog.png' });
  });

  it('the OTLP download is the same document Node exports for that run (loaded on demand)', async () => {
    await page.goto(`${harness.baseUrl}?autoplay=0`);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="export-button"]').click();
    await page.locator('[data-testid="export-dialog"]').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="download-otlp"]').click()]);
    expect(download.suggestedFilename()).toMatch(/\.otlp\.json$/);
    const text = readFileSync((await download.path())!, 'utf8');
    const doc = JSON.parse(text) as { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string; intValue?: number } }[] } }[] };
    const attrs = doc.resourceSpans[0]!.resource.attributes;
    const scenarioId = attrs.find((a) => a.key === 'brokerlab.scenario')!.value.stringValue!;
    const seed = Number(attrs.find((a) => a.key === 'brokerlab.seed')!.value.intValue);
    const scenario = builtinScenarios.find((s) => s.id === scenarioId)!;
    expect(text).toBe(traceToOtlpJson(runScenario(scenario, { seed }).trace, { systemOf: systemsOf(scenario) }));
  });
});
