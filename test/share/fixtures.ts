// Test fixtures for sharing: the catalog of shipped scenarios (and lessons, once src/content
// exposes them), a run → state helper, an in-memory Storage standing in for saved work, and
// the corpus of bad links every reader must refuse clearly.

import { deflateSync, strToU8 } from 'fflate';
import type { Scenario } from '../../src/engine/index';
import { builtinScenarios } from '../../src/scenarios/index';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { resolveScenario, solutionFiles } from '../../src/content/resolve';
import { CODEC_TAG, toBase64Url, type ShareCatalog } from '../../src/share/index';

export interface LessonLike { id: string; scenario: Scenario; solved: Scenario }

/** Every lesson of the course (lessons/), with its starter and solution scenarios. */
const { course } = await loadCourseFromDisk();
export const lessons: LessonLike[] = course.lessons.map((l) => ({
  id: l.id,
  scenario: resolveScenario(l, l.starter),
  solved: resolveScenario(l, solutionFiles(l)),
}));

export const catalog: ShareCatalog = {
  scenario: (id) => builtinScenarios.find((s) => s.id === id),
  lesson: (id) => lessons.find((l) => l.id === id)?.scenario,
};

/** A Storage in memory, with a few entries standing for the user's saved work. */
export class MemoryStorage implements Storage {
  #map = new Map<string, string>();
  get length() { return this.#map.size; }
  clear() { this.#map.clear(); }
  getItem(key: string) { return this.#map.get(key) ?? null; }
  key(i: number) { return [...this.#map.keys()][i] ?? null; }
  removeItem(key: string) { this.#map.delete(key); }
  setItem(key: string, value: string) { this.#map.set(key, String(value)); }
  dump() { return JSON.stringify([...this.#map].sort()); }
}

const payload = (json: string) => `${CODEC_TAG}.${toBase64Url(deflateSync(strToU8(json)))}`;

/** A pseudo-random byte string from a fixed seed (tests stay deterministic). */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (x * 1664525 + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

export function badLinks(good: string): { name: string; payload: string; kind: string }[] {
  const validButWrong = (state: unknown) => payload(JSON.stringify(state));
  return [
    { name: 'truncated to half', payload: good.slice(0, Math.floor(good.length / 2)), kind: 'truncated' },
    { name: 'truncated by one character', payload: good.slice(0, -1), kind: 'truncated' },
    { name: 'random bytes', payload: `${CODEC_TAG}.${toBase64Url(bytes(600, 7))}`, kind: 'corrupt' },
    { name: 'random text', payload: 'hello world, this is not a link', kind: 'malformed' },
    { name: 'characters outside base64url', payload: `${CODEC_TAG}.abc$%def"<script>`, kind: 'malformed' },
    { name: 'empty', payload: '', kind: 'malformed' },
    { name: 'newer codec', payload: `9.${good.slice(2)}`, kind: 'newer-version' },
    { name: 'newer state version', payload: validButWrong({ v: 99, source: {}, seed: 1 }), kind: 'newer-version' },
    { name: 'no version', payload: validButWrong({ seed: 1 }), kind: 'invalid' },
    { name: 'not an object', payload: validButWrong([1, 2, 3]), kind: 'invalid' },
    { name: 'valid compression of text that is not JSON', payload: payload('this is text, not JSON'), kind: 'corrupt' },
    { name: 'valid compression of an invalid state', payload: validButWrong({ v: 1, source: { kind: 'builtin' }, seed: -4, faults: 'none', position: 1.5 }), kind: 'invalid' },
    { name: 'unknown source kind', payload: validButWrong({ v: 1, source: { kind: 'url', href: 'https://x' }, seed: 1, faults: [], position: 0 }), kind: 'invalid' },
    { name: 'a 1 MB payload', payload: `${CODEC_TAG}.${'A'.repeat(1_048_576)}`, kind: 'too-long' },
    { name: 'a zip bomb (8 MB of zeros)', payload: payload(`{"v":1,"pad":"${'0'.repeat(8_000_000)}"}`), kind: 'too-long' },
  ];
}
