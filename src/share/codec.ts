// The share codec: share state ⇄ the compact text in a link. JSON, compressed with raw DEFLATE
// (fflate, pinned; ~3 kB of inflate code, tree-shaken) and written in base64url, which needs no
// escaping in a URL fragment. A short codec tag comes first (`1.`): it names the transport
// (compression + alphabet), independently of the state's own version `v`, so a future Brokerlab
// that changes compression is recognised as "newer" rather than as garbage.
//
// Decoding distrusts its input: the payload length is capped before anything is done, the
// decompressed size is capped while inflating (a zip bomb stops early), and every failure is a
// ShareProblem saying what was wrong. Then the state is migrated to the current version and
// validated. Nothing here touches storage, the DOM or the engine.

import { Inflate, deflateSync } from 'fflate';
import { fail, ok, problem, type ShareResult } from './problems';
import { migrate } from './migrate';
import { validateShareState } from './validate';
import { shapeIssues } from './bounds';
import type { ShareState } from './state';

export const CODEC_TAG = '1';

/**
 * Link sizes, in characters of the whole URL.
 * - LINK_WARN_CHARS 2,000: the classic safe URL length. Chat apps, mail clients, QR codes,
 *   link previews and some corporate proxies cut or mangle longer links (Teams and older mail
 *   clients stop around 2,048).
 * - LINK_TOO_LONG_CHARS 8,000: browsers open far longer fragments (Chrome ~2 MB), but past ~8 kB
 *   many tools refuse or truncate links silently (the HTTP-line limit most servers and proxies
 *   share); above it we recommend the file instead of the link.
 */
export const LINK_WARN_CHARS = 2_000;
export const LINK_TOO_LONG_CHARS = 8_000;
/** The decoder refuses payloads longer than this before decompressing anything. */
export const PAYLOAD_CHARS_MAX = 200_000;
/** …and stops inflating past this many bytes of JSON. */
export const JSON_BYTES_MAX = 2_000_000;

const INFLATE_SLICE_BYTES = 4096;

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** State → link payload (codec tag + base64url of deflated JSON). Deterministic. */
export function encodeState(state: ShareState): string {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return `${CODEC_TAG}.${toBase64Url(deflateSync(json, { level: 9, mem: 8 }))}`;
}

/** Inflates with a cap on the output; a bomb or a cut stream becomes a problem, not a hang. */
function inflateCapped(data: Uint8Array): ShareResult<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooLarge = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > JSON_BYTES_MAX) tooLarge = true;
    else chunks.push(chunk);
  });
  try {
    for (let i = 0; i < data.length && !tooLarge; i += INFLATE_SLICE_BYTES) {
      inflater.push(data.subarray(i, i + INFLATE_SLICE_BYTES), i + INFLATE_SLICE_BYTES >= data.length);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code === 0) return fail(problem('truncated', 'This link is incomplete.', 'Its data ends early: the link was probably cut off when it was copied or sent. Ask for the whole link, or for the .brokerlab.json file.'));
    return fail(problem('corrupt', 'This link is damaged.', `Its data could not be decompressed (${(error as Error).message}). Ask for the link again, or for the .brokerlab.json file.`));
  }
  if (tooLarge) return fail(problem('too-long', 'This link holds too much data.', `It decompresses to more than ${JSON_BYTES_MAX.toLocaleString('en')} bytes, which no Brokerlab run needs.`));
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return ok(out);
}

/**
 * Parsed JSON → migrated, validated current-version state. Shared by links and files. The
 * shape is checked first, on the raw data, before migration copies any of it or anything is
 * sent to the worker (structured cloning recurses, and a deep nesting would overflow it).
 */
export function readState(raw: unknown): ShareResult<ShareState> {
  const shape = shapeIssues(raw);
  if (shape.length > 0) return fail(problem('invalid', 'This shared run is not valid.', 'Nothing was loaded. What is wrong:', shape));
  const migrated = migrate(raw);
  if (!migrated.ok) return migrated;
  const issues = validateShareState(migrated.value);
  if (issues.length > 0) return fail(problem('invalid', 'This shared run is not valid.', 'Nothing was loaded. What is wrong:', issues));
  return ok(migrated.value as unknown as ShareState);
}

/** Link payload → state, or the problem with it. */
export function decodePayload(payload: string): ShareResult<ShareState> {
  if (payload.length > PAYLOAD_CHARS_MAX) {
    return fail(problem('too-long', 'This link is too long to open.', `It is ${payload.length.toLocaleString('en')} characters; Brokerlab opens shared runs up to ${PAYLOAD_CHARS_MAX.toLocaleString('en')} characters. Larger runs are shared as .brokerlab.json files.`));
  }
  const dot = payload.indexOf('.');
  const tag = dot < 0 ? '' : payload.slice(0, dot);
  if (tag !== CODEC_TAG) {
    if (/^\d+$/.test(tag) && Number(tag) > Number(CODEC_TAG)) {
      return fail(problem('newer-version', 'This link was made by a newer version of Brokerlab.', 'Reload the page (or clear its cache) to get the latest Brokerlab, then open the link again.'));
    }
    return fail(problem('malformed', 'This is not a Brokerlab share link.', 'The part after #/share/ should start with a format tag such as "1." — it may have been edited or mangled.'));
  }
  const body = percentDecoded(payload.slice(dot + 1));
  if (!/^[A-Za-z0-9_-]*$/.test(body)) {
    return fail(problem('malformed', 'This share link contains characters that do not belong in it.', 'Some text may have been added to it or changed (spaces, quotes, punctuation). Copy the link again.'));
  }
  if (body.length % 4 === 1) {
    return fail(problem('truncated', 'This link is incomplete.', 'Its data ends in the middle of a character: the link was probably cut off when it was copied or sent.'));
  }
  const inflated = inflateCapped(fromBase64Url(body));
  if (!inflated.ok) return inflated;
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated.value));
  } catch {
    return fail(problem('corrupt', 'This link is damaged.', 'It decompresses, but not to a Brokerlab run. Ask for the link again, or for the .brokerlab.json file.'));
  }
  return readState(raw);
}

/** Undo the percent-encoding some apps add to links; never throws. */
function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
