// What an embed shows, read from its URL. The run itself is a share payload in the fragment
// (`embed.html#/share/1.…`, exactly what a share link carries) or, for hand-written slides, a
// built-in scenario by id (`?scenario=order-flow&seed=42`). Presentation options are query
// parameters so a speaker can tweak them in the iframe's src by hand:
//
//   theme=light|dark|auto   colours (auto follows the viewer's system)
//   step=N                  start after N diagram steps (default: the shared cursor, else 0)
//   steps=key|all           what → and ← move by: the run's key moments (default; every row when
//                           the run has none) or every row of the diagram
//   autoplay=1              advance on its own; interval=MS between steps (100–60,000; default 1200)
//   topology=1              show queue depths and services above the diagram
//   controls=0              hide the step buttons (a deck drives the embed by postMessage)
//   caption=0               hide the one-line explanation of the current step
//   id=NAME                 echoed in every message, to tell several embeds apart
//   allowedOrigin=ORIGIN    the origin of the page that embeds it (https://slides.example.org):
//                           the only origin the embed reports to and takes commands from;
//                           absent, the embed's own origin (the site's own deck works as is)
//
// An option that is present but wrong (a seed out of range, an origin that is not one) is a
// problem the embed shows, never silently replaced by a default.

import { seedIssue } from '../share/bounds';
import type { ShareIssue } from '../share/problems';

export type EmbedTheme = 'light' | 'dark' | 'auto';
export type EmbedSteps = 'key' | 'all';

export interface EmbedOptions {
  theme: EmbedTheme;
  step: number | null;
  steps: EmbedSteps;
  autoplay: boolean;
  intervalMs: number;
  topology: boolean;
  controls: boolean;
  caption: boolean;
  id: string | null;
  scenarioId: string | null;
  seed: number | null;
  /** The embedding page's origin; null: the embed's own origin. */
  allowedOrigin: string | null;
  /** Options present but not valid (path = the parameter). */
  problems: ShareIssue[];
}

export const INTERVAL_MS_DEFAULT = 1200;
const INTERVAL_MS_MIN = 100;

const INTERVAL_MS_MAX = 60_000;
/** The most rows a step may start at (a run has at most 2,000,000 events). */
const STEP_MAX = 2_000_000;
const FLAG_OFF = ['0', 'false', 'no', 'off'];
const FLAG_ON = ['1', 'true', 'yes', 'on', ''];

const nonNegInt = (v: string | null): number | null => (v !== null && /^\d{1,15}$/.test(v) ? Number(v) : null);

/** `text` as a web origin (scheme://host[:port]), or null when it names none. */
export function originOf(text: string): string | null {
  try {
    const url = new URL(text.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.username || url.password) return null;
    return url.origin;
  } catch {
    return null;
  }
}

export function readEmbedOptions(search: string): EmbedOptions {
  const q = new URLSearchParams(search);
  const theme = q.get('theme');
  const problems: ShareIssue[] = [];
  const seedText = q.get('seed');
  let seed: number | null = null;
  if (seedText !== null) {
    const n = /^\d{1,10}$/.test(seedText) ? Number(seedText) : seedText;
    const issue = seedIssue(n);
    if (issue) problems.push({ path: 'seed', message: issue });
    else seed = n as number;
  }
  const originText = q.get('allowedOrigin');
  const allowedOrigin = originText === null ? null : originOf(originText);
  if (originText !== null && allowedOrigin === null) {
    problems.push({ path: 'allowedOrigin', message: `must be the origin of the page that embeds this run, such as https://slides.example.org; got ${JSON.stringify(originText.slice(0, 80))}` });
  }
  const flag = (name: string, fallback: boolean): boolean => {
    const v = q.get(name);
    if (v === null) return fallback;
    if (FLAG_OFF.includes(v.toLowerCase())) return false;
    if (!FLAG_ON.includes(v.toLowerCase())) problems.push({ path: name, message: `must be 1 or 0 (on or off); got ${JSON.stringify(v.slice(0, 40))}` });
    return FLAG_ON.includes(v.toLowerCase()) ? true : fallback;
  };
  /** A whole number in [min, max] when present; a problem and null when present but not one. */
  const wholeNumber = (name: string, min: number, max: number, what: string): number | null => {
    const text = q.get(name);
    if (text === null) return null;
    const n = nonNegInt(text);
    if (n !== null && n >= min && n <= max) return n;
    problems.push({ path: name, message: `must be ${what}, a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}; got ${JSON.stringify(text.slice(0, 40))}` });
    return null;
  };
  if (theme !== null && theme !== 'light' && theme !== 'dark' && theme !== 'auto') problems.push({ path: 'theme', message: `must be light, dark or auto; got ${JSON.stringify(theme.slice(0, 40))}` });
  const step = wholeNumber('step', 0, STEP_MAX, 'the number of steps to start after');
  const interval = wholeNumber('interval', INTERVAL_MS_MIN, INTERVAL_MS_MAX, 'the milliseconds between steps');
  const stepsText = q.get('steps');
  if (stepsText !== null && stepsText !== 'key' && stepsText !== 'all') problems.push({ path: 'steps', message: `must be "key" (stop at the run's key moments) or "all" (every row); got ${JSON.stringify(stepsText.slice(0, 40))}` });
  return {
    theme: theme === 'light' || theme === 'dark' ? theme : 'auto',
    step,
    steps: stepsText === 'all' ? 'all' : 'key',
    autoplay: flag('autoplay', false),
    intervalMs: interval ?? INTERVAL_MS_DEFAULT,
    topology: flag('topology', false),
    controls: flag('controls', true),
    caption: flag('caption', true),
    id: q.get('id')?.slice(0, 100) || null,
    scenarioId: q.get('scenario')?.slice(0, 200) || null,
    seed,
    allowedOrigin,
    problems,
  };
}

/** The query string for options that differ from the defaults (for the embed-code snippet). */
export function embedQuery(o: Partial<EmbedOptions>): string {
  const q = new URLSearchParams();
  if (o.theme && o.theme !== 'auto') q.set('theme', o.theme);
  if (o.step !== undefined && o.step !== null) q.set('step', String(o.step));
  if (o.steps === 'all') q.set('steps', 'all');
  if (o.autoplay) q.set('autoplay', '1');
  if (o.intervalMs && o.intervalMs !== INTERVAL_MS_DEFAULT) q.set('interval', String(o.intervalMs));
  if (o.topology) q.set('topology', '1');
  if (o.controls === false) q.set('controls', '0');
  if (o.caption === false) q.set('caption', '0');
  if (o.id) q.set('id', o.id);
  if (o.scenarioId) q.set('scenario', o.scenarioId);
  if (o.seed !== undefined && o.seed !== null) q.set('seed', String(o.seed));
  if (o.allowedOrigin) q.set('allowedOrigin', o.allowedOrigin);
  const s = q.toString();
  return s ? `?${s}` : '';
}
