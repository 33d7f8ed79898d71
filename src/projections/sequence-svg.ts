// Sequence-diagram drawing rules shared by the live view and the SVG export: where an arrow's
// path runs, where its label sits, how wide a note is, how an activation bar is placed, and the
// glyph that tells each tone apart without colour. `layoutToSvg` turns a whole layout into a
// standalone SVG document (inline styles, no DOM), so the CLI can export what the page shows.

import type { Activation, Arrow, Lifeline, Note, SequenceLayout, Tone } from './sequence-layout';
import { TONES } from './sequence-layout';
import { ACTIVATION_WIDTH, NOTE_CHARS_MAX, noteWidth, noteX, truncate } from './note-geometry';
export { ACTIVATION_WIDTH, DB_GLYPH_WIDTH, NOTE_CHARS_MAX, noteWidth, noteX, truncate } from './note-geometry';

export const BOX_WIDTH = 132;
export const BOX_HEIGHT = 34;
export const BOX_TOP = 8;
export const SELF_LOOP_WIDTH = 36;
export const NOTE_HEIGHT = 20;

/** Light-theme colours of each tone for standalone SVG (the page uses CSS variables). */
export const TONE_COLOURS: Record<Tone, string> = {
  normal: '#1d2330', reply: '#0f6e78', retry: '#a35f00', 'dead-letter': '#7a2e8e', failure: '#c4302b',
  fault: '#b4233f', skipped: '#6b7280', commit: '#1f7a3d', outbox: '#2c5db8', check: '#c4302b',
  effect: '#4338ca', uncommitted: '#b5179e',
};

/** Light-theme fill and outline of each kind of participant box. */
const PARTICIPANT_COLOURS: Record<Lifeline['kind'], { fill: string; stroke: string }> = {
  service: { fill: '#e8eefc', stroke: '#7d97d6' },
  entity: { fill: '#fdf3e1', stroke: '#d0a04e' },
  external: { fill: '#f1ecfb', stroke: '#7b5fc4' },
};

export function arrowPath(arrow: Pick<Arrow, 'fromX' | 'toX' | 'y'>): string {
  if (arrow.fromX === arrow.toX) {
    return `M ${arrow.fromX} ${arrow.y - 7} h ${SELF_LOOP_WIDTH} v 14 h ${-SELF_LOOP_WIDTH + 2}`;
  }
  const direction = Math.sign(arrow.toX - arrow.fromX);
  // Start beside the activation bar and stop short of the lifeline so the head sits on it.
  return `M ${arrow.fromX + direction * (ACTIVATION_WIDTH / 2)} ${arrow.y} H ${arrow.toX - direction * 3}`;
}

export function labelX(arrow: Pick<Arrow, 'fromX' | 'toX'>): number {
  return arrow.fromX === arrow.toX ? arrow.fromX + SELF_LOOP_WIDTH + 6 : (arrow.fromX + arrow.toX) / 2;
}

export function labelAnchor(arrow: Pick<Arrow, 'fromX' | 'toX'>): 'start' | 'middle' {
  return arrow.fromX === arrow.toX ? 'start' : 'middle';
}

/** A lifeline header shows at most this many characters. */
export const HEADER_CHARS_MAX = 18;

/** A lifeline's header label: its name, or a shortened name that keeps the part after the last
 *  "/" whole — a subscription or a group is told apart by it ("orders/Su…/billing", not two
 *  "orders/Subscripti…"). */
export function headerLabel(name: string): string {
  if (name.length <= HEADER_CHARS_MAX) return name;
  const last = name.slice(name.lastIndexOf('/') + 1);
  if (last === name || last.length === 0) return truncate(name, HEADER_CHARS_MAX);
  const head = HEADER_CHARS_MAX - last.length - 2;
  if (head >= 3) return `${name.slice(0, head)}…/${last}`;
  return last.length + 2 <= HEADER_CHARS_MAX ? `…/${last}` : truncate(name, HEADER_CHARS_MAX);
}

/** A bold lifeline header label is about this wide per character, in diagram units. */
const HEADER_CHAR_UNITS = 7.8;

/** The width to condense a header label to (SVG textLength) when it would overrun its box;
 *  undefined when it fits as it is. */
export function headerTextLength(label: string): number | undefined {
  const inner = BOX_WIDTH - 14;
  return label.length * HEADER_CHAR_UNITS > inner ? inner : undefined;
}

/** The SVG attributes that condense a header label to its box, or nothing when it fits. */
function condensed(label: string): string {
  const length = headerTextLength(label);
  return length === undefined ? '' : ` textLength="${length}" lengthAdjust="spacingAndGlyphs"`;
}

export function activationRect(a: Activation, rowY: (row: number) => number, toRow = a.toRow): { x: number; y: number; width: number; height: number } {
  const y = rowY(a.fromRow) + 4;
  const bottom = Math.max(rowY(toRow) + 8, y + 10);
  return { x: a.x - ACTIVATION_WIDTH / 2 + a.depth * 4, y, width: ACTIVATION_WIDTH, height: bottom - y };
}

