// Reads a pack's source folder from disk (Node: the bundler script and the tests): `pack.json`
// (the manifest) and every file under `lessons/`, ready for `bundlePack`.

import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { filesUnder } from './node-loader';
import type { PackManifest } from './pack';

export function readPackFolder(dir: string): { manifest: PackManifest; files: Record<string, string> } {
  const manifest = JSON.parse(readFileSync(join(dir, 'pack.json'), 'utf8')) as PackManifest;
  const root = join(dir, 'lessons');
  const files: Record<string, string> = {};
  for (const p of filesUnder(root)) files[relative(root, p).split(sep).join('/')] = readFileSync(p, 'utf8');
  return { manifest, files };
}
