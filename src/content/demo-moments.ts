// A lesson demo's key moments: the one its frontmatter names (`keyMoment`, captioned by what the
// demo says to look for), then the first crash, dead letter, duplicate… its run shows, so every
// demo can be stepped by key moments like a built-in scenario (projections/key-moments.ts).

import type { CaptionedMoment, KeyMomentOptions } from '../projections/key-moments';
import type { Demo } from './types';

export function demoMoments(demo: Demo): { named: CaptionedMoment[]; options: KeyMomentOptions } {
  const named = demo.keyMoment ? [{ ...demo.keyMoment, caption: demo.look ?? `The key moment: ${demo.keyMoment.label}.` }] : [];
  return { named, options: { auto: true } };
}
