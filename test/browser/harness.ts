// Browser-test harness: serves the built site (dist/) with `vite preview` on a free port and
// drives Debian's Chromium through playwright-core with a fresh profile. Everything started
// here is stopped in `close()`: the preview server by its own process group, the browser by
// its context, the profile directory by removal.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const serverStartMsMax = 30_000;

export interface Harness {
  baseUrl: string;
  context: BrowserContext;
  /** The browser's fresh profile: its processes carry it (`--user-data-dir`), so a bench can find them. */
  profileDir: string;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + serverStartMsMax;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited early (${child.exitCode}):\n${log()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`vite preview did not answer at ${url} within ${serverStartMsMax} ms:\n${log()}`);
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.pid === undefined) return done();
    const timer = setTimeout(() => {
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
      done();
    }, 5_000);
    child.once('exit', () => { clearTimeout(timer); done(); });
    try { process.kill(-child.pid, 'SIGTERM'); } catch { clearTimeout(timer); done(); }
  });
}

/** BROKERLAB_PORT: the first of the ports this process's harnesses use, one each (a helper's range on a shared machine); else a free one. */
let portsTaken = 0;
function portToUse(): Promise<number> {
  const first = Number(process.env.BROKERLAB_PORT);
  return Number.isInteger(first) && first > 0 ? Promise.resolve(first + portsTaken++) : freePort();
}

export async function startHarness(): Promise<Harness> {
  // BROKERLAB_DIST serves another build folder (a private build while others rebuild dist/).
  const outDir = process.env.BROKERLAB_DIST ?? 'dist';
  if (!existsSync(join(root, outDir, 'index.html'))) {
    throw new Error(`${outDir}/ is missing: run \`npm run build\` first (npm run test:browser does).`);
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH.`);
  }
  const port = await portToUse();
  let output = '';
  // Detached: the server gets its own process group, so we can stop it and any children.
  const server = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk) => { output += chunk; });
  server.stderr?.on('data', (chunk) => { output += chunk; });
  const baseUrl = `http://127.0.0.1:${port}/`;
  const profileDir = mkdtempSync(join(tmpdir(), 'brokerlab-chromium-'));
  let context: BrowserContext | undefined;
  try {
    await waitForHttp(baseUrl, server, () => output);
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: { width: 1280, height: 860 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (error) {
    await stopServer(server);
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
  const ctx = context;
  return {
    baseUrl,
    context: ctx,
    profileDir,
    newPage: () => ctx.newPage(),
    async close() {
      await ctx.close().catch(() => undefined);
      await stopServer(server);
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** The key under which the playground remembers the scenario intros already seen. */
const INTRO_SEEN_KEY = 'brokerlab:intro-seen:v1';

export interface OpenPageOptions {
  /** Window size; default 1280×860 (the harness's). */
  viewport?: { width: number; height: number };
  /** Scenario ids whose intro card counts as seen, or 'all' for every built-in scenario. */
  introsSeen?: readonly string[] | 'all';
  colorScheme?: 'light' | 'dark';
  /** Also collect console messages of type error into `errors`. */
  consoleErrors?: boolean;
}

export interface OpenedPage {
  harness: Harness;
  page: Page;
  /** Uncaught page errors, as text: a test ends with `expect(errors).toEqual([])`. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * What most browser tests start with: the built site served, one page at a size, its uncaught
 * errors collected, and the intros a test is not about marked as seen before any script runs.
 */
export async function openPage(options: OpenPageOptions = {}): Promise<OpenedPage> {
  const harness = await startHarness();
  try {
    const page = await harness.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    if (options.consoleErrors) page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    if (options.viewport) await page.setViewportSize(options.viewport);
    if (options.colorScheme) await page.emulateMedia({ colorScheme: options.colorScheme });
    if (options.introsSeen) {
      const ids = options.introsSeen === 'all' ? (await import('../../src/scenarios/index')).builtinScenarios.map((s) => s.id) : [...options.introsSeen];
      await page.addInitScript(([key, seen]) => localStorage.setItem(key, JSON.stringify(seen)), [INTRO_SEEN_KEY, ids] as const);
    }
    return { harness, page, errors, close: () => harness.close() };
  } catch (error) {
    await harness.close();
    throw error;
  }
}

/** Waits until the playground's run has been computed to its end. */
export function runDone(page: Page, timeoutMs = 30_000): Promise<void> {
  return page.locator('[data-testid="run-status"][data-status="done"]').waitFor({ timeout: timeoutMs });
}

/** The playground's cursor, as the transport shows it. */
export async function positionOf(page: Page): Promise<number> {
  return Number((await page.locator('[data-testid="position"] strong').innerText()).replace(/,/g, ''));
}
