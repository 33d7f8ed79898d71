// A service's simulated database: tables of JSON values by key, changed only by transactions
// that commit or roll back as a whole. Commits check optimistic concurrency (a key read in the
// transaction must not have changed since), so two concurrent handlers that read-modify-write
// the same row conflict instead of silently losing an update. A crash discards every open
// transaction; committed data survives (it is the durable part of a service).

import { cloneJson, type Json } from '../scenario/json';
import type { DbWrite } from '../trace/types';

interface Row {
  value: Json;
  version: number;
}

export class ConcurrencyConflict extends Error {
  constructor(readonly table: string, readonly key: string) {
    super(`concurrency conflict: ${table}/${key} changed since this transaction read it`);
    this.name = 'ConcurrencyConflict';
  }
}

export class Database {
  private tables = new Map<string, Map<string, Row>>();
  private versionNext = 1;

  constructor(initial?: Record<string, Record<string, Json>>) {
    for (const [table, rows] of Object.entries(initial ?? {})) {
      for (const [key, value] of Object.entries(rows)) this.write(table, key, cloneJson(value));
    }
  }

  get(table: string, key: string): Json | undefined {
    const row = this.tables.get(table)?.get(key);
    return row ? cloneJson(row.value) : undefined;
  }

  /** The stored value itself, not a copy: for engine code that reads it at once and never changes or keeps it. */
  peek(table: string, key: string): Json | undefined {
    return this.tables.get(table)?.get(key)?.value;
  }

  version(table: string, key: string): number {
    return this.tables.get(table)?.get(key)?.version ?? 0;
  }

  keys(table: string): string[] {
    return [...(this.tables.get(table)?.keys() ?? [])];
  }

  /** Every table as plain data, for checks over the final state. */
  snapshot(): Record<string, Record<string, Json>> {
    const out: Record<string, Record<string, Json>> = {};
    for (const [table, rows] of this.tables) {
      out[table] = {};
      for (const [key, row] of rows) out[table][key] = cloneJson(row.value);
    }
    return out;
  }

  begin(): Transaction {
    return new Transaction(this);
  }

  /**
   * Applies a transaction's writes atomically, or throws ConcurrencyConflict and applies none.
   * The writes it returns hold the stored values themselves (the transaction's private copies,
   * never changed once stored): for the trace, which reads them at once; never change them.
   */
  commit(tx: Transaction): DbWrite[] {
    for (const [ref, version] of tx.reads) {
      const [table, key] = splitRef(ref);
      if (this.version(table, key) !== version) throw new ConcurrencyConflict(table, key);
    }
    const writes: DbWrite[] = [];
    for (const [ref, value] of tx.writes) {
      const [table, key] = splitRef(ref);
      this.write(table, key, value);
      writes.push({ table, key, value });
    }
    return writes;
  }

  private write(table: string, key: string, value: Json | null): void {
    let rows = this.tables.get(table);
    if (!rows) this.tables.set(table, (rows = new Map()));
    if (value === null) rows.delete(key);
    else rows.set(key, { value, version: this.versionNext++ });
  }
}

/** Staged reads and writes; nothing is visible to others until the database commits it. */
export class Transaction {
  readonly reads = new Map<string, number>();
  readonly writes = new Map<string, Json | null>();

  constructor(private readonly db: Database) {}

  get(table: string, key: string): Json | undefined {
    const ref = joinRef(table, key);
    if (this.writes.has(ref)) {
      const staged = this.writes.get(ref)!;
      return staged === null ? undefined : cloneJson(staged);
    }
    if (!this.reads.has(ref)) this.reads.set(ref, this.db.version(table, key));
    return this.db.get(table, key);
  }

  /** `get` without the copy, for engine code that reads the value at once and never changes or keeps it. */
  peek(table: string, key: string): Json | undefined {
    const ref = joinRef(table, key);
    if (this.writes.has(ref)) return this.writes.get(ref) ?? undefined;
    if (!this.reads.has(ref)) this.reads.set(ref, this.db.version(table, key));
    return this.db.peek(table, key);
  }

  put(table: string, key: string, value: Json): void {
    this.writes.set(joinRef(table, key), cloneJson(value));
  }

  delete(table: string, key: string): void {
    this.writes.set(joinRef(table, key), null);
  }

  /** Keys of a table as this transaction sees them (committed plus staged). */
  keys(table: string): string[] {
    const keys = new Set(this.db.keys(table));
    for (const [ref, value] of this.writes) {
      const [t, k] = splitRef(ref);
      if (t !== table) continue;
      if (value === null) keys.delete(k);
      else keys.add(k);
    }
    return [...keys].sort();
  }
}

const SEP = '\u0000';
function joinRef(table: string, key: string): string {
  return table + SEP + key;
}
function splitRef(ref: string): [string, string] {
  const i = ref.indexOf(SEP);
  return [ref.slice(0, i), ref.slice(i + 1)];
}
