// Event i of the compact trace as the fold reads it (state/fold.ts, checkpoints and seek): seq,
// tick and kind at hand, messageId and data read from the columns only when the fold asks for
// them — most kinds the fold counts without reading their data (a published message's body and
// headers, a log line, a run's start), and those are never decoded. One object, pointed at each
// event in turn: read it, don't keep it (a value read from `data` is a fresh value, kept freely).

import type { TraceKind } from './types';

/** What the view reads from: the columns (TraceColumns). */
export interface FoldColumns {
  kindOf(i: number): TraceKind;
  tickOf(i: number): number;
  stringOf(i: number, column: number): string | undefined;
  payloadOf(i: number, key?: string): unknown;
}

export class FoldView {
  seq = 0;
  tick = 0;
  kind: TraceKind = 'run.started';
  private read = 0;
  private dataRead = false;
  private dataValue: unknown = undefined;

  constructor(
    private readonly columns: FoldColumns,
    private readonly messageColumn: number,
  ) {}

  /** Points the view at event i. */
  at(i: number): this {
    this.seq = i;
    this.read = i;
    this.tick = this.columns.tickOf(i);
    this.kind = this.columns.kindOf(i);
    this.dataRead = false;
    this.dataValue = undefined;
    return this;
  }

  get messageId(): string | undefined {
    return this.columns.stringOf(this.read, this.messageColumn);
  }

  get data(): unknown {
    if (!this.dataRead) {
      this.dataValue = this.columns.payloadOf(this.read);
      this.dataRead = true;
    }
    return this.dataValue;
  }
}
