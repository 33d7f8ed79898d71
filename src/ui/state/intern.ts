// Interning the strings of streamed trace events. Each batch from the worker arrives as fresh
// objects (structured cloning copies every string: the kind, the actor, the ids, the entity and
// service names of every event, over and over), so a long run kept ~10 copies of "Inventory"
// and "message.delivered" per 10 events. On arrival, short strings of an event and of its data
// (two levels deep) are swapped for one shared copy from a pool; the duplicates become garbage.
// Values are unchanged (equal strings), so every view and the trace's JSON stay the same.

/** Strings longer than this are left alone (explanations, bodies: mostly unique). */
const INTERN_CHARS_MAX = 64;
/** The pool stops growing here (a hostile run cannot make it the page's biggest object). */
const POOL_SIZE_MAX = 2_000_000;

export class StringPool {
  readonly #map = new Map<string, string>();

  get size(): number {
    return this.#map.size;
  }

  get(text: string): string {
    const known = this.#map.get(text);
    if (known !== undefined) return known;
    if (this.#map.size < POOL_SIZE_MAX) this.#map.set(text, text);
    return text;
  }
}

type Obj = Record<string, unknown>;

function internFields(obj: Obj, pool: StringPool, depth: number): void {
  if (Object.isFrozen(obj)) return;
  for (const key in obj) {
    const value = obj[key];
    if (typeof value === 'string') {
      if (value.length <= INTERN_CHARS_MAX) obj[key] = pool.get(value);
    } else if (depth > 0 && typeof value === 'object' && value !== null) {
      internFields(value as Obj, pool, depth - 1);
    }
  }
}

/** Swaps the short strings of `event` (top level, `data` and one level below it) for pooled copies. */
export function internEvent(event: object, pool: StringPool): void {
  internFields(event as Obj, pool, 2);
}
