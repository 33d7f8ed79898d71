// "The drafts of this scope were rewritten from outside the editor" (a shared link's code was
// put there): the editor re-reads them, so the Code tab shows the code that runs. One small
// module-level signal, like share-ui.svelte.ts.

class DraftEvents {
  #last = $state.raw<{ scope: string; n: number }>({ scope: '', n: 0 });

  get last() { return this.#last; }

  changed(scope: string): void {
    this.#last = { scope, n: this.#last.n + 1 };
  }
}

export const draftEvents = new DraftEvents();
