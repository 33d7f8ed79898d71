// Capstone: notification fan-out with per-user ordering. The reference passes every rubric line
// on every plan; each classic wrong design fails the line it names.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Capstone } from '../../src/content/capstone-types';
import { capstone, figuresOf, verdictOf, wrongVerdict } from './verdict';

let c: Capstone;
beforeAll(async () => { c = await capstone('notification-fan-out'); });

describe('capstone: notification fan-out with per-user ordering', () => {
  it('the reference design passes every rubric line on every fault plan, with no order violation', () => {
    const v = verdictOf(c);
    expect(v.checks.map((x) => [x.name, x.passed, x.total])).toEqual(c.spec.rubric.map((r) => [r.name, 3, 3]));
    for (const f of v.figures!) {
      expect(f.figures.processed).toBe(120); // 60 events × push and e-mail
      expect(f.figures.orderViolations).toBe(0);
      expect(f.figures.lost).toBe(0);
    }
  });

  it.each(['key-by-notification-id', 'retry-by-republishing', 'one-key-for-everyone', 'push-only', 'skip-the-render', 'send-own-text'])('wrong design %s fails the rubric line it names', (name) => {
    const w = c.lesson.wrong![name]!;
    const v = wrongVerdict(c, name);
    const line = v.checks.find((x) => x.name === w.fails)!;
    expect(line.passed, `${name} should fail ${w.fails}`).toBeLessThan(line.total);
    expect(line.failure!.run.faultPlan).toBe(w.plan);
    expect(v.solved).toBe(false);
  });

  it('a send that renders and then writes its own text is named with the text it should have sent', () => {
    const v = wrongVerdict(c, 'send-own-text');
    expect(v.checks.find((x) => x.name === 'no-loss')!.failure!.explanation).toMatch(/^user-\d+\/\d+ \(channel (push|email)\) reached Phone from Delivery\/Send with text "You have a new notification", not "(push|email) #\d+ for user-\d+" that Templates\.Render gives for it/);
  });

  it('a fan-out keyed by notification id shows its reorders in the figures', () => {
    const v = wrongVerdict(c, 'key-by-notification-id');
    expect(figuresOf(v, 'Delivery is slow for a while')!.orderViolations).toBeGreaterThan(0);
    expect(v.checks.find((x) => x.name === 'effect-order')!.failure!.explanation).toMatch(/^Phone saw \d+ calls? out of order: user-\d+\/(push|email) got seq \d+/);
  });
});
