// The sequence diagram's layout as data: lifelines, rows (arrows and notes), activations and
// their coordinates, and the tones that tell row kinds apart. Shared by the layout builder,
// the live SVG, the embed and the SVG export.

/** A service, a broker entity, or an external system handlers call (a payment gateway). */
export type LifelineKind = 'service' | 'entity' | 'external';
/**
 * What an arrow or note means; each tone has its own colour and glyph. `effect`: an external
 * system acted (◆); `uncommitted`: a message or call sent from inside a transaction that had
 * not committed yet (◌) — it left at once, and a rollback or crash will not take it back.
 */
export type Tone = 'normal' | 'reply' | 'retry' | 'dead-letter' | 'failure' | 'fault' | 'skipped' | 'commit' | 'outbox' | 'check' | 'effect' | 'uncommitted';

export const TONES: readonly Tone[] = ['normal', 'reply', 'retry', 'dead-letter', 'failure', 'fault', 'skipped', 'commit', 'outbox', 'check', 'effect', 'uncommitted'];

export interface Lifeline {
  name: string;
  kind: LifelineKind;
  x: number;
  /**
   * A service that committed to its own database in this run: its commits are the notes on its
   * lifeline, and the diagram marks the service as owning a database (it is not a lifeline).
   */
  database?: true;
}

export interface Arrow {
  type: 'arrow';
  /** Row index: y = rowY(row). */
  row: number;
  /** The trace event this arrow draws, for highlighting and inspection. */
  seq: number;
  tick: number;
  kind: 'message.published' | 'message.routed' | 'message.delivered' | 'message.dead-lettered' | 'message.redriven' | 'call.started' | 'call.completed' | 'call.failed' | 'replica.fetched' | 'produce.acknowledged';
  from: string;
  to: string;
  fromX: number;
  toX: number;
  y: number;
  label: string;
  /** A second, smaller line under the arrow (e.g. the dead-letter reason). */
  detail?: string;
  /** Mermaid grammar: solid for commands, dashed for events. */
  line: 'solid' | 'dashed';
  /** Filled head; `open` for replies (mermaid's async arrow); `cross` for dead-letters. */
  head: 'arrow' | 'open' | 'cross';
  tone: Tone;
  messageId?: string;
}

export interface Note {
  type: 'note';
  row: number;
  seq: number;
  tick: number;
  lifeline: string;
  x: number;
  y: number;
  text: string;
  tone: Tone;
  messageId?: string;
}

export type Row = Arrow | Note;

/** A handler running on a service lifeline, from the row where it started to where it ended. */
export interface Activation {
  lifeline: string;
  x: number;
  /** Seq of handler.started and of its end (null while still running at the trace's end). */
  startSeq: number;
  endSeq: number | null;
  fromRow: number;
  /** Last row drawn while it ran; below fromRow when it drew nothing (no bar). */
  toRow: number;
  /** Concurrent activations on one lifeline are offset sideways by depth. */
  depth: number;
  failed: boolean;
}

export interface SequenceLayout {
  lifelines: Lifeline[];
  rows: Row[];
  arrows: Arrow[];
  notes: Note[];
  activations: Activation[];
  width: number;
  height: number;
  /** Y of the participant boxes' lower edge, where lifelines start. */
  headerHeight: number;
  rowHeight: number;
  /** Rows drawn; a row holds one arrow or note. */
  rowCount: number;
  /** True when the trace had more drawable events than `rowsMax`. */
  truncated: boolean;
}

export interface SequenceLayoutOptions {
  /** Service names known from the scenario: they are lifelines of kind 'service'. */
  services?: readonly string[];
  columnWidth?: number;
  rowHeight?: number;
  marginX?: number;
  headerHeight?: number;
  rowsMax?: number;
  /**
   * Draw every broker entity (queues, exchanges, topics, Kafka brokers) on one lifeline named
   * `BROKER_LIFELINE`: a wide run reads as services talking through one broker; hops inside the
   * broker (exchange → queue, dead-lettering) become loops on it.
   */
  groupEntities?: boolean;
}

/** The one lifeline broker entities share when `groupEntities` is on. */
export const BROKER_LIFELINE = 'broker';

export const LAYOUT_DEFAULTS = { columnWidth: 160, rowHeight: 30, marginX: 110, headerHeight: 52, rowsMax: 200_000 };
