// A shared link's code and the user's saved edits: one source of truth. The link's code is
// compared with the saved edit of each file; where they differ the user chooses, the chosen
// code is written to the drafts before it runs (so the editor, which reads the drafts, shows
// the code that ran), and an edit the link's code replaced is kept and can be restored.
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../src/scenarios/index';
import { withHandlerSources } from '../../src/share/index';
import { DraftStore, type KeyValueStorage } from '../../src/ui/storage/drafts';
import { chosenTexts, commitChoice, fileTexts, linkCode, withFileTexts } from '../../src/ui/share/link-code';
import { Workspace, handlerFiles } from '../../src/ui/editor/workspace.svelte';

class FakeStorage implements KeyValueStorage {
  items = new Map<string, string>();
  get length() { return this.items.size; }
  key(i: number) { return [...this.items.keys()][i] ?? null; }
  getItem(k: string) { return this.items.get(k) ?? null; }
  removeItem(k: string) { this.items.delete(k); }
  setItem(k: string, v: string) { this.items.set(k, v); }
}

const shipped = builtinScenarios.find((s) => s.id === 'order-flow')!;
const svc = shipped.services.find((s) => s.handlers.some((h) => 'source' in h.code))!;
const handler = svc.handlers.find((h) => 'source' in h.code)!;
const file = Object.keys(fileTexts(shipped)).find((id) => id.startsWith(`${svc.name}/`))!;
const starter = fileTexts(shipped)[file]!;
const linked = withHandlerSources(shipped, { [`${svc.name}/${handler.name}`]: `${starter}\n// the link's edit\n` });
const scope = 'scenario:order-flow';

/** What the Code tab shows: a workspace read from the drafts, as the editor makes it. */
const editorTexts = (store: DraftStore) => new Workspace(scope, handlerFiles(shipped), store).texts;

describe('link code against saved drafts', () => {
  it('with no saved edit there is nothing to choose, and the link\'s code becomes what the editor shows', () => {
    const store = new DraftStore(new FakeStorage());
    const code = linkCode({ scenario: linked, shipped }, store);
    expect(code.scope).toBe(scope);
    expect(code.mine).toEqual({});
    commitChoice(code, 'link', store);
    expect(editorTexts(store)).toEqual(fileTexts(linked));
  });

  it('a plain link (the site\'s code) over a saved edit asks too: otherwise the editor would show code that did not run', () => {
    const store = new DraftStore(new FakeStorage());
    store.save(scope, file, '// my work', starter);
    const code = linkCode({ scenario: shipped, shipped }, store);
    expect(code.mine).toEqual({ [file]: '// my work' });
  });

  it('use the link\'s: the editor shows the link\'s code, and my edit is kept to restore', () => {
    const store = new DraftStore(new FakeStorage());
    store.save(scope, file, '// my work', starter);
    const code = linkCode({ scenario: linked, shipped }, store);
    expect(Object.keys(code.mine)).toEqual([file]);
    const texts = commitChoice(code, 'link', store);
    expect(texts).toEqual(fileTexts(linked));
    const ws = new Workspace(scope, handlerFiles(shipped), store);
    expect(ws.texts).toEqual(fileTexts(linked));
    expect(ws.beforeLink).toEqual([file]);
    ws.restoreBeforeLink();
    expect(ws.texts[file]).toBe('// my work');
    expect(new Workspace(scope, handlerFiles(shipped), store).beforeLink).toEqual([]);
    expect(editorTexts(store)[file]).toBe('// my work');
  });

  it('keep mine: my code runs with the link\'s seed and faults, and it is what the editor shows', () => {
    const store = new DraftStore(new FakeStorage());
    store.save(scope, file, '// my work', starter);
    const code = linkCode({ scenario: linked, shipped }, store);
    const texts = commitChoice(code, 'mine', store);
    expect(texts).toEqual(chosenTexts(code, 'mine'));
    const ran = withFileTexts(linked, texts);
    expect(fileTexts(ran)).toEqual(editorTexts(store));
    expect(fileTexts(ran)[file]).toBe('// my work');
    expect(new Workspace(scope, handlerFiles(shipped), store).beforeLink).toEqual([]);
  });

  it('a lesson link uses the lesson\'s scope', () => {
    const store = new DraftStore(new FakeStorage());
    expect(linkCode({ scenario: linked, shipped, lessonId: 'inbox' }, store).scope).toBe('lesson:inbox');
  });
});
