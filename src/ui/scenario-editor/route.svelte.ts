// The scenario editor's address: `#/scenario/new` (start page) and `#/scenario/edit/<id>`
// (a built-in scenario or a saved draft). Kept apart from the course's routes and tiny, so
// the page's first chunk only learns whether to load the editor chunk.

export type EditorRoute = { page: 'new' } | { page: 'edit'; id: string };

export function parseEditorRoute(hash: string): EditorRoute | null {
  if (/^#\/scenario\/new\/?$/.test(hash)) return { page: 'new' };
  const m = /^#\/scenario\/edit\/([A-Za-z0-9._-]+)\/?$/.exec(hash);
  return m ? { page: 'edit', id: m[1]! } : null;
}

class EditorHash {
  #hash = $state(typeof location === 'undefined' ? '' : location.hash);

  constructor() {
    if (typeof window !== 'undefined') window.addEventListener('hashchange', () => (this.#hash = location.hash));
  }

  get current(): EditorRoute | null {
    return parseEditorRoute(this.#hash);
  }
}

export const editorRoute = new EditorHash();
