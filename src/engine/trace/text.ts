// Explanations built lazily: `text` of a trace input may be a TraceText — a template's fixed
// parts (the same array for every call of one template literal) and its values — instead of a
// finished string. The trace keeps the template once and the values in its payload store, and
// writes the string only when an event is materialised (`TraceColumns.event`), so the hot path
// neither joins nor interns a fresh string per event ("delivery 3 of at most 10 to Worker,
// locked until 30512"). The string it stands for is exactly the template literal's.

export type TextValue = string | number | boolean | null | undefined;

export class TraceText {
  constructor(
    readonly parts: readonly string[],
    readonly values: readonly TextValue[],
  ) {}

  toString(): string {
    const parts = this.parts;
    let s = parts[0];
    for (let i = 1; i < parts.length; i++) s += `${this.values[i - 1]}${parts[i]}`;
    return s;
  }
}

/**
 * The tag: text`delivery ${n} of at most ${max}` gives what the plain template would, later.
 * A value that is not a primitive is turned into its string now (it could change before the
 * event is read).
 */
export function text(parts: TemplateStringsArray, ...values: unknown[]): TraceText {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'object' && v !== null) values[i] = `${v as object}`;
    else if (typeof v === 'symbol' || typeof v === 'function' || typeof v === 'bigint') values[i] = `${String(v)}`;
  }
  return new TraceText(parts, values as TextValue[]);
}
