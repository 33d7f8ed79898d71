// Never losing what people wrote. Every edit of a handler is saved to this browser as it is
// typed, per scope (a scenario id, or a lesson), and restored after a reload, a crash of the
// worker or a shared link that brings other code. Nothing the user wrote is overwritten without
// an explicit choice: when the starter or a link brings code that differs from a saved edit,
// the edit wins and the difference is reported, so the page can offer "use the linked code".
//
// Storage is localStorage under a versioned key (`brokerlab:drafts:v1:<scope>`). Writing can
// fail — quota exceeded, storage disabled, private mode: the store then evicts the drafts of the
// scopes least recently touched (never the current one) and retries, and if that is not enough
// keeps the text in memory and says so (`persisted: false`), so the page can warn instead of
// pretending.

export const DRAFTS_KEY_PREFIX = 'brokerlab:drafts:v1:';
/** Scope suffix for edits a shared link's code replaced (kept so they can be restored). */
export const BEFORE_LINK = '~before-link';

export interface DraftFile {
  /** What the user wrote. */
  text: string;
  /** The starter (or linked) text the edit started from. */
  base: string;
  /** Wall-clock time of the save (ms), for eviction and "saved 2 min ago". */
  savedAtMs: number;
}

export interface DraftSet {
  version: 1;
  scope: string;
  files: Record<string, DraftFile>;
  updatedAtMs: number;
}

/** The subset of Web Storage the store needs (tests pass a fake). */
export interface KeyValueStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface SaveResult {
  persisted: boolean;
  /** Why it was not persisted. */
  reason?: string;
}

/** localStorage if this page may use it, else null (some browsers throw on mere access). */
export function browserStorage(): KeyValueStorage | null {
  try {
    const storage = globalThis.localStorage;
    if (!storage) return null;
    const probe = `${DRAFTS_KEY_PREFIX}probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}

export class DraftStore {
  readonly #storage: KeyValueStorage | null;
  readonly #now: () => number;
  /** Drafts that could not be written, kept for this page's life. */
  readonly #memory = new Map<string, DraftSet>();

  constructor(storage: KeyValueStorage | null = browserStorage(), now: () => number = () => Date.now()) {
    this.#storage = storage;
    this.#now = now;
  }

  get persistent(): boolean {
    return this.#storage !== null;
  }

  load(scope: string): DraftSet | null {
    const memory = this.#memory.get(scope);
    if (memory) return memory;
    const raw = this.#read(DRAFTS_KEY_PREFIX + scope);
    return raw ? parseDraftSet(raw, scope) : null;
  }

  save(scope: string, file: string, text: string, base: string): SaveResult {
    const set = this.load(scope) ?? { version: 1 as const, scope, files: {}, updatedAtMs: 0 };
    const now = this.#now();
    const next: DraftSet = { ...set, files: { ...set.files, [file]: { text, base, savedAtMs: now } }, updatedAtMs: now };
    return this.#write(next);
  }

  /** Forgets one file's draft (after the user chose to take the starter or the linked code). */
  discard(scope: string, file: string): SaveResult {
    const set = this.load(scope);
    if (!set || !(file in set.files)) return { persisted: this.persistent };
    const files = { ...set.files };
    delete files[file];
    return this.#write({ ...set, files, updatedAtMs: this.#now() });
  }

  #write(set: DraftSet): SaveResult {
    const key = DRAFTS_KEY_PREFIX + set.scope;
    const value = JSON.stringify(set);
    if (!this.#storage) {
      this.#memory.set(set.scope, set);
      return { persisted: false, reason: 'this browser does not let the page store data' };
    }
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        this.#storage.setItem(key, value);
        this.#memory.delete(set.scope);
        return { persisted: true };
      } catch {
        if (!this.#evictOldest(key)) break;
      }
    }
    this.#memory.set(set.scope, set);
    return { persisted: false, reason: 'browser storage is full: your edits are kept only while this page is open' };
  }

  /** Removes the least recently updated other scope's drafts; false when there is none. */
  #evictOldest(keep: string): boolean {
    const storage = this.#storage!;
    let oldest: { key: string; at: number } | null = null;
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (!key || key === keep || !key.startsWith(DRAFTS_KEY_PREFIX)) continue;
      const at = parseDraftSet(this.#read(key) ?? '', key.slice(DRAFTS_KEY_PREFIX.length))?.updatedAtMs ?? 0;
      if (!oldest || at < oldest.at) oldest = { key, at };
    }
    if (!oldest) return false;
    storage.removeItem(oldest.key);
    return true;
  }

  #read(key: string): string | null {
    try {
      return this.#storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }
}

function parseDraftSet(raw: string, scope: string): DraftSet | null {
  try {
    const value = JSON.parse(raw) as Partial<DraftSet>;
    if (value?.version !== 1 || typeof value.files !== 'object' || value.files === null) return null;
    const files: Record<string, DraftFile> = {};
    for (const [name, f] of Object.entries(value.files)) {
      if (f && typeof f.text === 'string') files[name] = { text: f.text, base: typeof f.base === 'string' ? f.base : '', savedAtMs: Number(f.savedAtMs) || 0 };
    }
    return { version: 1, scope, files, updatedAtMs: Number(value.updatedAtMs) || 0 };
  } catch {
    return null;
  }
}

export interface Reconciled {
  /** The text each file opens with. */
  texts: Record<string, string>;
  /** Files whose saved edit was restored. */
  restored: string[];
  /** Files where the incoming code (a link, a new starter) differs from both the edit and its base: the edit was kept. */
  conflicts: string[];
}

/**
 * Which text each file opens with: the saved edit when there is one (never silently replaced),
 * else the incoming text. A conflict is an edit made from another base than what comes in now.
 */
export function reconcile(incoming: Record<string, string>, drafts: DraftSet | null): Reconciled {
  const texts: Record<string, string> = {};
  const restored: string[] = [];
  const conflicts: string[] = [];
  for (const [file, text] of Object.entries(incoming)) {
    const draft = drafts?.files[file];
    if (!draft || draft.text === text) {
      texts[file] = text;
      continue;
    }
    texts[file] = draft.text;
    restored.push(file);
    if (draft.base !== text) conflicts.push(file);
  }
  return { texts, restored, conflicts };
}
