// The lesson page fits the screen. At 1280×720 (every lesson) and 1440×900 (a sample), light and
// dark: the page itself does not scroll; the prose scrolls on its own while the current demo's
// diagram stays in view with room to read it; with the solution shown, nothing in the prose
// reaches into the playground. The course overview shows each lesson's estimated time, level
// and the learner's progress. Screenshots go to test-results/ for a person to look at.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { estimateLesson } from '../../src/content/estimate';

const { course } = await loadCourseFromDisk();
/** Rows of diagram a learner needs to follow a demo while reading: at least this many pixels. */
const DIAGRAM_VISIBLE_MIN_PX = { 720: 220, 900: 340 } as const;

let harness: Harness;
const errors: string[] = [];

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

async function open(page: Page, id: string): Promise<void> {
  await page.goto(`${harness.baseUrl}#/lessons/${id}`);
  await page.locator(`[data-testid=lesson][data-lesson="${id}"]`).waitFor();
  await page.locator('[data-testid=run-label]').filter({ hasText: 'Demo:' }).waitFor();
  await page.locator('[data-testid=run-label]:not(:has-text("running"))').waitFor();
}

/** Pixels of the diagram inside the window, the page's own scroll, and the columns' edges. */
function measure(page: Page) {
  return page.evaluate(() => {
    const r = document.querySelector('[data-testid=lesson-diagram]')!.getBoundingClientRect();
    const prose = document.querySelector('.prose-column')!.getBoundingClientRect();
    const play = document.querySelector('.play-column')!.getBoundingClientRect();
    return {
      diagramPx: Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0)),
      diagramTop: r.top,
      pageScrollPx: document.scrollingElement!.scrollHeight - innerHeight,
      proseRight: prose.right,
      playLeft: play.left,
    };
  });
}

async function newPage(width: number, height: number, theme: 'light' | 'dark', progress?: object): Promise<Page> {
  const page = await harness.newPage();
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ colorScheme: theme });
  page.on('pageerror', (e) => errors.push(String(e)));
  if (progress) await page.addInitScript((p) => localStorage.setItem('brokerlab.progress.v1', JSON.stringify(p)), progress);
  return page;
}

