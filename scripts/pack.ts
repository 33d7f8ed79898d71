// Bundles a classroom pack's source folder into the one JSON file a teacher hosts
// (docs/packs.md):  npx tsx scripts/pack.ts packs/example public/packs/example-loyalty.brokerlab-pack.json

import { writeFileSync } from 'node:fs';
import { bundlePack, parsePack } from '../src/content/pack';
import { readPackFolder } from '../src/content/pack-folder';

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  console.error('usage: tsx scripts/pack.ts <pack folder> <out.json>');
  process.exit(2);
}
const { manifest, files } = readPackFolder(dir);
const text = bundlePack(manifest, files);
const parsed = parsePack(text, out, '');
if (!parsed.ok) {
  console.error(parsed.errors.join('\n'));
  process.exit(1);
}
writeFileSync(out, text);
console.log(`${out}: ${parsed.pack.course.lessons.length} lesson(s), ${text.length} characters`);
