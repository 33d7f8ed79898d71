// W3C traceparents in the payload store (payload.ts): `00-<32 hex>-<16 hex>-<2 hex>`, lower
// case, is written as its tag and 25 bytes (trace id, parent id, flags) instead of 55 characters.
// The traceparent the run's id source made last comes with its bytes (issued.ts), so it is not
// parsed; any other string of that length is parsed, and written this way when it has the form.

import type { PayloadStore } from './payload';

/** The payload tag of a traceparent (payload.ts lists the others). */
export const TRACEPARENT = 9;

/** Per char code below 128: its value as a lower-case hex digit, else 16. */
const HEX_VALUE = Uint8Array.from({ length: 128 }, (_, c) => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : 16));

/** Writes `s` (55 characters) as a traceparent's 26 bytes; false (nothing written) when it is not one. */
export function writeTraceparent(p: PayloadStore, s: string): boolean {
  const issued = p.strings.issued;
  if (issued !== null && s === issued.traceparent) {
    p.reserve(26);
    const at = p.length;
    const view = p.wordView();
    const words = issued.traceparentWords;
    view.setUint8(at, TRACEPARENT);
    for (let w = 0; w < 24; w += 4) view.setUint32(at + 1 + w, words.getUint32(w));
    view.setUint8(at + 25, 0x01); // the flags: "-01"
    p.length = at + 26;
    return true;
  }
  if (s.charCodeAt(0) !== 48 || s.charCodeAt(1) !== 48 || s.charCodeAt(2) !== 45 || s.charCodeAt(35) !== 45 || s.charCodeAt(52) !== 45) return false;
  p.reserve(26);
  const bytes = p.bytes;
  const start = p.length;
  let at = start + 1;
  for (let i = 3; i < 55; i += 2) {
    if (i === 35 || i === 52) i++;
    const a = s.charCodeAt(i);
    const b = s.charCodeAt(i + 1);
    const hi = a < 128 ? HEX_VALUE[a] : 16;
    const lo = b < 128 ? HEX_VALUE[b] : 16;
    if ((hi | lo) & 0x10) return false; // not a lower-case hex digit: nothing written (length unmoved)
    bytes[at++] = (hi << 4) | lo;
  }
  bytes[start] = TRACEPARENT;
  p.length = at;
  return true;
}