describe('lesson page layout', () => {
  it('at 1280×720, every lesson keeps its diagram in view while the prose scrolls', async () => {
    const page = await newPage(1280, 720, 'light');
    for (const lesson of course.lessons) {
      await open(page, lesson.id);
      const before = await measure(page);
      expect(before.pageScrollPx, lesson.id).toBeLessThanOrEqual(0);
      expect(before.diagramPx, lesson.id).toBeGreaterThanOrEqual(DIAGRAM_VISIBLE_MIN_PX[720]);
      expect(before.proseRight, lesson.id).toBeLessThanOrEqual(before.playLeft);
      // Reading down to the interview questions moves the prose only.
      await page.locator('.prose-column').evaluate((el) => el.scrollTo(0, el.scrollHeight));
      const after = await measure(page);
      expect(after.diagramTop, lesson.id).toBe(before.diagramTop);
      expect(await page.locator('.pager').isVisible(), lesson.id).toBe(true);
      if (lesson.id === 'outbox') await page.screenshot({ path: 'test-results/lesson-layout-1280-read.png' });
    }
    await page.close();
  });

  it('at 1440×900 in dark, predicted and with the solution shown: the diagram in view, no overlap', async () => {
    const widest = [...course.lessons].sort((a, b) => Math.max(...Object.values(b.solution).flatMap((t) => t.split('\n').map((l) => l.length))) - Math.max(...Object.values(a.solution).flatMap((t) => t.split('\n').map((l) => l.length))))[0]!;
    const lessons = Object.fromEntries(course.lessons.map((l) => [l.id, { committed: true, answers: [], attempts: 1, solutionViewed: true }]));
    for (const [w, h] of [[1440, 900], [1280, 720]] as const) {
      const page = await newPage(w, h, 'dark', { format: 'brokerlab-progress', version: 1, lessons });
      for (const id of [widest.id, 'orchestrated-saga', 'choosing-a-broker', 'servicebus-scheduled-messages']) {
        await open(page, id);
        // Revealed answers lengthen the prose; what sits below the window in it (a visually
        // hidden label too) stays inside the prose column and never makes the page scroll.
        expect((await measure(page)).pageScrollPx, `${id}: revealed`).toBeLessThanOrEqual(0);
        await page.getByTestId('show-solution').click();
        const diff = page.getByTestId('solution-diff');
        await diff.scrollIntoViewIfNeeded();
        const m = await measure(page);
        const diffRight = await diff.evaluate((el) => el.closest('.card')!.getBoundingClientRect().right);
        expect(diffRight, `${id}: the solution stays in the prose column`).toBeLessThanOrEqual(m.proseRight + 1);
        expect(m.proseRight).toBeLessThanOrEqual(m.playLeft);
        expect(m.pageScrollPx).toBeLessThanOrEqual(0);
        expect(m.diagramPx, id).toBeGreaterThanOrEqual(DIAGRAM_VISIBLE_MIN_PX[h]);
        expect(await page.locator('[data-testid=checks] [data-testid=check]').count(), id).toBeGreaterThan(0);
        if (id === widest.id) await page.screenshot({ path: `test-results/lesson-layout-${w}-solution-dark.png` });
      }
      await page.close();
    }
  });

  it('every figure in the prose is drawn (not left as source) and keeps its text readable: at least 11 px, scrolling sideways when wider than the column', async () => {
    const page = await newPage(1280, 720, 'light');
    // Mermaid draws in a temporary element first; on the page's body, a tall figure made the page
    // scroll for that moment. Record whatever is added straight to the body.
    await page.addInitScript(() => {
      const added: string[] = ((window as unknown as { __bodyAdded: string[] }).__bodyAdded = []);
      addEventListener('DOMContentLoaded', () => new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) if (n instanceof Element && !n.hasAttribute('data-mermaid-host') && n.querySelector('svg')) added.push(n.id || n.tagName);
      }).observe(document.body, { childList: true }));
    });
    const withFigures = course.lessons.filter((l) => l.body.includes('```mermaid'));
    expect(withFigures.length).toBeGreaterThan(0);
    for (const lesson of withFigures) {
      await open(page, lesson.id);
      const figure = page.locator('.mermaid-figure').first();
      await figure.scrollIntoViewIfNeeded();
      await page.locator('.mermaid-figure[data-drawn]:not([data-drawn=pending])').first().waitFor();
      expect(await figure.getAttribute('data-drawn'), `${lesson.id}: its first figure is drawn`).toBe('yes');
      const m = await figure.evaluate((el) => {
        const svg = el.querySelector('svg')!;
        const scale = Math.hypot(svg.getScreenCTM()!.a, svg.getScreenCTM()!.b);
        const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale).filter((px) => px > 0);
        return { minPx: Math.min(...sizes), figureRight: el.getBoundingClientRect().right, prose: el.closest('.prose-column')!.getBoundingClientRect().right };
      });
      expect(m.minPx, lesson.id).toBeGreaterThanOrEqual(11);
      expect(m.figureRight, `${lesson.id}: the figure scrolls inside the prose, it does not push past it`).toBeLessThanOrEqual(m.prose + 1);
      expect(await page.evaluate(() => (window as unknown as { __bodyAdded: string[] }).__bodyAdded), `${lesson.id}: mermaid drew outside the page's flow`).toEqual([]);
    }
    await page.close();
    expect(errors).toEqual([]);
  });

  it('the course overview shows each lesson\'s time, level and what is solved', async () => {
    const first = course.lessons[0]!;
    const second = course.lessons[1]!;
    const page = await newPage(1280, 720, 'light', { format: 'brokerlab-progress', version: 1, lessons: { [first.id]: { solved: true }, [second.id]: { committed: true, attempts: 2 } } });
    await page.goto(`${harness.baseUrl}#/lessons`);
    await page.getByTestId('course').waitFor();
    const row = (id: string) => page.locator(`[data-testid=course] li[data-lesson="${id}"]`);
    const e = estimateLesson(first);
    expect(await row(first.id).getByTestId('lesson-estimate').innerText()).toBe(`≈ ${e.minutes} min · ${e.level} · ${e.changedLines} line${e.changedLines === 1 ? '' : 's'} to change in ${e.files} file${e.files === 1 ? '' : 's'}`);
    expect(await row(first.id).getAttribute('data-status')).toBe('solved');
    expect(await row(second.id).getByTestId('lesson-status').innerText()).toBe('started · 2 checks');
    expect(await page.getByTestId('solved-count').innerText()).toBe(`1 of ${course.lessons.length} solved`);
    await page.screenshot({ path: 'test-results/course-overview-estimates.png' });
    await page.close();
    expect(errors).toEqual([]);
  });
});
