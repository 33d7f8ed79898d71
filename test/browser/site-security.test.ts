// The site's surface against hostile input, in real Chromium under the headers the site ships
// (public/_headers, served by `vite preview`): the Content-Security-Policy holds for the app,
// the embed and the simulator worker (a fetch to another origin is blocked, normal use raises
// no violation: monaco and its workers, mermaid, the worker's handler code, lessons, the embed,
// the deck); the app cannot be framed, and a framed app never offers to run shared code; the
// embed talks only to the origin its host named; a hostile name in a scenario reaches mermaid
// as text and makes no request; a link nesting 100,000 levels deep is explained, nothing saved
// is lost. "Another origin" is a small server started here, which counts what reaches it.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import { builtinScenarios } from '../../src/scenarios/index';
import { CODEC_TAG, encodeState, shareStateOf, toBase64Url, withHandlerSources } from '../../src/share/index';
import { directives } from '../../src/site/headers';
import { startHarness, type Harness } from './harness';

interface Other { url: string; hits: string[]; server: Server; reports: unknown[] }

/** Another origin: serves `/host.html?src=…` (a page framing `src` and collecting its messages), counts every hit. */
async function otherOrigin(): Promise<Other> {
  const other: Other = { url: '', hits: [], server: createServer(), reports: [] };
  other.server.on('request', (req, res) => {
    other.hits.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/host.html') {
      const src = url.searchParams.get('src') ?? '';
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><iframe id="f" src="${src.replace(/"/g, '&quot;')}" style="width:900px;height:600px"></iframe>
<script>window.reports = []; addEventListener('message', (e) => window.reports.push({ origin: e.origin, data: e.data }));</script>`);
      return;
    }
    res.statusCode = 204;
    res.end();
  });
  await new Promise<void>((r) => other.server.listen(0, '127.0.0.1', r));
  // "localhost" is another origin than the site's "127.0.0.1".
  other.url = `http://localhost:${(other.server.address() as AddressInfo).port}`;
  return other;
}

const violationsScript = () => {
  const w = window as unknown as { cspViolations: string[] };
  w.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
};

