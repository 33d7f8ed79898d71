// The design capstones as the site sees them: one build-time glob over capstones/ (capstone.ts
// modules, reference handler files as raw text), built by the same code the Node loader feeds.
// Imported only by the capstone pages' lazy chunk, so first paint never carries them; wrong
// designs (the tests' fixtures) are left out of the bundle.

import { buildCapstones } from './capstones-build';
import type { Capstone, RawCapstones } from './capstone-types';

const texts = import.meta.glob<string>('/capstones/*/reference/**/*.ts', { query: '?raw', import: 'default', eager: true });
const modules = import.meta.glob<Record<string, unknown>>('/capstones/*/capstone.ts', { eager: true });

let cached: Capstone[] | null = null;

export function capstones(): Capstone[] {
  if (cached) return cached;
  const raw: RawCapstones = { texts: {}, modules: {} };
  for (const [path, text] of Object.entries(texts)) raw.texts[path.replace(/^\/capstones\//, '')] = text;
  for (const [path, mod] of Object.entries(modules)) raw.modules[path.replace(/^\/capstones\//, '').replace(/\/capstone\.ts$/, '')] = { ...mod };
  cached = buildCapstones(raw);
  return cached;
}

export function findCapstone(id: string): Capstone | undefined {
  return capstones().find((c) => c.id === id);
}
