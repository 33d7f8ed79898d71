// Reads capstones/ from disk for Node hosts (tests, scripts): the same RawCapstones the site's
// Vite glob gives (content/capstones.ts), wrong designs included (the site leaves them out).

import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCapstones } from './capstones-build';
import { filesUnder } from './node-loader';
import type { Capstone, RawCapstones } from './capstone-types';

export const CAPSTONES_DIR = resolve(import.meta.dirname ?? '.', '../../capstones');

/** `importModule` loads a capstone.ts (default: Node's import; a bundled script passes tsx's). */
export async function loadCapstonesFromDisk(dir = CAPSTONES_DIR, importModule: (url: string) => Promise<unknown> = (url) => import(/* @vite-ignore */ url)): Promise<Capstone[]> {
  const raw: RawCapstones = { texts: {}, modules: {} };
  if (!existsSync(dir)) return [];
  for (const file of filesUnder(dir)) {
    const rel = relative(dir, file).split(sep).join('/');
    const m = /^([^/]+)\/capstone\.ts$/.exec(rel);
    if (m) raw.modules[m[1]!] = (await importModule(pathToFileURL(file).href)) as Record<string, unknown>;
    else if (/^[^/]+\/(reference|wrong)\//.test(rel)) raw.texts[rel] = readFileSync(file, 'utf8');
  }
  return buildCapstones(raw);
}