describe('site security: CSP, framing, embed origins, hostile names and links', () => {
  let harness: Harness;
  let other: Other;
  let page: Page;
  const consoleCsp: string[] = [];

  beforeAll(async () => {
    harness = await startHarness();
    other = await otherOrigin();
    page = await harness.newPage();
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) consoleCsp.push(m.text()); });
    await page.addInitScript(violationsScript);
  });

  afterAll(async () => {
    await harness?.close();
    await new Promise((r) => other?.server.close(r));
  });

  it('serves the policies of public/_headers: the app unframeable, the embed frameable, workers bounded', async () => {
    const app = await fetch(harness.baseUrl);
    const embed = await fetch(`${harness.baseUrl}embed.html`);
    expect(directives(app.headers.get('content-security-policy') ?? '').get('frame-ancestors')).toBe("'none'");
    expect(directives(app.headers.get('content-security-policy') ?? '').get('connect-src')).toBe("'self'");
    expect(directives(embed.headers.get('content-security-policy') ?? '').has('frame-ancestors')).toBe(false);
    expect(directives(embed.headers.get('content-security-policy') ?? '').get('script-src')).toBe("'self'");
    await page.goto(`${harness.baseUrl}?autoplay=0`);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    const worker = page.workers().find((w) => /simulator\.worker/.test(w.url()));
    expect(worker, 'the simulator worker').toBeDefined();
    const workerPolicy = (await fetch(worker!.url())).headers.get('content-security-policy') ?? '';
    expect(directives(workerPolicy).get('default-src')).toBe("'none'");
    expect(directives(workerPolicy).get('connect-src')).toBe("'self'");
    expect(directives(workerPolicy).get('script-src')).toBe("'self' 'wasm-unsafe-eval'");
    // …and under that policy, which refuses eval, the worker just ran the default scenario's
    // handler code: the handler realm needs nothing but WebAssembly.
  });

  it('blocks a fetch to another origin from the page and from the simulator worker', async () => {
    const before = other.hits.length;
    const fromPage = await page.evaluate((u) => fetch(`${u}/from-page`).then(() => 'reached', () => 'blocked'), other.url);
    const worker = page.workers().find((w) => /simulator\.worker/.test(w.url()))!;
    const fromWorker = await worker.evaluate((u) => fetch(`${u}/from-worker`).then(() => 'reached', () => 'blocked'), other.url);
    expect([fromPage, fromWorker]).toEqual(['blocked', 'blocked']);
    expect(other.hits.slice(before)).toEqual([]);
  });

  it('raises no policy violation in normal use: playground, editor, mermaid, lessons, embed, deck', async () => {
    consoleCsp.length = 0; // the blocked fetches above were meant
    await page.goto(`${harness.baseUrl}?autoplay=0`);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="tab-mermaid"]').click();
    await page.locator('[data-testid="mermaid-view"][data-status="ready"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="tab-code"]').click();
    await page.locator('.monaco-editor').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500); // monaco's workers start
    const violations = [...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))];
    await page.goto(`${harness.baseUrl}#/lessons`);
    await page.locator('a[href*="#/lessons/"]').first().click();
    await page.waitForTimeout(2500);
    violations.push(...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)));
    await page.goto(`${harness.baseUrl}deck.html`);
    await page.waitForFunction(() => Object.keys((window as unknown as { brokerlabDeck: { positions: object } }).brokerlabDeck.positions).length === 2, null, { timeout: 30_000 });
    violations.push(...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)));
    expect(violations).toEqual([]);
    expect(consoleCsp).toEqual([]);
  });

  it('a hostile name reaches mermaid as text: no directive, no request, no violation', async () => {
    const evil = `${other.url}/evil.png`;
    const base = builtinScenarios.find((s) => s.id === 'order-flow')!;
    const name = `%%{init: {"themeCSS": "svg{background:url(${evil})}"}}%%`;
    // Rename the service everywhere the scenario names it (workload, checks, subscriptions):
    // every JSON string equal to the old name, and nothing inside handler code.
    const old = base.services[0]!.name;
    const scenario = JSON.parse(JSON.stringify(base).split(JSON.stringify(old)).join(JSON.stringify(name))) as typeof base;
    expect(scenario.services[0]!.name).toBe(name);
    await page.goto(`${harness.baseUrl}?autoplay=0&expose=1`);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 60_000 });
    const before = other.hits.length;
    await page.evaluate((s) => (window as unknown as { brokerlab: { playground: { load(s: unknown, seed: number): void } } }).brokerlab.playground.load(s, 3), scenario as unknown);
    await page.locator('[data-testid="run-status"][data-status="done"], [data-testid="run-status"][data-status="error"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="run-status"]').getAttribute('data-status'), await page.locator('body').innerText()).toBe('done');
    await page.locator('[data-testid="tab-mermaid"]').click();
    await page.locator('[data-testid="mermaid-view"][data-status="ready"]').waitFor({ timeout: 30_000 });
    const text = await page.locator('[data-testid="mermaid-text"]').textContent();
    expect(text).toContain('% %{init:');
    expect(text).not.toContain('%%');
    // The name is drawn as text; no style of the diagram carries it.
    expect(await page.locator('[data-testid="mermaid-view"] .figure svg text', { hasText: '% %{init:' }).count()).toBeGreaterThan(0);
    expect((await page.locator('[data-testid="mermaid-view"] .figure svg style').allTextContents()).join('')).not.toContain('evil');
    await page.screenshot({ path: 'test-results/security-mermaid-hostile-name.png' });
    expect(other.hits.slice(before)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  });

  it('a link nesting 100,000 levels deep is explained with a path; saved work is untouched', async () => {
    await page.goto(`${harness.baseUrl}?autoplay=0`);
    await page.evaluate(() => localStorage.setItem('brokerlab:drafts:v1:order-flow', '{"mine":true}'));
    const json = JSON.stringify({ v: 1, source: { kind: 'builtin', id: 'order-flow', handlers: {} }, seed: 1, faults: '§', position: 0 }).replace('"§"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    await page.goto('about:blank');
    await page.goto(`${harness.baseUrl}?autoplay=0#/share/${CODEC_TAG}.${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`);
    const banner = page.locator('[data-testid="share-problem"]');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.innerText()).toMatch(/faults\[0\]\[0\].*nests deeper than 64 levels/s);
    await page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: 'test-results/security-deep-link.png' });
    expect(await page.evaluate(() => localStorage.getItem('brokerlab:drafts:v1:order-flow'))).toBe('{"mine":true}');
  });

  it('a link with a prototype key is refused with its path, nothing polluted or lost; the embed lists every option it cannot use', async () => {
    await page.goto(`${harness.baseUrl}?autoplay=0`);
    await page.evaluate(() => localStorage.setItem('brokerlab:drafts:v1:order-flow', '{"mine":true}'));
    const json = '{"v":2,"source":{"kind":"builtin","id":"order-flow","handlers":{}},"seed":"7","faults":[{"type":"drop","constructor":{"prototype":{"polluted":true}}}],"position":0}';
    await page.goto('about:blank');
    await page.goto(`${harness.baseUrl}?autoplay=0#/share/${CODEC_TAG}.${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`);
    const banner = page.locator('[data-testid="share-problem"]');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.innerText()).toMatch(/faults\[0\]\.constructor.*not allowed as a key/s);
    expect(await page.evaluate(() => ({} as { polluted?: unknown }).polluted)).toBeUndefined();
    expect(await page.evaluate(() => localStorage.getItem('brokerlab:drafts:v1:order-flow'))).toBe('{"mine":true}');
    await page.goto(`${harness.baseUrl}embed.html?scenario=order-flow&step=abc&interval=99999999999&theme=purple&autoplay=maybe`);
    const problem = page.locator('[data-testid="embed-problem"]');
    await problem.waitFor({ timeout: 20_000 });
    const text = await problem.innerText();
    for (const option of ['step', 'interval', 'theme', 'autoplay']) expect(text).toContain(`${option}: must be`);
  });

  it('the app cannot be framed by another site', async () => {
    const host = await harness.newPage();
    await host.goto(`${other.url}/host.html?src=${encodeURIComponent(`${harness.baseUrl}?autoplay=0`)}`);
    await host.waitForTimeout(1500);
    const frame = host.frames().find((f) => f !== host.mainFrame());
    expect(await frame!.evaluate(() => document.querySelector('#app')).catch(() => null)).toBeNull();
    await host.close();
  });

  it('served without its headers and framed, the app never offers to run shared code', async () => {
    const host = await harness.newPage();
    // A host that drops the site's headers: the meta tag cannot forbid framing.
    await host.route(`${harness.baseUrl}**`, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['content-security-policy'];
      delete headers['x-frame-options'];
      await route.fulfill({ response, headers });
    });
    const scenario = builtinScenarios.find((s) => s.id === 'order-flow')!;
    const svc = scenario.services.find((s) => s.handlers.some((h) => 'source' in h.code))!;
    const handler = svc.handlers.find((h) => 'source' in h.code)!;
    const edited = withHandlerSources(scenario, { [`${svc.name}/${handler.name}`]: `${(handler.code as { source: string }).source}\n// shared\n` });
    const link = `${harness.baseUrl}?autoplay=0#/share/${encodeState(shareStateOf({ scenario: edited, seed: 3, faults: [], position: 0 }, scenario))}`;
    await host.goto(`${other.url}/host.html?src=${encodeURIComponent(link)}`);
    const frame = host.frameLocator('#f');
    await frame.locator('[data-testid="share-consent"]').waitFor({ timeout: 30_000 });
    expect(await frame.locator('[data-testid="consent-framed"]').count()).toBe(1);
    expect(await frame.locator('[data-testid="consent-run"]').count()).toBe(0);
    await host.screenshot({ path: 'test-results/security-framed-consent.png' });
    await host.close();
  });

  it('the embed reports to and obeys only the origin its host named', async () => {
    const host = await harness.newPage();
    const embedAt = (query: string) => `${other.url}/host.html?src=${encodeURIComponent(`${harness.baseUrl}embed.html?scenario=order-flow&controls=0&id=x${query}`)}`;
    const reports = () => host.evaluate(() => (window as unknown as { reports: { origin: string; data: { type: string; position?: number } }[] }).reports);
    const send = (command: unknown) => host.evaluate((c) => (document.getElementById('f') as HTMLIFrameElement).contentWindow!.postMessage(c, '*'), command);
    const embedStep = () => host.frameLocator('#f').locator('[data-testid="embed-diagram"]').getAttribute('data-step');

    // Not named: the embed runs, but this other-origin page hears nothing and cannot drive it.
    await host.goto(embedAt(''));
    await host.frameLocator('#f').locator('[data-testid="embed"][data-status="ready"]').waitFor({ timeout: 30_000 });
    await send({ type: 'goto', position: 5 });
    await host.waitForTimeout(500);
    expect(await reports()).toEqual([]);
    expect(await embedStep()).toBe('0');

    // Named: reports arrive from the site's origin, commands work, wrong shapes are ignored.
    await host.goto(embedAt(`&allowedOrigin=${encodeURIComponent(other.url)}`));
    await expect.poll(async () => (await reports()).some((r) => r.data.type === 'brokerlab:ready'), { timeout: 30_000 }).toBe(true);
    expect(new Set((await reports()).map((r) => r.origin))).toEqual(new Set([new URL(harness.baseUrl).origin]));
    for (const bad of [{ type: 'goto', position: '7' }, { type: 'goto', position: true }, { type: 'eval' }, 42, null]) await send(bad);
    await send({ type: 'goto', position: 5 });
    await expect.poll(embedStep).toBe('5');
    expect((await reports()).filter((r) => r.data.type === 'brokerlab:position').map((r) => r.data.position)).toEqual([0, 5]);

    // An allowedOrigin that is not an origin is a problem, not a silent default.
    await host.goto(embedAt('&allowedOrigin=javascript:alert(1)&seed=1e300'));
    const problem = host.frameLocator('#f').locator('[data-testid="embed-problem"]');
    await problem.waitFor({ timeout: 30_000 });
    expect(await problem.innerText()).toMatch(/allowedOrigin/);
    expect(await problem.innerText()).toMatch(/seed/);
    await host.close();
  });
});
