// Reads capstones/ from disk for Node hosts (tests, scripts): the same RawCapstones the site's
// Vite glob gives (content/capstones.ts), wrong designs included (the site leaves them out).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCapstones } from './capstones-build';
import type { Capstone, RawCapstones } from './capstone-types';

export const CAPSTONES_DIR = resolve(import.meta.dirname ?? '.', '../../capstones');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

export async function loadCapstonesFromDisk(dir = CAPSTONES_DIR): Promise<Capstone[]> {
  const raw: RawCapstones = { texts: {}, modules: {} };
  if (!existsSync(dir)) return [];
  for (const file of walk(dir)) {
    const rel = relative(dir, file).split(sep).join('/');
    const m = /^([^/]+)\/capstone\.ts$/.exec(rel);
    if (m) raw.modules[m[1]!] = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as Record<string, unknown>;
    else if (/^[^/]+\/(reference|wrong)\//.test(rel)) raw.texts[rel] = readFileSync(file, 'utf8');
  }
  return buildCapstones(raw);
}
