// Where a note sits in a sequence diagram, one rule for the layout, the live view, the embed and
// the SVG export. A note sits right of its lifeline, clear of the activation bar. One that would
// run past the diagram's right edge (a note on the last lifeline) sits left of its lifeline,
// unless that would cover the time labels in the left gutter: then it stays on the right, and the
// layout has made the diagram wide enough for it (`noteRightExtent`). A diagram of one lifeline
// with a long commit note used to draw the note over its time labels and cut it at the right.

/** Width of a handler's activation bar, in diagram units. */
export const ACTIVATION_WIDTH = 10;
/** Notes are cut to this many characters (the whole text is in the row's title and inspector). */
export const NOTE_CHARS_MAX = 44;
/** The database cylinder drawn before a commit note's text. */
export const DB_GLYPH_WIDTH = 14;
/** The left gutter holds the time labels ("1,290 ms" from x = 4); a note never covers it. */
export const TICK_GUTTER_WIDTH = 64;

export function truncate(text: string, charsMax: number): string {
  return text.length > charsMax ? `${text.slice(0, charsMax - 1)}…` : text;
}

/** A note's box: wide enough for its text at 12.5 px (about 6.9 px a character). */
export function noteWidth(text: string): number {
  return Math.min(Math.max(text.length * 6.9 + 16, 56), 320);
}

/** The widest box a note is drawn in by any view: its cut text, plus the cylinder on a commit. */
export function noteBoxWidthMax(note: { text: string; tone: string }): number {
  return noteWidth(truncate(note.text, NOTE_CHARS_MAX)) + (note.tone === 'commit' ? DB_GLYPH_WIDTH : 0);
}

/** Where a note of this width starts, in a diagram this wide. */
export function noteX(note: { x: number }, width = 0, diagramWidth = Number.POSITIVE_INFINITY): number {
  const right = note.x + ACTIVATION_WIDTH;
  if (right + width <= diagramWidth - 2) return right;
  const left = note.x - ACTIVATION_WIDTH - width;
  return left >= TICK_GUTTER_WIDTH ? left : right;
}

/**
 * How far right the diagram must reach for this note: its right edge when it cannot flip left
 * of its lifeline without covering the gutter, else 0 (it fits either way).
 */
export function noteRightExtent(note: { x: number; text: string; tone: string }): number {
  const width = noteBoxWidthMax(note);
  return note.x - ACTIVATION_WIDTH - width >= TICK_GUTTER_WIDTH ? 0 : note.x + ACTIVATION_WIDTH + width + 2;
}
