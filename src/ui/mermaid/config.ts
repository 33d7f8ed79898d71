// How the page initialises mermaid, in one place. Mermaid text is built from untrusted names
// (src/projections/mermaid.ts escapes them), and this is the second wall: `securityLevel:
// 'strict'` (labels sanitised, no click handlers or scripts), and the keys a `%%{init: …}%%`
// directive could use to restyle the diagram — CSS that loads a URL, fonts, theme variables —
// are marked `secure`, so no directive can change them even if one got through.

/** Mermaid's own secure keys plus every styling key a directive could abuse. */
export const MERMAID_SECURE_KEYS = [
  'secure', 'securityLevel', 'startOnLoad', 'maxTextSize', 'suppressErrorRendering', 'maxEdges',
  'theme', 'themeCSS', 'themeVariables', 'fontFamily', 'altFontFamily', 'darkMode', 'htmlLabels', 'look', 'handDrawnSeed',
];

export function mermaidConfig(theme: 'default' | 'dark' | 'neutral') {
  return { startOnLoad: false, theme, securityLevel: 'strict' as const, secure: MERMAID_SECURE_KEYS, sequence: { showSequenceNumbers: false } };
}
