// The colour theme: light, dark, or following the system. The choice is remembered in this
// browser; applying it is setting `data-theme` on <html>, which global.css reads.

export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'brokerlab.theme';
const ORDER: ThemeChoice[] = ['system', 'light', 'dark'];

function stored(): ThemeChoice {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

export class ThemeState {
  #choice = $state<ThemeChoice>(stored());

  get choice() { return this.#choice; }

  cycle(): void {
    this.set(ORDER[(ORDER.indexOf(this.#choice) + 1) % ORDER.length]!);
  }

  set(choice: ThemeChoice): void {
    this.#choice = choice;
    try {
      if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, choice);
    } catch {
      /* private mode: the choice lasts for this page */
    }
  }

  /** Applies the choice to the document; returns the cleanup for an `$effect`. */
  apply(): () => void {
    const root = document.documentElement;
    if (this.#choice === 'system') delete root.dataset.theme;
    else root.dataset.theme = this.#choice;
    return () => { delete root.dataset.theme; };
  }
}
