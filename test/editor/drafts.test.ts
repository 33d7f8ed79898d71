// Saving edits as they are typed: versioned keys, restore, conflicts kept for an explicit
// choice, and a store that survives a full or missing localStorage.
import { describe, expect, it } from 'vitest';
import { DRAFTS_KEY_PREFIX, DraftStore, reconcile, type KeyValueStorage } from '../../src/ui/storage/drafts';

class FakeStorage implements KeyValueStorage {
  items = new Map<string, string>();
  constructor(private readonly quotaChars = Infinity) {}
  get length() { return this.items.size; }
  key(i: number) { return [...this.items.keys()][i] ?? null; }
  getItem(k: string) { return this.items.get(k) ?? null; }
  removeItem(k: string) { this.items.delete(k); }
  setItem(k: string, v: string) {
    let used = v.length;
    for (const [key, value] of this.items) if (key !== k) used += value.length;
    if (used > this.quotaChars) throw new DOMException('full', 'QuotaExceededError');
    this.items.set(k, v);
  }
}

describe('DraftStore', () => {
  it('saves per scope under a versioned key and loads it back in a new store (a reload)', () => {
    const storage = new FakeStorage();
    let t = 1000;
    const a = new DraftStore(storage, () => t++);
    expect(a.save('order-flow', 'Inventory/ReserveStock.ts', 'edited', 'starter')).toEqual({ persisted: true });
    expect([...storage.items.keys()]).toEqual([`${DRAFTS_KEY_PREFIX}order-flow`]);
    const b = new DraftStore(storage);
    expect(b.load('order-flow')?.files['Inventory/ReserveStock.ts']).toEqual({ text: 'edited', base: 'starter', savedAtMs: 1000 });
    expect(b.load('other')).toBeNull();
    b.discard('order-flow', 'Inventory/ReserveStock.ts');
    expect(new DraftStore(storage).load('order-flow')?.files).toEqual({});
  });

  it('evicts the least recently used other scopes when full, then keeps text in memory and says so', () => {
    const storage = new FakeStorage(500);
    let t = 0;
    const store = new DraftStore(storage, () => ++t);
    store.save('old', 'a.ts', 'x'.repeat(100), '');
    store.save('newer', 'a.ts', 'y'.repeat(100), '');
    expect(store.save('current', 'a.ts', 'z'.repeat(150), '')).toEqual({ persisted: true });
    expect(storage.getItem(`${DRAFTS_KEY_PREFIX}old`)).toBeNull();
    expect(storage.getItem(`${DRAFTS_KEY_PREFIX}newer`)).not.toBeNull();
    const huge = store.save('current', 'a.ts', 'w'.repeat(1000), '');
    expect(huge.persisted).toBe(false);
    expect(huge.reason).toMatch(/storage is full/);
    expect(store.load('current')?.files['a.ts']?.text).toBe('w'.repeat(1000));
  });

  it('works without any storage (disabled or throwing), in memory', () => {
    const store = new DraftStore(null);
    expect(store.save('s', 'f.ts', 'mine', 'base').persisted).toBe(false);
    expect(store.load('s')?.files['f.ts']?.text).toBe('mine');
  });

  it('ignores corrupt or foreign data instead of failing', () => {
    const storage = new FakeStorage();
    storage.setItem(`${DRAFTS_KEY_PREFIX}s`, '{not json');
    expect(new DraftStore(storage).load('s')).toBeNull();
    storage.setItem(`${DRAFTS_KEY_PREFIX}s`, JSON.stringify({ version: 99 }));
    expect(new DraftStore(storage).load('s')).toBeNull();
  });
});

describe('reconcile', () => {
  it('restores edits, and reports a conflict when the incoming code is not what the edit started from', () => {
    const drafts = { version: 1 as const, scope: 's', updatedAtMs: 1, files: { 'a.ts': { text: 'my edit', base: 'starter', savedAtMs: 1 }, 'b.ts': { text: 'mine too', base: 'old starter', savedAtMs: 1 } } };
    const r = reconcile({ 'a.ts': 'starter', 'b.ts': 'code from a shared link', 'c.ts': 'untouched' }, drafts);
    expect(r.texts).toEqual({ 'a.ts': 'my edit', 'b.ts': 'mine too', 'c.ts': 'untouched' });
    expect(r.restored).toEqual(['a.ts', 'b.ts']);
    expect(r.conflicts).toEqual(['b.ts']);
  });
});
