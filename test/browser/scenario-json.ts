// The scenario editor's JSON pane from a browser test: the text it holds (saved as typed, first
// among the drafts, by every change), waiting for its monaco, and typing into it as a person
// would (select all, type).
import type { Page } from 'playwright-core';

/** The editor's text: every change is saved at once as the newest draft. */
export async function editorText(page: Page): Promise<string> {
  return page.evaluate(() => (JSON.parse(localStorage.getItem('brokerlab:scenarios:v1') ?? '[]') as { text: string }[])[0]?.text ?? '');
}

export async function editorJson(page: Page): Promise<any> {
  return JSON.parse(await editorText(page));
}

/** Waits for the editor and its monaco JSON pane. */
export async function jsonReady(page: Page): Promise<void> {
  await page.locator('[data-testid="editor-json-pane"][data-monaco="ready"]').waitFor({ timeout: 30_000 });
}

/** Replaces the whole JSON in monaco as a person would: select all, paste. */
export async function typeJson(page: Page, text: string): Promise<void> {
  await jsonReady(page);
  // A click while a closing problem widget still holds the focus can send the paste elsewhere;
  // the editor saves every change at once, so the saved draft tells whether the paste arrived.
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.locator('[data-testid="editor-json-monaco"] .view-lines').click();
    await page.keyboard.press('ControlOrMeta+A');
    // A paste event carrying the text (typing it key by key would auto-indent and auto-close).
    // Monaco takes input on whatever has the focus (an EditContext element in Chromium).
    await page.evaluate((value) => {
      const data = new DataTransfer();
      data.setData('text/plain', value);
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
    for (let waitedMs = 0; waitedMs < 3_000; waitedMs += 100) {
      if (sameJson(await editorText(page), text)) return;
      await page.waitForTimeout(100);
    }
  }
}

/** Same JSON value, whatever the spacing or key order (text that is not JSON compares as text). */
function sameJson(a: string, b: string): boolean {
  const canonical = (t: string): string => {
    try {
      return JSON.stringify(JSON.parse(t), (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1))) : v));
    } catch {
      return t.trim();
    }
  };
  return canonical(a) === canonical(b);
}

/** The lines monaco shows (only those in view). */
export async function visibleJson(page: Page): Promise<string> {
  return (await page.locator('[data-testid="editor-json-monaco"] .view-lines').innerText()).replace(/\u00a0/g, ' ');
}
