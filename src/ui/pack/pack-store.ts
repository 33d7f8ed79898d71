// Getting a classroom pack into the page: from a URL (fetched without credentials, read with a
// byte cap so a huge file is refused before it is all downloaded) or from a file the learner
// chose; its SHA-256 names the exact version. Read by content/pack.ts as data only. Which packs
// the learner agreed to run is remembered per digest, so a changed pack at the same URL asks
// again. Loaded packs stay in memory for the visit (a file-read pack is gone after a reload).

import { PACK_LIMITS, parsePack, type Pack, type PackResult } from '../../content/pack';
import type { PackSource } from '../lesson/route.svelte';

const CONSENT_KEY = 'brokerlab:pack-consent:v1';
const loaded = new Map<string, PackResult>();

export function sourceKey(source: PackSource): string {
  if (!source) return '';
  return 'url' in source ? `url:${source.url}` : `file:${source.file}`;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const refuse = (errors: string[]): PackResult => ({ ok: false, errors });

/** Reads at most the pack limit from a response; more is refused without reading the rest. */
async function readCapped(response: Response): Promise<string | { tooBig: number }> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > PACK_LIMITS.bytesMax) return { tooBig: declared };
  const reader = response.body?.getReader();
  if (!reader) return response.text();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > PACK_LIMITS.bytesMax) {
      // Stop the download; the rest is never read (the promise is left: some bodies settle late).
      reader.cancel().catch(() => undefined);
      return { tooBig: size };
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) (all.set(c, at), (at += c.length));
  return new TextDecoder().decode(all);
}

export async function loadPackFromUrl(url: string): Promise<PackResult> {
  const key = `url:${url}`;
  const cached = loaded.get(key);
  if (cached) return cached;
  const result = await download(url);
  loaded.set(key, result);
  return result;
}

async function download(url: string): Promise<PackResult> {
  let target: URL;
  try {
    target = new URL(url, location.href);
  } catch {
    return refuse([`"${url}" is not a URL.`]);
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') return refuse([`A pack is loaded over http(s); "${target.protocol}" is not allowed.`]);
  let response: Response;
  try {
    response = await fetch(target, { credentials: 'omit', redirect: 'follow' });
  } catch (error) {
    return refuse([`The pack could not be downloaded from ${target.href}: ${(error as Error).message} (is the server up, and does it allow this site to read it — CORS?)`]);
  }
  if (!response.ok) return refuse([`The pack could not be downloaded from ${target.href}: the server answered ${response.status} ${response.statusText}.`]);
  const body = await readCapped(response);
  if (typeof body !== 'string') return refuse([`The pack at ${target.href} is larger than ${PACK_LIMITS.bytesMax / 1_000_000} MB (${(body.tooBig / 1_000_000).toFixed(1)} MB or more); a pack may be at most ${PACK_LIMITS.bytesMax / 1_000_000} MB.`]);
  return parsePack(body, target.href, await sha256Hex(body));
}

/** A pack from a file the learner chose; returns it and the digest its route uses. */
export async function loadPackFromFile(file: File): Promise<{ result: PackResult; digest: string }> {
  if (file.size > PACK_LIMITS.bytesMax) return { result: refuse([`${file.name} is ${(file.size / 1_000_000).toFixed(1)} MB; a pack may be at most ${PACK_LIMITS.bytesMax / 1_000_000} MB.`]), digest: '' };
  const text = await file.text();
  const digest = await sha256Hex(text);
  const result = parsePack(text, `the file ${file.name}`, digest);
  loaded.set(`file:${digest}`, result);
  return { result, digest };
}

/** A pack already loaded in this visit (a file-read pack is only known here). */
export function loadedPack(source: PackSource): PackResult | undefined {
  return loaded.get(sourceKey(source));
}

function consents(): Record<string, string> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(CONSENT_KEY) ?? '{}');
    return value && typeof value === 'object' ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function hasConsent(pack: Pack): boolean {
  return consents()[pack.digest] !== undefined;
}

export function giveConsent(pack: Pack): void {
  try {
    localStorage.setItem(CONSENT_KEY, JSON.stringify({ ...consents(), [pack.digest]: `${pack.id}@${pack.version} by ${pack.author} from ${pack.origin}` }));
  } catch {
    // Storage full or blocked: the consent holds for this visit only.
  }
  sessionConsent.add(pack.digest);
}

const sessionConsent = new Set<string>();

export function consented(pack: Pack): boolean {
  return sessionConsent.has(pack.digest) || hasConsent(pack);
}
