// Choices in a learner's own order. A prediction's right answer must not sit at the same place
// for everyone (authors drift towards "the second one"), yet one learner must see the same order
// after a reload, so the order is a permutation seeded by the learner's id (kept with their
// progress) and the question. The page may use ambient randomness only to mint that id.

/** 32-bit FNV-1a of a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32: a small seeded generator, enough to shuffle three choices. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The order to show `n` choices in: a permutation of 0…n-1, the same for the same learner and key. */
export function choiceOrder(learner: string, key: string, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const random = generator(hash(`${learner}\u0000${key}`));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** A new learner id (random: it only has to differ between learners). */
export function newLearnerId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return c?.randomUUID ? c.randomUUID() : `l-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}
