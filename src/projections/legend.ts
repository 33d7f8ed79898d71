// The legend of a run: which glyphs and arrow styles its diagram uses, each with what it means.
// Read from the layout's rows, so an intro card lists exactly what the learner will meet in this
// run (on this broker, with these faults) — never a glyph that does not appear, nor one missing.
// The glyphs are the ones sequence-layout.ts writes at the start of a label or note.

import type { Row, Tone } from './sequence-layout-types';

export interface LegendEntry {
  /** What is drawn: a glyph, or a short sample of the arrow's line. */
  glyph: string;
  name: string;
  meaning: string;
  tone: Tone;
}

const LINES: Record<'command' | 'event' | 'reply', LegendEntry> = {
  command: { glyph: '──▶', name: 'command', meaning: 'solid arrow: a message to one receiver, asking it to act', tone: 'normal' },
  event: { glyph: '┄┄▶', name: 'event', meaning: 'dashed arrow: a fact announced to whoever listens', tone: 'normal' },
  reply: { glyph: '↩', name: 'reply', meaning: 'an answer to a request or a call', tone: 'reply' },
};

/** Glyphs that open a label or a note, in the order a legend lists them. */
export const GLYPHS: readonly LegendEntry[] = [
  { glyph: '↻', name: 'retry', meaning: 'delivered or sent again (#n: the delivery count)', tone: 'retry' },
  { glyph: '✗', name: 'failure', meaning: 'a handler threw, a call failed, a message was lost', tone: 'failure' },
  { glyph: '☠', name: 'dead letter', meaning: 'the broker gave up and moved the message to a dead-letter queue', tone: 'dead-letter' },
  { glyph: '⚡', name: 'fault', meaning: 'a fault injected into the run', tone: 'fault' },
  { glyph: '✸', name: 'crash', meaning: 'a process died: what it held in memory is gone', tone: 'fault' },
  { glyph: '↺', name: 'restart', meaning: 'the process is back, fresh', tone: 'retry' },
  { glyph: '◷', name: 'lock / time', meaning: 'a lock expired or a wait ran out', tone: 'retry' },
  { glyph: '⇉', name: 'duplicate', meaning: 'a copy recognised and skipped (inbox, idempotence)', tone: 'skipped' },
  { glyph: '✓', name: 'commit', meaning: 'a database transaction committed', tone: 'commit' },
  { glyph: '⇢', name: 'outbox', meaning: 'the relay published a message stored in the outbox', tone: 'outbox' },
  { glyph: '◆', name: 'effect', meaning: 'an outside system acted (money taken, parcel shipped)', tone: 'effect' },
  { glyph: '◌', name: 'uncommitted', meaning: 'sent before its transaction committed: a rollback will not take it back', tone: 'uncommitted' },
  { glyph: '⊘', name: 'refused', meaning: 'the broker refused an operation the service has no right to', tone: 'failure' },
  { glyph: '●', name: 'leader', meaning: 'a Kafka broker became a partition\'s leader', tone: 'normal' },
];

function glyphOf(text: string): LegendEntry | undefined {
  return GLYPHS.find((g) => text.startsWith(g.glyph));
}

/** The legend of these rows: arrow styles first, then glyphs, each once, in GLYPHS order. */
export function legendOf(rows: readonly Row[]): LegendEntry[] {
  const lines = new Set<keyof typeof LINES>();
  const glyphs = new Set<LegendEntry>();
  for (const row of rows) {
    const text = row.type === 'arrow' ? row.label : row.text;
    if (row.type === 'arrow') {
      if (row.head === 'open' || text.startsWith('↩')) lines.add('reply');
      else lines.add(row.line === 'solid' ? 'command' : 'event');
    }
    const g = glyphOf(text);
    if (g) glyphs.add(g);
  }
  const order: (keyof typeof LINES)[] = ['command', 'event', 'reply'];
  return [...order.filter((l) => lines.has(l)).map((l) => LINES[l]), ...GLYPHS.filter((g) => glyphs.has(g))];
}