/** Tick labels in the left margin: shown only where virtual time moves on. */
export function tickLabel(rows: readonly { tick: number }[], index: number): string | null {
  const row = rows[index];
  if (!row) return null;
  return tickLabelOf(row.tick, index === 0 ? null : rows[index - 1]!.tick);
}

/** The tick label of a row at `tick` after a row at `previousTick` (null: the first row), as `tickLabel`. */
export function tickLabelOf(tick: number, previousTick: number | null): string | null {
  return previousTick === tick ? null : `${tick} ms`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function participant(l: Lifeline): string {
  const { fill, stroke } = PARTICIPANT_COLOURS[l.kind];
  return `<rect x="${l.x - BOX_WIDTH / 2}" y="${BOX_TOP}" width="${BOX_WIDTH}" height="${BOX_HEIGHT}" rx="${l.kind === 'entity' ? 14 : 3}" fill="${fill}" stroke="${stroke}"/>` +
    `<text x="${l.x}" y="${BOX_TOP + BOX_HEIGHT / 2 + 4}" text-anchor="middle" font-weight="600"${condensed(headerLabel(l.name))}>${esc(headerLabel(l.name))}</text>`;
}

function arrowSvg(a: Arrow): string {
  const dash = a.line === 'dashed' ? ' stroke-dasharray="6 4"' : '';
  const colour = TONE_COLOURS[a.tone];
  let out = `<g class="arrow tone-${a.tone}"><path d="${arrowPath(a)}" fill="none" stroke="${colour}" stroke-width="1.5"${dash} marker-end="url(#${a.head}-${a.tone})"/>`;
  out += `<text x="${labelX(a)}" y="${a.y - 6}" text-anchor="${labelAnchor(a)}" fill="${colour}">${esc(a.label)}</text>`;
  if (a.detail) out += `<text x="${labelX(a)}" y="${a.y + 13}" text-anchor="${labelAnchor(a)}" fill="${colour}" font-size="12">${esc(a.detail)}</text>`;
  return `${out}</g>`;
}

function noteSvg(n: Note, diagramWidth: number): string {
  const colour = TONE_COLOURS[n.tone];
  const text = truncate(n.text, NOTE_CHARS_MAX);
  const x = noteX(n, noteWidth(text), diagramWidth);
  return `<g class="note tone-${n.tone}"><rect x="${x}" y="${n.y - NOTE_HEIGHT / 2}" width="${noteWidth(text)}" height="${NOTE_HEIGHT}" rx="3" fill="#fff" stroke="${colour}"/>` +
    `<text x="${x + 8}" y="${n.y + 4}" fill="${colour}" font-size="12.5">${esc(text)}</text></g>`;
}

export function markerDefs(idPrefix = ''): string {
  return TONES.map((tone) => {
    const c = TONE_COLOURS[tone];
    return `<marker id="${idPrefix}arrow-${tone}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="${c}"/></marker>` +
      `<marker id="${idPrefix}open-${tone}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10" fill="none" stroke="${c}" stroke-width="1.5"/></marker>` +
      `<marker id="${idPrefix}cross-${tone}" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="10" markerHeight="10" orient="auto"><path d="M 1 1 L 9 9 M 9 1 L 1 9" fill="none" stroke="${c}" stroke-width="2"/></marker>`;
  }).join('');
}

/** The whole layout as a standalone SVG document. */
export function layoutToSvg(layout: SequenceLayout): string {
  const rowY = (row: number) => layout.headerHeight + layout.rowHeight * (row + 1);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="system-ui, sans-serif" font-size="12.5">`);
  parts.push(`<defs>${markerDefs()}</defs>`);
  parts.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  for (const l of layout.lifelines) {
    parts.push(`<line x1="${l.x}" x2="${l.x}" y1="${BOX_TOP + BOX_HEIGHT}" y2="${layout.height - 8}" stroke="#b9c0cc" stroke-dasharray="4 4"/>`);
  }
  for (const l of layout.lifelines) parts.push(participant(l));
  for (const a of layout.activations) {
    if (a.toRow < a.fromRow) continue;
    const r = activationRect(a, rowY);
    parts.push(`<rect class="activation" x="${r.x}" y="${r.y}" width="${r.width}" height="${r.height}" fill="#eef1f6" stroke="${a.failed ? TONE_COLOURS.failure : '#8a94a6'}"/>`);
  }
  layout.rows.forEach((row, i) => {
    const tick = tickLabel(layout.rows, i);
    if (tick) parts.push(`<text x="4" y="${row.y + 4}" fill="#5f6b7d" font-size="12">${tick}</text>`);
    parts.push(row.type === 'arrow' ? arrowSvg(row) : noteSvg(row, layout.width));
  });
  parts.push('</svg>');
  return parts.join('\n');
}
