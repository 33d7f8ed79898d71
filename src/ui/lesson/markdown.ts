// Lesson prose to HTML, rendered with `marked`; fenced ```mermaid blocks become placeholders
// holding the diagram text, which Prose.svelte renders lazily with a dynamically imported
// mermaid (never part of first paint). Lessons can come from a classroom pack — anyone's file —
// so every piece of HTML made here goes through DOMPurify (pinned in package.json) before it
// reaches `{@html}`: no script, no event-handler attribute, no form, no style; links keep only
// http(s), mailto and in-page targets, and open without a reference back to this page.

import { Marked } from 'marked';
import DOMPurify from 'dompurify';

const SAFE_HREF = /^(https?:|mailto:|#)/i;

let hooked = false;
function sanitize(html: string): string {
  if (!hooked) {
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName !== 'A') return;
      const href = node.getAttribute('href');
      if (href !== null && !SAFE_HREF.test(href.trim())) node.removeAttribute('href');
      if (node.hasAttribute('href') && !href!.startsWith('#')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    hooked = true;
  }
  return DOMPurify.sanitize(html, { FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'], FORBID_ATTR: ['style'], ADD_ATTR: ['target'] });
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const marked = new Marked({
  gfm: true,
  renderer: {
    code({ text, lang }) {
      if (lang === 'mermaid') return `<figure class="mermaid-figure"><pre class="mermaid-source">${escape(text)}</pre></figure>\n`;
      return `<pre><code class="language-${escape(lang ?? '')}">${escape(text)}</code></pre>\n`;
    },
  },
});

export function renderMarkdown(md: string): string {
  return sanitize(marked.parse(md, { async: false }));
}

/** Inline markdown (hints, answers, goal lines): no wrapping paragraph. */
export function renderInline(md: string): string {
  return sanitize(marked.parseInline(md, { async: false }));
}
