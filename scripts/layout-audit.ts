// Layout audit of the built site, for a person to act on: every built-in scenario in the
// playground, every lesson and the other pages, presenter mode and the embed on the widest runs,
// at 1280×720 and 1440×900, light and dark. Each
// page is saved as a PNG under test-results/layout/ and measured in the DOM for what a reader
// sees as broken: text cut off with no way to read it whole (no title), text or controls past
// the window's right edge outside a sideways scroller, text drawn over other text, the page
// itself scrolling, diagram text under 11 px, and a lesson's diagram pushed out of view.
// It prints one JSON line per page and a summary; it asserts nothing (the browser tests hold
// the rules that must never break; this sweeps for the ones nobody wrote down yet).
//
//   npm run build && npx tsx scripts/layout-audit.ts            every page
//   AUDIT_ONLY=lesson,drill npx tsx scripts/layout-audit.ts     pages whose name contains one of them

import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startHarness } from '../test/browser/harness';
import { builtinScenarios } from '../src/scenarios/index';
import { loadCourseFromDisk } from '../src/content/node-loader';

const OUT_DIR = 'test-results/layout';
const SIZES = [[1280, 720], [1440, 900]] as const;
const THEMES = ['light', 'dark'] as const;
const DIAGRAM_FONT_MIN_PX = 11;
const LESSON_DIAGRAM_MIN_PX = { 720: 220, 900: 340 } as const;

interface Target {
  name: string;
  hash: string;
  /** The page to open, when not the app's (the embed). */
  path?: string;
  /** What the page shows once it has settled: waited for before measuring. */
  ready: string;
  /** After it is ready: bring the page to the state worth looking at (a played demo, a run's end). */
  settle?: (page: Page) => Promise<void>;
  lesson?: boolean;
  /** A long page that is meant to scroll as a whole (the course overview, the drill). */
  scrolls?: boolean;
}

interface Audit {
  cropped: string[];
  pastEdge: string[];
  textOverlap: string[];
  pageScrollPx: number;
  diagramFontMinPx: number | null;
  lessonDiagramPx: number | null;
}

const runDone = '[data-testid="run-status"][data-status="done"]';
const toEnd = async (page: Page) => {
  await page.locator('body').press('End');
  await page.waitForTimeout(300);
};
/** Presenter mode over a finished run, three key moments in. */
const toPresenter = async (page: Page) => {
  // A new address in the same page keeps the last target's presenter open: leave it first.
  if (await page.getByTestId('presenter').isVisible()) await page.keyboard.press('Escape');
  await page.getByTestId('present-button').click();
  await page.getByTestId('presenter').waitFor();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(600);
};
/** An embed three key moments in. */
const threeMoments = async (page: Page) => {
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(600);
};
/** The widest built-in runs (most lifelines): where presenter mode and the embed must pan. */
const WIDE = ['rabbitmq-routing', 'saga-orchestrated', 'saga-choreographed'];

