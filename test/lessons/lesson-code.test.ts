// The learner's code on a lesson page has one home: the lesson's Workspace, saved as drafts
// under `lesson:<id>`. The progress store keeps answers and solved marks only; it moves code
// saved by older versions into the drafts, exports code from the drafts and imports it there.
import { describe, expect, it } from 'vitest';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { DraftStore, type KeyValueStorage } from '../../src/ui/storage/drafts';
import { Progress, draftCode, lessonScope } from '../../src/ui/lesson/progress.svelte';
import { LessonState, lessonHandlerFiles } from '../../src/ui/lesson/lesson.svelte';
import type { Simulator } from '../../src/worker/client';

class MemoryStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  get length() { return this.map.size; }
  key(i: number) { return [...this.map.keys()][i] ?? null; }
  getItem(k: string) { return this.map.get(k) ?? null; }
  setItem(k: string, v: string) { this.map.set(k, v); }
  removeItem(k: string) { this.map.delete(k); }
}

const { course } = await loadCourseFromDisk();
const lesson = course.lessons.find((l) => l.id === 'observability')!;
const noSimulator = (() => { throw new Error('not in this test'); }) as unknown as () => Simulator;
const PICK = 'Warehouse/Pick.ts';

describe('a lesson page and its code', () => {
  it('lists the lesson files with their starters and solutions, opening the file to fix', () => {
    const files = lessonHandlerFiles(lesson);
    expect(files.map((f) => f.id).sort()).toEqual(Object.keys(lesson.starter).sort());
    expect(files.filter((f) => f.solution !== undefined).map((f) => f.id).sort()).toEqual(Object.keys(lesson.solution).sort());
    const ls = new LessonState(lesson, noSimulator, new Progress(), new DraftStore(new MemoryStorage(), () => 1));
    expect(ls.workspace.active).toBe(files.find((f) => f.solution !== undefined)!.id);
    expect(ls.workspace.scope).toBe('lesson:observability');
  });

  it('edits go to the workspace and its drafts, never into the progress store', () => {
    const storage = new MemoryStorage();
    const store = new DraftStore(storage, () => 1);
    const progress = new Progress();
    const ls = new LessonState(lesson, noSimulator, progress, store);
    expect(ls.edited).toBe(false);
    ls.setFile(PICK, '// mine');
    expect(ls.edited).toBe(true);
    expect(ls.files[PICK]).toBe('// mine');
    expect(ls.workspace.texts[PICK]).toBe('// mine');
    expect(progress.of(lesson.id).code).toBeUndefined();
    expect(draftCode(store, lesson.id)).toEqual({ [PICK]: '// mine' });
    // A second visit (a reload) restores the same text from the drafts.
    const again = new LessonState(lesson, noSimulator, progress, store);
    expect(again.files[PICK]).toBe('// mine');
    expect(again.workspace.restored).toEqual([PICK]);
    // The scenario the goal check runs is built from that text.
    const handler = again.scenario().services.flatMap((s) => s.handlers).find((h) => h.name === 'Pick')!;
    expect((handler.code as { source: string }).source).toBe('// mine');
  });

  it('moves code saved by an older version into the drafts once; a newer draft wins', () => {
    const store = new DraftStore(new MemoryStorage(), () => 1);
    const progress = new Progress();
    progress.update(lesson.id, { solved: true, code: { [PICK]: '// old', 'Warehouse/ShipBatch.ts': lesson.starter['Warehouse/ShipBatch.ts']!, 'Gone.ts': 'x' } });
    store.save(lessonScope(lesson.id), 'Shipping/Ship.ts', '// newer draft', lesson.starter['Shipping/Ship.ts']!);
    progress.update(lesson.id, { code: { ...progress.of(lesson.id).code, 'Shipping/Ship.ts': '// older copy' } });
    const ls = new LessonState(lesson, noSimulator, progress, store);
    expect(ls.files[PICK]).toBe('// old');
    expect(ls.files['Shipping/Ship.ts']).toBe('// newer draft');
    expect(progress.of(lesson.id)).toEqual({ solved: true });
    expect(draftCode(store, lesson.id)).toEqual({ [PICK]: '// old', 'Shipping/Ship.ts': '// newer draft' });
  });

  it('exports code from the drafts and imports it back into them, with the predictions, attempts, solution view and learner id', () => {
    const store = new DraftStore(new MemoryStorage(), () => 1);
    const progress = new Progress();
    const entry = { answers: [2, 3], committed: true, attempts: 2, solutionViewed: true, solved: true, assisted: true };
    progress.update(lesson.id, entry);
    new LessonState(lesson, noSimulator, progress, store).setFile(PICK, '// exported');
    const file = JSON.parse(progress.exportFile([lesson.id, 'inbox'], store));
    expect(file.lessons[lesson.id]).toEqual({ ...entry, code: { [PICK]: '// exported' } });
    expect(file.lessons.inbox).toBeUndefined();
    expect(file.learner).toBe(progress.learner);
    expect(progress.learner).toMatch(/\S{8,}/);

    const elsewhere = new DraftStore(new MemoryStorage(), () => 2);
    const fresh = new Progress();
    expect(fresh.learner).not.toBe(progress.learner);
    const n = fresh.importFile(JSON.stringify(file), (id) => course.lessons.find((l) => l.id === id)?.starter, elsewhere);
    expect(n).toBe(1);
    expect(fresh.of(lesson.id)).toEqual(entry);
    expect(fresh.learner).toBe(progress.learner);
    const ls = new LessonState(lesson, noSimulator, fresh, elsewhere);
    expect(ls.files[PICK]).toBe('// exported');
    expect(ls.workspace.conflicts).toEqual([]);
  });

  it('refuses a progress file whose answers are not numbers, losing nothing', () => {
    const progress = new Progress();
    progress.update(lesson.id, { answers: [1, 4], committed: true });
    const bad = JSON.stringify({ format: 'brokerlab-progress', version: 1, lessons: { [lesson.id]: { answers: ['B'] } } });
    expect(() => progress.importFile(bad)).toThrow(/answers: must be a list of at most 20 numbers \(or null\), got \["B"\]/);
    expect(progress.of(lesson.id)).toEqual({ answers: [1, 4], committed: true });
  });

  it('refuses hostile progress files before merging anything: depth, prototype keys, wrong types, unknown fields', () => {
    const progress = new Progress();
    progress.update(lesson.id, { answers: [2], solved: true });
    const before = JSON.stringify(progress.of(lesson.id));
    const hostile: [string, RegExp][] = [
      [`{"format":"brokerlab-progress","version":1,"lessons":{"x":{"hints":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`, /nests deeper than 64 levels/],
      ['{"format":"brokerlab-progress","version":1,"lessons":{"__proto__":{"solved":true}}}', /lessons\.__proto__: is not allowed as a key/],
      [`{"format":"brokerlab-progress","version":1,"lessons":{"${lesson.id}":{"solved":"yes","attempts":-1}}}`, /solved: must be true or false.*attempts: must be a whole number/],
      [`{"format":"brokerlab-progress","version":1,"lessons":{"${lesson.id}":{"solved":true}},"evil":1}`, /evil: is not a field of a progress file/],
      ['{"format":"brokerlab-progress","version":1,"lessons":{}', /the file is not JSON/],
    ];
    for (const [text, reason] of hostile) {
      expect(() => progress.importFile(text), text.slice(0, 80)).toThrow(reason);
      expect(JSON.stringify(progress.of(lesson.id))).toBe(before);
    }
    expect(({} as { solved?: unknown }).solved).toBeUndefined();
  });
});

