// Choice order per learner: a permutation, stable for one learner and question, different
// across learners — so the right answer is not "always the second one" for anyone.

import { describe, expect, it } from 'vitest';
import { choiceOrder } from '../../src/ui/lesson/shuffle';

describe('choiceOrder', () => {
  it('is a permutation, the same for the same learner and question', () => {
    const order = choiceOrder('learner-a', 'inbox#0', 3);
    expect([...order].sort()).toEqual([0, 1, 2]);
    expect(choiceOrder('learner-a', 'inbox#0', 3)).toEqual(order);
  });

  it('puts a given choice first for roughly a third of learners', () => {
    const firsts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) firsts[choiceOrder(`learner-${i}`, 'outbox#0', 3)[0]!]!++;
    for (const n of firsts) expect(n).toBeGreaterThan(800);
  });

  it('differs between questions of one learner', () => {
    const orders = new Set(Array.from({ length: 20 }, (_, i) => choiceOrder('learner-a', `lesson#${i}`, 3).join()));
    expect(orders.size).toBeGreaterThan(2);
  });
});
