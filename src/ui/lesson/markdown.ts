// Lesson prose to HTML. Lessons are our own trusted files, rendered with `marked`; fenced
// ```mermaid blocks become placeholders holding the diagram text, which Prose.svelte renders
// lazily with a dynamically imported mermaid (never part of first paint).

import { Marked } from 'marked';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const marked = new Marked({
  gfm: true,
  renderer: {
    code({ text, lang }) {
      if (lang === 'mermaid') return `<figure class="mermaid-figure" data-mermaid="${escape(text)}"><pre class="mermaid-source">${escape(text)}</pre></figure>\n`;
      return `<pre><code class="language-${escape(lang ?? '')}">${escape(text)}</code></pre>\n`;
    },
  },
});

export function renderMarkdown(md: string): string {
  return marked.parse(md, { async: false });
}

/** Inline markdown (hints, answers, goal lines): no wrapping paragraph. */
export function renderInline(md: string): string {
  return marked.parseInline(md, { async: false });
}