/** A lesson whose predictions are locked in opens at step 0: go to its demo's first key moment. */
const toKeyMoment = async (page: Page) => {
  await page.locator('[data-testid=run-label]:not(:has-text("running"))').waitFor({ timeout: 90_000 });
  await page.getByTestId('next-moment').click({ timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(400);
};

const { course } = await loadCourseFromDisk();
const targets: Target[] = [
  ...builtinScenarios.map((s) => ({ name: `play-${s.id}`, hash: `#/play?scenario=${s.id}`, ready: runDone, settle: toEnd })),
  ...WIDE.map((id) => ({ name: `present-${id}`, hash: `#/play?scenario=${id}`, ready: runDone, settle: toPresenter })),
  ...WIDE.map((id) => ({ name: `embed-${id}`, hash: '', path: `embed.html?scenario=${id}&steps=key`, ready: '[data-testid=embed-diagram]', settle: threeMoments })),
  { name: 'course', hash: '#/lessons', ready: '[data-testid=course]', scrolls: true },
  ...course.lessons.map((l) => ({ name: `lesson-${l.id}`, hash: `#/lessons/${l.id}`, ready: `[data-testid=lesson][data-lesson="${l.id}"]`, settle: toKeyMoment, lesson: true })),
  { name: 'drill', hash: '#/drill', ready: '[data-testid=drill]', scrolls: true },
  { name: 'capstones', hash: '#/capstones', ready: '[data-testid=capstones]' },
  { name: 'compare', hash: '#/compare?scenario=order-flow&seed=1', ready: '[data-testid=compare-table]' },
  { name: 'lab-retry', hash: '#/lab/retry', ready: '[data-testid="lab-status"][data-status="done"]' },
  { name: 'scenario-new', hash: '#/scenario/new', ready: '[data-testid=editor-start]' },
  { name: 'pack-example', hash: '#/pack?url=packs/example-loyalty.brokerlab-pack.json', ready: '[data-testid=pack-consent]' },
].filter((t) => !process.env.AUDIT_ONLY || process.env.AUDIT_ONLY.split(',').some((part) => t.name.includes(part)));

/** tsx keeps function names with a `__name` helper that a function sent to the page lacks. */
const KEEP_NAMES = 'globalThis.__name = (f) => f;';

/** Runs in the page: the measurements described at the top of this file. */
function auditPage(): Audit {
  const W = innerWidth;
  const H = innerHeight;
  const name = (el: Element): string => {
    const id = el.getAttribute('data-testid');
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/)[0]}` : '';
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `${el.tagName.toLowerCase()}${id ? `[${id}]` : cls} "${text}"`;
  };
  const inClosedDetails = (el: Element): boolean => {
    const d = el.closest('details:not([open])');
    return d !== null && !d.querySelector(':scope > summary')?.contains(el);
  };
  /** The nearest sticky or fixed box an element is drawn in (null: the page itself). */
  const pinnedIn = (el: Element): Element | null => {
    for (let a: Element | null = el; a && a !== document.body; a = a.parentElement) {
      const p = getComputedStyle(a).position;
      if (p === 'sticky' || p === 'fixed') return a;
    }
    return null;
  };
  const shown = (el: Element): boolean => {
    if (inClosedDetails(el)) return false;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.bottom < 0 || r.top > H) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.display !== 'none' && Number(cs.opacity) > 0;
  };
  const scrollsSideways = (el: Element): boolean => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  // What of a box the reader can see: its rect cut by every ancestor that clips its overflow.
  const visibleRect = (el: Element, r: DOMRect): DOMRect | null => {
    let { left, top, right, bottom } = r;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
      const c = a.getBoundingClientRect();
      left = Math.max(left, c.left); top = Math.max(top, c.top); right = Math.min(right, c.right); bottom = Math.min(bottom, c.bottom);
    }
    left = Math.max(left, 0); top = Math.max(top, 0); right = Math.min(right, W); bottom = Math.min(bottom, H);
    return right - left > 2 && bottom - top > 2 ? new DOMRect(left, top, right - left, bottom - top) : null;
  };
  const ownText = (el: Element) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
  const cropped: string[] = [];
  const pastEdge: string[] = [];
  const texts: { el: Element; r: DOMRect }[] = [];
  let diagramFontMinPx: number | null = null;
  // A modal dialog (presenter mode, an intro card) covers the page: only what it shows counts.
  const modal = document.querySelector('[aria-modal="true"]');
  for (const el of document.body.querySelectorAll('*')) {
    if (!ownText(el) || !shown(el) || (modal && !modal.contains(el))) continue;
    // The timeline's markers are a density strip: markers of close events are meant to pile up.
    if (el.closest('[data-testid=timeline]')) continue;
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const clips = cs.overflowX === 'hidden' || cs.overflowX === 'clip' || cs.textOverflow === 'ellipsis';
    const hiddenForSight = r.width <= 1 || r.height <= 1 || el.closest('.visually-hidden, .sr-only') !== null;
    if (el instanceof HTMLElement && clips && !hiddenForSight && el.scrollWidth > el.clientWidth + 1 && !el.closest('[title]')) cropped.push(name(el));
    if (r.right > W + 1 && !scrollsSideways(el)) pastEdge.push(name(el));
    if (el instanceof SVGTextElement || el instanceof SVGTSpanElement) {
      const scale = (el as SVGGraphicsElement).getScreenCTM()?.a ?? 1;
      const px = parseFloat(cs.fontSize) * scale;
      if (el.closest('[data-testid=sequence-diagram], [data-testid=embed-diagram]')) diagramFontMinPx = Math.min(diagramFontMinPx ?? Infinity, Math.round(px * 10) / 10);
    }
    for (const rect of el.getClientRects()) {
      const seen = visibleRect(el, rect);
      if (seen) texts.push({ el, r: seen });
    }
  }
  // Text drawn over other text: two boxes of text from unrelated elements that share area, where
  // the page paints one of them over the other's centre.
  const textOverlap: string[] = [];
  for (let i = 0; i < texts.length && textOverlap.length < 20; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i]!;
      const b = texts[j]!;
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      // A pinned header over content scrolled under it is the design, not a collision (also
      // inside a fixed overlay such as presenter mode: the header is pinned in it, the rows not).
      if (pinnedIn(a.el) !== pinnedIn(b.el)) continue;
      const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (w < 4 || h < 4) continue;
      const x = Math.max(a.r.left, b.r.left) + w / 2;
      const y = Math.max(a.r.top, b.r.top) + h / 2;
      const top = document.elementFromPoint(x, y);
      if (!top || !(a.el.contains(top) || b.el.contains(top) || top.contains(a.el) || top.contains(b.el))) continue;
      textOverlap.push(`${name(a.el)} × ${name(b.el)}`);
    }
  }
  const lessonDiagram = document.querySelector('[data-testid=lesson-diagram]')?.getBoundingClientRect();
  return {
    cropped: [...new Set(cropped)].slice(0, 20),
    pastEdge: [...new Set(pastEdge)].slice(0, 20),
    textOverlap,
    pageScrollPx: document.scrollingElement!.scrollHeight - H,
    diagramFontMinPx,
    lessonDiagramPx: lessonDiagram ? Math.round(Math.max(0, Math.min(lessonDiagram.bottom, H) - Math.max(lessonDiagram.top, 0))) : null,
  };
}

mkdirSync(OUT_DIR, { recursive: true });
const harness = await startHarness();
const problems: string[] = [];
try {
  // Every lesson counts as predicted, so its demo plays to its key moment; every intro as seen,
  // so the playground shows the run itself (the intro card is audited on its own below).
  const lessons = Object.fromEntries(course.lessons.map((l) => [l.id, { committed: true, answers: [], attempts: 0 }]));
  const seenIntros = builtinScenarios.map((s) => s.id);
  for (const [width, height] of SIZES) {
    for (const theme of THEMES) {
      const page = await harness.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: theme });
      await page.addInitScript(KEEP_NAMES);
      await page.addInitScript(([p, seen]) => {
        localStorage.setItem('brokerlab.progress.v1', JSON.stringify(p));
        localStorage.setItem('brokerlab:intro-seen:v1', JSON.stringify(seen));
      }, [{ format: 'brokerlab-progress', version: 1, lessons }, seenIntros] as const);
      for (const t of targets) {
        const file = `${OUT_DIR}/${t.name}-${width}x${height}-${theme}.png`;
        try {
          await page.goto(t.path ? `${harness.baseUrl}${t.path}&theme=${theme}` : `${harness.baseUrl}?autoplay=0${t.hash}`);
          await page.locator(t.ready).first().waitFor({ timeout: 90_000 });
          await t.settle?.(page);
          const audit = await page.evaluate(auditPage);
          await page.screenshot({ path: file });
          const found: string[] = [];
          if (audit.cropped.length) found.push(`cropped: ${audit.cropped.join('; ')}`);
          if (audit.pastEdge.length) found.push(`past the right edge: ${audit.pastEdge.join('; ')}`);
          if (audit.textOverlap.length) found.push(`text over text: ${audit.textOverlap.join('; ')}`);
          if (audit.pageScrollPx > 0 && !t.scrolls) found.push(`the page scrolls ${audit.pageScrollPx} px`);
          if (audit.diagramFontMinPx !== null && audit.diagramFontMinPx < DIAGRAM_FONT_MIN_PX) found.push(`diagram text ${audit.diagramFontMinPx} px`);
          if (t.lesson && (audit.lessonDiagramPx ?? 0) < LESSON_DIAGRAM_MIN_PX[height]) found.push(`lesson diagram ${audit.lessonDiagramPx} px in view`);
          if (errors.length) found.push(`page errors: ${errors.splice(0).join('; ')}`);
          console.log(JSON.stringify({ page: t.name, width, height, theme, ...audit, file }));
          for (const f of found) problems.push(`${t.name} ${width}×${height} ${theme}: ${f}`);
        } catch (error) {
          problems.push(`${t.name} ${width}×${height} ${theme}: did not settle (${String(error).split('\n')[0]})`);
          await page.screenshot({ path: file }).catch(() => undefined);
        }
      }
      await page.close();
    }
  }
  // A first visit: the intro card over the default scenario, at both sizes.
  for (const [width, height] of SIZES) {
    const page = await harness.newPage();
    await page.addInitScript(KEEP_NAMES);
    await page.setViewportSize({ width, height });
    await page.goto(harness.baseUrl);
    await page.getByTestId('intro').waitFor({ timeout: 60_000 }).catch(() => undefined);
    const audit = await page.evaluate(auditPage);
    await page.screenshot({ path: `${OUT_DIR}/first-visit-${width}x${height}.png` });
    if (audit.cropped.length || audit.pastEdge.length || audit.textOverlap.length) problems.push(`first visit ${width}×${height}: ${JSON.stringify({ cropped: audit.cropped, pastEdge: audit.pastEdge, textOverlap: audit.textOverlap })}`);
    await page.close();
  }
} finally {
  await harness.close();
}
const pages = targets.length * SIZES.length * THEMES.length + SIZES.length;
console.log(`\n${pages} pages audited, screenshots in ${OUT_DIR}/; ${problems.length} finding(s)${problems.length ? ':' : '.'}`);
for (const p of problems) console.log(`- ${p}`);
