// The interview drill's schedule: the bank holds every lesson's interview questions with stable,
// distinct ids; a rating moves a question's next review (again soon, easy far), a drill asks what
// is due first, then never-asked questions, then what comes due soonest; a file read from outside
// is refused with a path and a reason; a progress file carries the drill, merging by last review.

import { describe, expect, it } from 'vitest';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { drillQuestions } from '../../src/content/drill';
import { emptyDrill, mergeDrill, parseDrill, recordSession } from '../../src/ui/drill/drill-file';
import { intervalsFor, pickQuestions, rate, topicScores } from '../../src/ui/drill/schedule';

const { course } = await loadCourseFromDisk();
const bank = drillQuestions(course);
const t0 = new Date('2026-03-01T09:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

describe('the question bank', () => {
  it('holds every lesson’s interview questions once, with distinct ids, a topic and a lesson', () => {
    const total = course.lessons.reduce((n, l) => n + l.meta.interview.length, 0);
    expect(bank.length).toBe(total);
    expect(total).toBeGreaterThan(30);
    expect(new Set(bank.map((q) => q.id)).size).toBe(bank.length);
    for (const q of bank) {
      expect(course.lessons.some((l) => l.id === q.lessonId && l.part.title === q.topic)).toBe(true);
      expect(q.a.length).toBeGreaterThan(20);
    }
    expect(drillQuestions(course).map((q) => q.id)).toEqual(bank.map((q) => q.id));
  });
});

describe('scheduling', () => {
  const id = bank[0]!.id;

  it('again brings a question back within minutes, easy not before days', () => {
    const again = rate(emptyDrill(), id, 'again', t0);
    const easy = rate(emptyDrill(), id, 'easy', t0);
    const dueAgain = Date.parse(again.cards[id]!.due) - t0.getTime();
    const dueEasy = Date.parse(easy.cards[id]!.due) - t0.getTime();
    expect(dueAgain).toBeLessThanOrEqual(10 * 60_000);
    expect(dueEasy).toBeGreaterThanOrEqual(24 * 3600_000);
    const shown = intervalsFor(emptyDrill(), id, t0);
    expect(shown.again).toMatch(/min$/);
    expect(shown.easy).toMatch(/day/);
  });

  it('a question known twice in a row comes back later the second time', () => {
    const first = rate(emptyDrill(), id, 'good', t0);
    const firstDue = Date.parse(first.cards[id]!.due);
    const second = rate(first, id, 'good', new Date(firstDue));
    expect(Date.parse(second.cards[id]!.due) - firstDue).toBeGreaterThan(firstDue - t0.getTime());
    expect(second.cards[id]!.reps).toBe(2);
  });

  it('asks due questions first (most overdue first), then never-asked ones, then the soonest due', () => {
    const [a, b, c] = [bank[0]!, bank[1]!, bank[2]!];
    let file = rate(emptyDrill(), a.id, 'again', t0); // due within minutes
    file = rate(file, b.id, 'again', minutes(1));
    file = rate(file, c.id, 'easy', t0); // due in days
    const later = minutes(60);
    const picked = pickQuestions(file, bank, bank.length, later, 'seed');
    expect(picked.slice(0, 2).map((q) => q.id)).toEqual([a.id, b.id]);
    expect(picked.at(-1)!.id).toBe(c.id);
    expect(picked.length).toBe(bank.length);
    // Never-asked questions come in a seeded order: the same seed, the same drill.
    expect(pickQuestions(file, bank, 10, later, 'seed').map((q) => q.id)).toEqual(picked.slice(0, 10).map((q) => q.id));
    expect(pickQuestions(file, bank, 10, later, 'other').map((q) => q.id)).not.toEqual(picked.slice(0, 10).map((q) => q.id));
    // A topic filter keeps only that topic's questions.
    const topic = bank[5]!.topic;
    expect(pickQuestions(file, bank, 100, later, 's', [topic]).every((q) => q.topic === topic)).toBe(true);
  });

  it('scores a topic by the answers rated good or easy, and counts what is due now', () => {
    const [a, b] = [bank[0]!, bank[1]!];
    let file = rate(emptyDrill(), a.id, 'again', t0);
    file = rate(file, b.id, 'good', t0);
    file = recordSession(file, { startedAt: t0.toISOString(), secondsPerQuestion: 90, answers: [{ id: a.id, rating: 'again', seconds: 90, overtime: true }, { id: b.id, rating: 'good', seconds: 30, overtime: false }] });
    const scores = topicScores(file, bank, minutes(30));
    const s = scores.find((x) => x.topic === a.topic)!;
    const expectedRecalled = a.topic === b.topic ? 0.5 : 0;
    expect(s.answered).toBe(a.topic === b.topic ? 2 : 1);
    expect(s.recalled).toBe(expectedRecalled);
    expect(s.dueNow).toBeGreaterThanOrEqual(1);
    expect(scores.filter((x) => x.answered === 0).every((x) => x.recalled === null)).toBe(true);
  });
});

describe('the drill file', () => {
  it('round-trips through JSON and refuses hostile shapes with a path and a reason', () => {
    const file = recordSession(rate(emptyDrill(), bank[0]!.id, 'hard', t0), { startedAt: t0.toISOString(), secondsPerQuestion: 60, answers: [{ id: bank[0]!.id, rating: 'hard', seconds: 12, overtime: false }] });
    expect(parseDrill(JSON.parse(JSON.stringify(file)))).toEqual(file);
    expect(() => parseDrill(null)).toThrow(/drill : expected an object/);
    expect(() => parseDrill({ ...file, version: 2 })).toThrow(/format/);
    expect(() => parseDrill({ ...file, cards: { x: { ...file.cards[bank[0]!.id], due: 'soon' } } })).toThrow(/cards\["x"\]\.due: expected a date/);
    expect(() => parseDrill({ ...file, cards: { x: { ...file.cards[bank[0]!.id], stability: Number.NaN } } })).toThrow(/stability/);
    expect(() => parseDrill({ ...file, sessions: [{ ...file.sessions[0], answers: [{ id: 'q', rating: 'perfect', seconds: 1 }] }] })).toThrow(/sessions\[0\]\.answers\[0\]\.rating/);
    expect(() => parseDrill({ ...file, sessions: Array.from({ length: 501 }, () => file.sessions[0]) })).toThrow(/more than 500 sessions/);
  });

  it('merges two files: the card reviewed last wins, sessions are joined once', () => {
    const id = bank[0]!.id;
    const old = rate(emptyDrill(), id, 'again', t0);
    const newer = rate(emptyDrill(), id, 'easy', minutes(5));
    const session = { startedAt: t0.toISOString(), secondsPerQuestion: 90, answers: [] };
    const merged = mergeDrill(recordSession(old, session), recordSession(newer, session));
    expect(merged.cards[id]).toEqual(newer.cards[id]);
    expect(mergeDrill(newer, old).cards[id]).toEqual(newer.cards[id]);
    expect(merged.sessions).toHaveLength(1);
  });
});
