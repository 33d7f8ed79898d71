import { describe, expect, it } from 'vitest';
import { ConcurrencyConflict, Database } from '../../src/engine/services/database';

describe('transactional database', () => {
  it('makes writes visible only on commit, all together', () => {
    const db = new Database({ stock: { a: { n: 1 } } });
    const tx = db.begin();
    tx.put('stock', 'a', { n: 2 });
    tx.put('stock', 'b', { n: 5 });
    expect(db.get('stock', 'a')).toEqual({ n: 1 });
    expect(tx.get('stock', 'a')).toEqual({ n: 2 });
    expect(tx.keys('stock')).toEqual(['a', 'b']);
    const writes = db.commit(tx);
    expect(writes).toEqual([
      { table: 'stock', key: 'a', value: { n: 2 } },
      { table: 'stock', key: 'b', value: { n: 5 } },
    ]);
    expect(db.snapshot()).toEqual({ stock: { a: { n: 2 }, b: { n: 5 } } });
  });

  it('loses an uncommitted transaction entirely (rollback or crash)', () => {
    const db = new Database();
    const tx = db.begin();
    tx.put('orders', 'o1', { status: 'placed' });
    // never committed
    expect(db.get('orders', 'o1')).toBeUndefined();
  });

  it('detects a lost update: a key read by a transaction changed before its commit', () => {
    const db = new Database({ stock: { a: { reserved: 0 } } });
    const t1 = db.begin();
    const t2 = db.begin();
    const r1 = t1.get('stock', 'a') as { reserved: number };
    const r2 = t2.get('stock', 'a') as { reserved: number };
    t1.put('stock', 'a', { reserved: r1.reserved + 1 });
    t2.put('stock', 'a', { reserved: r2.reserved + 1 });
    db.commit(t1);
    expect(() => db.commit(t2)).toThrow(ConcurrencyConflict);
    expect(db.get('stock', 'a')).toEqual({ reserved: 1 });
  });

  it('isolates stored values from later mutation by handler code', () => {
    const db = new Database();
    const value = { items: [1] };
    const tx = db.begin();
    tx.put('t', 'k', value);
    db.commit(tx);
    value.items.push(2);
    (db.get('t', 'k') as { items: number[] }).items.push(3);
    expect(db.get('t', 'k')).toEqual({ items: [1] });
  });

  it('deletes keys', () => {
    const db = new Database({ t: { k: 1 } });
    const tx = db.begin();
    tx.delete('t', 'k');
    expect(tx.get('t', 'k')).toBeUndefined();
    db.commit(tx);
    expect(db.keys('t')).toEqual([]);
  });

  it('peeks as get does, without a copy: staged values first, and a peeked key still conflicts', () => {
    const db = new Database({ t: { a: { n: 1 }, b: { n: 2 } } });
    expect(db.peek('t', 'a')).toEqual({ n: 1 });
    expect(db.peek('t', 'a')).toBe(db.peek('t', 'a'));
    expect(db.peek('t', 'zz')).toBeUndefined();
    const t1 = db.begin();
    t1.put('t', 'b', { n: 3 });
    t1.delete('t', 'a');
    expect(t1.peek('t', 'b')).toEqual({ n: 3 });
    expect(t1.peek('t', 'a')).toBeUndefined();
    const t2 = db.begin();
    expect(t2.peek('t', 'a')).toEqual({ n: 1 });
    t2.put('t', 'c', { n: 4 });
    db.commit(t1);
    expect(() => db.commit(t2)).toThrow(ConcurrencyConflict);
  });
});
