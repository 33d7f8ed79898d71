/**
 * The drill's file: each interview question's spaced-repetition card and the history of drill
 * sessions, as plain JSON (dates as ISO strings) kept in this browser and carried in the progress
 * file. A file read from outside is untrusted and checked field by field, with bounds, before
 * anything of it is used. Scheduling itself is in schedule.ts (loaded only by the drill page).
 */
import { SHARE_BOUNDS, shapeIssues } from '../../share/bounds';

export type DrillRating = 'again' | 'hard' | 'good' | 'easy';
export const DRILL_RATINGS: readonly DrillRating[] = ['again', 'hard', 'good', 'easy'];

export interface StoredCard {
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review?: string;
}

export interface DrillAnswer {
  id: string;
  rating: DrillRating;
  /** Seconds the learner took before showing the model answer. */
  seconds: number;
  /** The timer ran out before they showed it. */
  overtime: boolean;
}

export interface DrillSession {
  startedAt: string;
  secondsPerQuestion: number;
  answers: DrillAnswer[];
}

export interface DrillFile {
  format: 'brokerlab-drill';
  version: 1;
  cards: Record<string, StoredCard>;
  sessions: DrillSession[];
}

/** Bounds on a file read from outside (an import, a damaged entry). */
const CARDS_MAX = 5_000;
const SESSIONS_MAX = 500;
const ANSWERS_MAX = 200;
/** Days, reps, stability…: a century of daily reviews is 36,500. */
const CARD_NUMBER_MAX = 1_000_000;

export function emptyDrill(): DrillFile {
  return { format: 'brokerlab-drill', version: 1, cards: {}, sessions: [] };
}

function fail(path: string, reason: string): never {
  throw new Error(`drill ${path}: ${reason}`);
}

/** An ISO date as the drill writes it (toISOString); Date.parse alone also takes "1" (2001). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function isDate(v: unknown): v is string {
  return typeof v === 'string' && v.length <= 40 && ISO_DATE.test(v) && Number.isFinite(Date.parse(v));
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Reads a drill file from untrusted JSON data, or says where and why it is not one. */
export function parseDrill(value: unknown): DrillFile {
  if (typeof value !== 'object' || value === null) fail('', 'expected an object');
  const v = value as Record<string, unknown>;
  if (v.format !== 'brokerlab-drill' || v.version !== 1) fail('format', 'expected format "brokerlab-drill", version 1');
  if (typeof v.cards !== 'object' || v.cards === null || Array.isArray(v.cards)) fail('cards', 'expected an object');
  if (!Array.isArray(v.sessions)) fail('sessions', 'expected a list');
  const shape = shapeIssues(value, SHARE_BOUNDS);
  if (shape.length > 0) fail(shape[0]!.path, shape[0]!.message);
  const entries = Object.entries(v.cards as Record<string, unknown>);
  if (entries.length > CARDS_MAX) fail('cards', `more than ${CARDS_MAX} cards`);
  if (v.sessions.length > SESSIONS_MAX) fail('sessions', `more than ${SESSIONS_MAX} sessions`);
  const cards: Record<string, StoredCard> = {};
  for (const [id, raw] of entries) {
    const path = `cards["${id.slice(0, 60)}"]`;
    if (id.length > 200) fail(path, 'id too long');
    if (typeof raw !== 'object' || raw === null) fail(path, 'expected an object');
    const c = raw as Record<string, unknown>;
    if (!isDate(c.due)) fail(`${path}.due`, 'expected a date');
    for (const key of ['stability', 'difficulty', 'elapsed_days', 'scheduled_days', 'learning_steps', 'reps', 'lapses', 'state'] as const) {
      if (!finite(c[key]) || (c[key] as number) < 0 || (c[key] as number) > CARD_NUMBER_MAX) fail(`${path}.${key}`, `expected a number from 0 to ${CARD_NUMBER_MAX}`);
    }
    for (const key of ['elapsed_days', 'scheduled_days', 'learning_steps', 'reps', 'lapses'] as const) {
      if (!Number.isInteger(c[key])) fail(`${path}.${key}`, 'expected a whole number');
    }
    if ((c.state as number) > 3 || !Number.isInteger(c.state)) fail(`${path}.state`, 'expected 0–3');
    if (c.last_review !== undefined && !isDate(c.last_review)) fail(`${path}.last_review`, 'expected a date');
    cards[id] = {
      due: c.due as string, stability: c.stability as number, difficulty: c.difficulty as number, elapsed_days: c.elapsed_days as number,
      scheduled_days: c.scheduled_days as number, learning_steps: c.learning_steps as number, reps: c.reps as number, lapses: c.lapses as number,
      state: c.state as number, ...(c.last_review !== undefined ? { last_review: c.last_review as string } : {}),
    };
  }
  const sessions = v.sessions.map((raw, i): DrillSession => {
    const path = `sessions[${i}]`;
    if (typeof raw !== 'object' || raw === null) fail(path, 'expected an object');
    const s = raw as Record<string, unknown>;
    if (!isDate(s.startedAt)) fail(`${path}.startedAt`, 'expected a date');
    if (!finite(s.secondsPerQuestion) || s.secondsPerQuestion <= 0) fail(`${path}.secondsPerQuestion`, 'expected a number > 0');
    if (!Array.isArray(s.answers) || s.answers.length > ANSWERS_MAX) fail(`${path}.answers`, `expected a list of at most ${ANSWERS_MAX}`);
    const answers = s.answers.map((a, j): DrillAnswer => {
      const ap = `${path}.answers[${j}]`;
      if (typeof a !== 'object' || a === null) fail(ap, 'expected an object');
      const x = a as Record<string, unknown>;
      if (typeof x.id !== 'string' || x.id.length > 200) fail(`${ap}.id`, 'expected a question id');
      if (!DRILL_RATINGS.includes(x.rating as DrillRating)) fail(`${ap}.rating`, `expected one of ${DRILL_RATINGS.join(', ')}`);
      if (!finite(x.seconds) || x.seconds < 0) fail(`${ap}.seconds`, 'expected a number ≥ 0');
      return { id: x.id, rating: x.rating as DrillRating, seconds: x.seconds, overtime: x.overtime === true };
    });
    return { startedAt: s.startedAt as string, secondsPerQuestion: s.secondsPerQuestion as number, answers };
  });
  return { format: 'brokerlab-drill', version: 1, cards, sessions };
}

/** The file with a finished session appended (the oldest dropped past the bound). */
export function recordSession(file: DrillFile, session: DrillSession): DrillFile {
  return { ...file, sessions: [...file.sessions, session].slice(-SESSIONS_MAX) };
}

/** Two files merged (an import): the card reviewed last wins; sessions are joined without repeats. */
export function mergeDrill(mine: DrillFile, theirs: DrillFile): DrillFile {
  const cards = { ...mine.cards };
  for (const [id, card] of Object.entries(theirs.cards)) {
    const own = cards[id];
    if (!own || (card.last_review ?? '') > (own.last_review ?? '')) cards[id] = card;
  }
  const seen = new Set(mine.sessions.map((s) => s.startedAt));
  const sessions = [...mine.sessions, ...theirs.sessions.filter((s) => !seen.has(s.startedAt))].sort((a, b) => a.startedAt.localeCompare(b.startedAt)).slice(-SESSIONS_MAX);
  return { format: 'brokerlab-drill', version: 1, cards, sessions };
}
