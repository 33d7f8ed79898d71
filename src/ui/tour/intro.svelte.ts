// Which scenario intros this browser has seen. A built-in scenario's intro card (what happens,
// what to watch, the legend) opens on the first visit to that scenario and on demand; closing
// it, playing or stepping marks it seen, so it does not come back uninvited. Kept in
// localStorage under a versioned key; without storage every visit is a first one.

const STORAGE_KEY = 'brokerlab:intro-seen:v1';
/** Scenario ids remembered at most (the key stays small whatever ids a link brings). */
const SEEN_MAX = 200;

function readSeen(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string').slice(-SEEN_MAX) : [];
  } catch {
    return [];
  }
}

export class IntroState {
  #seen = $state.raw<string[]>(readSeen());
  /** The scenario whose card is open, or null. */
  #open = $state<string | null>(null);

  get open() { return this.#open; }

  hasSeen(id: string): boolean {
    return this.#seen.includes(id);
  }

  /** Opens the card for `id` if this browser has not seen it; true when it opened. */
  offer(id: string): boolean {
    if (this.hasSeen(id)) return false;
    this.#open = id;
    return true;
  }

  show(id: string): void {
    this.#open = id;
  }

  /** Closes the card and remembers its scenario as seen. */
  close(): void {
    const id = this.#open;
    this.#open = null;
    if (id === null || this.hasSeen(id)) return;
    this.#seen = [...this.#seen, id].slice(-SEEN_MAX);
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.#seen));
    } catch {
      // Storage full or refused: the card will simply be offered again next time.
    }
  }
}
