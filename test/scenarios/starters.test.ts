// The editor's starting points and handler templates are scenarios that validate and run clean:
// a learner's first run works before they change anything.
import { describe, expect, it } from 'vitest';
import { runScenario, validateScenario } from '../../src/engine/index';
import { blankScenario, STARTERS } from '../../src/scenario-kit/starters';
import { HANDLER_TEMPLATES, handlerSource } from '../../src/scenario-kit/handler-templates';

describe('scenario starters', () => {
  it('the blank scenario is valid and runs to nothing', () => {
    expect(validateScenario(blankScenario())).toEqual([]);
    expect(runScenario(blankScenario(), { seed: 1 }).checks.every((c) => c.valid)).toBe(true);
  });
  for (const s of STARTERS) {
    it(`${s.title}: valid, runs, every message handled`, () => {
      const scenario = s.make();
      expect(validateScenario(scenario)).toEqual([]);
      const r = runScenario(scenario, { seed: 1 });
      expect(r.checks.every((c) => c.valid), JSON.stringify(r.checks)).toBe(true);
      expect(r.metrics.counts.acked ?? r.metrics.counts.completed ?? 0).toBeGreaterThan(0);
      expect(r.trace.some((e) => e.kind.startsWith('handler.failed') || e.kind === 'message.dead-lettered')).toBe(false);
    });
  }
  it('every handler template compiles into a handler of the right name', () => {
    for (const t of HANDLER_TEMPLATES) expect(handlerSource(t, { handler: 'H' })).toContain(`defineHandler("H"`);
  });
});
