// Deterministic identifiers. Message and delivery ids are readable counters ("m-17", "d-4") —
// stable for a given scenario and seed, and easy to talk about in a lesson. Trace context ids
// (W3C traceparent: 32-hex trace id, 16-hex span id) are drawn from the seeded "trace" stream.

import type { Random } from './random';

/** One counter: its last number and the text in front of it ("m-"). */
interface Counter {
  head: string;
  n: number;
}

export class IdSource {
  private counters = new Map<string, Counter>();

  constructor(private readonly traceRandom: Random) {}

  next(prefix: string): string {
    let counter = this.counters.get(prefix);
    if (counter === undefined) this.counters.set(prefix, (counter = { head: `${prefix}-`, n: 0 }));
    return counter.head + ++counter.n;
  }

  traceId(): string {
    return flatConcat(this.traceRandom.hex16(), this.traceRandom.hex16(), '', '', '');
  }

  spanId(): string {
    return this.traceRandom.hex16();
  }

  /**
   * A new traceparent: in the trace `traceId` (a new trace id when absent, drawn first), with a
   * new span id — the same draws and text as `formatTraceparent(traceId ?? this.traceId(),
   * this.spanId())`, written straight into one flat string (every message keeps one).
   */
  traceparent(traceId?: string): string {
    if (traceId !== undefined && traceId.length !== 32) return formatTraceparent(traceId, this.spanId());
    const codes = TRACEPARENT_CODES;
    const random = this.traceRandom;
    if (traceId === undefined && random.hexInto) {
      random.hexInto(codes, 3);
      random.hexInto(codes, 19);
    } else {
      const id = traceId ?? this.traceId();
      for (let i = 0; i < 32; i++) codes[3 + i] = id.charCodeAt(i);
    }
    if (random.hexInto) random.hexInto(codes, 36);
    else {
      const span = random.hex16();
      for (let i = 0; i < 16; i++) codes[36 + i] = span.charCodeAt(i);
    }
    return String.fromCharCode.apply(null, codes);
  }

  /**
   * A span in a new trace whose root is never read (a workload request starts a flow and its
   * first message at once): the same draws and text as `traceparent(traceIdOf(traceparent()))`
   * — trace id, the root's span id, this span id — without writing the root's string.
   */
  traceparentInNewTrace(): string {
    const random = this.traceRandom;
    if (!random.hexInto) {
      const root = this.traceparent();
      return this.traceparent(root.slice(3, 35));
    }
    const codes = TRACEPARENT_CODES;
    random.hexInto(codes, 3);
    random.hexInto(codes, 19);
    random.hexInto(codes, 36); // the root's span id: drawn, then overwritten by this span's
    random.hexInto(codes, 36);
    return String.fromCharCode.apply(null, codes);
  }
}

/** `00-<trace-id>-<parent-id>-01`, the W3C Trace Context version 00 format, sampled. */
export function formatTraceparent(traceId: string, spanId: string): string {
  return flatConcat('00-', traceId, '-', spanId, '-01');
}

/** "00-" + 32 trace id digits + "-" + 16 span id digits + "-01", filled in by `traceparent`. */
const TRACEPARENT_CODES: number[] = Array.from('00-' + '0'.repeat(32) + '-' + '0'.repeat(16) + '-01', (c) => c.charCodeAt(0));

const CODES: number[] = [];

/**
 * The five parts as one flat string (the same text as `a + b + c + d + e`). Joining long strings
 * with `+` makes a rope of string nodes several times the text's size; ids that a message or a
 * trace event keeps for the whole run are built flat instead.
 */
function flatConcat(a: string, b: string, c: string, d: string, e: string): string {
  const codes = CODES;
  codes.length = 0;
  pushCodes(codes, a);
  pushCodes(codes, b);
  pushCodes(codes, c);
  pushCodes(codes, d);
  pushCodes(codes, e);
  return String.fromCharCode.apply(null, codes);
}

function pushCodes(codes: number[], text: string): void {
  for (let i = 0; i < text.length; i++) codes.push(text.charCodeAt(i));
}

export function parseTraceparent(value: string): { traceId: string; spanId: string } | null {
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(value);
  return m ? { traceId: m[1], spanId: m[2] } : null;
}
