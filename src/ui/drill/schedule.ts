/**
 * When each interview question should come back, by spaced repetition. Scheduling is FSRS (the
 * `ts-fsrs` library): a self-rating of again / hard / good / easy moves the question's card, and
 * a drill asks first what is due, then what was never asked, then what comes due soonest.
 */
import { createEmptyCard, fsrs, generatorParameters, Rating, type Card, type Grade } from 'ts-fsrs';
import type { DrillQuestion } from '../../content/drill';
import { DRILL_RATINGS, type DrillFile, type DrillRating, type StoredCard } from './drill-file';

const GRADE: Record<DrillRating, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };
const scheduler = fsrs(generatorParameters({ enable_fuzz: false }));

function toCard(stored: StoredCard | undefined, now: Date): Card {
  if (!stored) return createEmptyCard(now);
  return {
    ...stored,
    due: new Date(stored.due),
    state: stored.state,
    ...(stored.last_review ? { last_review: new Date(stored.last_review) } : { last_review: undefined }),
  } as Card;
}

function toStored(card: Card): StoredCard {
  return {
    due: card.due.toISOString(), stability: card.stability, difficulty: card.difficulty, elapsed_days: card.elapsed_days,
    scheduled_days: card.scheduled_days, learning_steps: card.learning_steps, reps: card.reps, lapses: card.lapses, state: card.state,
    ...(card.last_review ? { last_review: card.last_review.toISOString() } : {}),
  };
}

/** The file after the learner rated question `id` at `now`. */
export function rate(file: DrillFile, id: string, rating: DrillRating, now: Date): DrillFile {
  const next = scheduler.next(toCard(file.cards[id], now), now, GRADE[rating]);
  return { ...file, cards: { ...file.cards, [id]: toStored(next.card) } };
}

/** When the question would come back after each rating ("10 min", "3 days"). */
export function intervalsFor(file: DrillFile, id: string, now: Date): Record<DrillRating, string> {
  const preview = scheduler.repeat(toCard(file.cards[id], now), now);
  const out = {} as Record<DrillRating, string>;
  for (const r of DRILL_RATINGS) out[r] = humanDelay(preview[GRADE[r]].card.due.getTime() - now.getTime());
  return out;
}

export function humanDelay(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h`;
  const days = Math.round(hours / 24);
  if (days < 60) return `${days} day${days === 1 ? '' : 's'}`;
  const months = Math.round(days / 30);
  return months < 24 ? `${months} months` : `${Math.round(days / 365)} years`;
}

/** A small seeded generator (mulberry32) for the order of never-asked questions. */
function seeded(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 3432918353), (h = (h << 13) | (h >>> 19));
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The questions of the next drill: first those due (most overdue first), then never-asked ones
 * in an order drawn from `seed`, then those coming due soonest. `topics` narrows the bank.
 */
export function pickQuestions(file: DrillFile, bank: readonly DrillQuestion[], count: number, now: Date, seed: string, topics?: readonly string[]): DrillQuestion[] {
  const pool = topics && topics.length > 0 ? bank.filter((q) => topics.includes(q.topic)) : [...bank];
  const due: DrillQuestion[] = [];
  const fresh: DrillQuestion[] = [];
  const later: DrillQuestion[] = [];
  for (const q of pool) {
    const card = file.cards[q.id];
    if (!card) fresh.push(q);
    else if (Date.parse(card.due) <= now.getTime()) due.push(q);
    else later.push(q);
  }
  const dueAt = (q: DrillQuestion) => Date.parse(file.cards[q.id]!.due);
  due.sort((x, y) => dueAt(x) - dueAt(y));
  later.sort((x, y) => dueAt(x) - dueAt(y));
  const random = seeded(seed);
  for (let i = fresh.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [fresh[i], fresh[j]] = [fresh[j]!, fresh[i]!];
  }
  return [...due, ...fresh, ...later].slice(0, Math.max(0, count));
}

export interface TopicScore {
  topic: string;
  questions: number;
  /** Answers given in all sessions. */
  answered: number;
  /** Share of answers rated good or easy (0–1), null before the first. */
  recalled: number | null;
  dueNow: number;
}

/** Per topic, in the bank's order: how much was answered, how much recalled, what is due now. */
export function topicScores(file: DrillFile, bank: readonly DrillQuestion[], now: Date): TopicScore[] {
  const topicOf = new Map(bank.map((q) => [q.id, q.topic]));
  const scores = new Map<string, TopicScore>();
  for (const q of bank) {
    const s = scores.get(q.topic) ?? { topic: q.topic, questions: 0, answered: 0, recalled: null, dueNow: 0 };
    s.questions++;
    const card = file.cards[q.id];
    if (card && Date.parse(card.due) <= now.getTime()) s.dueNow++;
    scores.set(q.topic, s);
  }
  const good = new Map<string, number>();
  for (const session of file.sessions) {
    for (const a of session.answers) {
      const topic = topicOf.get(a.id);
      const s = topic ? scores.get(topic) : undefined;
      if (!s) continue;
      s.answered++;
      if (a.rating === 'good' || a.rating === 'easy') good.set(s.topic, (good.get(s.topic) ?? 0) + 1);
    }
  }
  for (const s of scores.values()) s.recalled = s.answered > 0 ? (good.get(s.topic) ?? 0) / s.answered : null;
  return [...scores.values()];
}

