// Broken content must fail loudly: a missing title, an unknown check or fault, an invalid
// scenario, or a starter/solution file that matches no handler each give a clear issue.

import { describe, expect, it } from 'vitest';
import { buildCourse, formatContentIssues, splitPrefix } from '../../src/content/parse';
import { validateCourse } from '../../src/content/validate';
import { defineLessonScenario, type RawCourse } from '../../src/content/types';

const handler = `import { defineHandler } from 'brokerlab';\nexport default defineHandler('Work', async (msg, ctx) => { await ctx.work(1); });\n`;

const scenario = defineLessonScenario({
  id: 'x', title: 'X', broker: 'generic',
  entities: [{ type: 'queue', name: 'q' }],
  messages: [{ type: 'Job', kind: 'command', to: 'q' }],
  services: [{ name: 'S', handlers: [{ name: 'Entry', code: { file: 'S/Entry.ts' } }, { name: 'Work', consumes: 'q', code: { file: 'S/Work.ts' } }] }],
  workload: [{ kind: 'burst', service: 'S', handler: 'Entry', count: 1, body: {} }],
});

const PREDICT = `predict:
  - { question: Which?, choices: [a short one, the right one, a third choice], answer: 1, explanation: Because. }
  - { question: How many?, answer: 1, count: { kind: handler.started, service: S, handler: Entry }, explanation: One request. }
`;
const front = (extra = '', title = 'title: A lesson\n', predict = PREDICT) => `---\n${title}summary: s\ngoal: g\nchecks: [no-loss]\nseeds: [1]\ndemos: [{ label: run it, keyMoment: { label: the request, match: { kind: handler.started, handler: Entry } } }]\ninterview:\n  - { q: a?, a: b }\n  - { q: c?, a: d }\n${predict}${extra}---\nProse.\n`;

function raw(overrides: Partial<{ index: string; scenario: unknown; starter: Record<string, string>; solution: Record<string, string> }> = {}): RawCourse {
  const base = '01-part/01-lesson';
  const texts: Record<string, string> = { [`${base}/index.md`]: overrides.index ?? front() };
  for (const [f, t] of Object.entries(overrides.starter ?? { 'S/Entry.ts': handler, 'S/Work.ts': handler })) texts[`${base}/starter/${f}`] = t;
  for (const [f, t] of Object.entries(overrides.solution ?? { 'S/Work.ts': handler })) texts[`${base}/solution/${f}`] = t;
  return { texts, scenarios: { [base]: { default: overrides.scenario ?? scenario } } };
}

function problems(r: RawCourse): string {
  const { course, issues } = buildCourse(r);
  return formatContentIssues([...issues, ...validateCourse(course)]);
}

describe('lesson content validation', () => {
  it('accepts a well-formed lesson and strips numeric prefixes from ids', () => {
    expect(problems(raw())).toBe('');
    const { course } = buildCourse(raw());
    expect(course.lessons[0]!.id).toBe('lesson');
    expect(course.parts[0]!.id).toBe('part');
    expect(splitPrefix('12-dead-letters')).toEqual({ order: 12, id: 'dead-letters' });
  });

  it('rejects a lesson without a title', () => {
    expect(problems(raw({ index: front('', '') }))).toMatch(/01-part\/01-lesson\/index\.md: title is missing/);
  });

  it('rejects an unknown check name', () => {
    expect(problems(raw({ index: front().replace('[no-loss]', '[no-such-check]') }))).toMatch(/unknown check "no-such-check"/);
  });

  it('rejects an unknown fault type and bad fault options', () => {
    expect(problems(raw({ index: front('faultPlans:\n  - { name: p, faults: [{ type: meteor }] }\n') }))).toMatch(/unknown fault type "meteor"/);
    expect(problems(raw({ index: front('faultPlans:\n  - { name: p, faults: [{ type: crash, service: Nobody, atTick: 1 }] }\n') }))).toMatch(/faultPlans\[p\]/);
  });

  it('runs a fault plan on a named scenario export, and rejects a name scenario.ts does not export', () => {
    expect(problems(raw({ index: front('faultPlans:\n  - { name: p, scenario: nowhere, faults: [] }\n') }))).toMatch(/faultPlans\[p\] names scenario "nowhere" but scenario.ts exports only default/);
    const r = raw({ index: front('faultPlans:\n  - { name: p, scenario: later, faults: [{ type: crash, service: T, atTick: 1 }] }\n') });
    const later = { ...scenario, services: [...scenario.services, { name: 'T', handlers: [] }] };
    r.scenarios['01-part/01-lesson'] = { default: scenario, later };
    expect(problems(r)).toBe('');
    expect(buildCourse(r).course.lessons[0]!.meta.faultPlans[0]!.scenario).toBe('later');
  });

  it('reads a guarantee and rejects a malformed one or an unknown fault type in it', () => {
    const ok = buildCourse(raw({ index: front('guarantee: { faults: [crash, duplicate-delivery], maxFaults: 2 }\n') }));
    expect(ok.course.lessons[0]!.meta.guarantee).toEqual({ faults: ['crash', 'duplicate-delivery'], maxFaults: 2 });
    expect(problems(raw({ index: front('guarantee: { faults: [crash], maxFaults: 2 }\n') }))).toBe('');
    expect(problems(raw({ index: front('guarantee: { faults: [meteor], maxFaults: 2 }\n') }))).toMatch(/guarantee\.faults: unknown fault type "meteor"/);
    expect(problems(raw({ index: front('guarantee: { faults: [crash], maxFaults: 0 }\n') }))).toMatch(/guarantee must be \{ faults: \[fault types, at least one\], maxFaults: a positive integer, checks\?: \[check names\] \}/);
    expect(problems(raw({ index: front('guarantee: { faults: [], maxFaults: 1 }\n') }))).toMatch(/guarantee must be/);
    expect(problems(raw({ index: front('guarantee: { faults: [crash], maxFaults: 1000 }\n') }))).toMatch(/guarantee\.maxFaults: at most 100/);
    expect(problems(raw({ index: front('guarantee: { faults: [crash], maxFaults: 1, seeds: 3 }\n') }))).toMatch(/guarantee\.seeds: unknown field/);
    // `checks` narrows what holds under the extra faults to checks the lesson has.
    expect(buildCourse(raw({ index: front('guarantee: { faults: [crash], maxFaults: 1, checks: [no-loss] }\n') })).course.lessons[0]!.meta.guarantee).toEqual({ faults: ['crash'], maxFaults: 1, checks: ['no-loss'] });
    expect(problems(raw({ index: front('guarantee: { faults: [crash], maxFaults: 1, checks: [no-loss] }\n') }))).toBe('');
    expect(problems(raw({ index: front('guarantee: { faults: [crash], maxFaults: 1, checks: [latency-budget] }\n') }))).toMatch(/guarantee\.checks: "latency-budget" is not one of the lesson's checks \(no-loss\)/);
    expect(problems(raw({ index: front('guarantee: { faults: [crash], maxFaults: 1, checks: [] }\n') }))).toMatch(/guarantee\.checks must be a list/);
  });

  it('rejects an invalid scenario', () => {
    const broken = { ...scenario, services: [{ ...scenario.services[0]!, handlers: [{ name: 'Work', consumes: 'nowhere', code: { file: 'S/Work.ts' } }] }] };
    expect(problems(raw({ scenario: broken, starter: { 'S/Work.ts': handler } }))).toMatch(/no entity named "nowhere"/);
  });

  it('rejects starter and solution files that match no handler, and missing starter files', () => {
    expect(problems(raw({ solution: { 'S/Typo.ts': handler } }))).toMatch(/solution\/S\/Typo\.ts does not match any handler/);
    expect(problems(raw({ starter: { 'S/Entry.ts': handler, 'S/Work.ts': handler, 'S/Extra.ts': handler } }))).toMatch(/starter\/S\/Extra\.ts does not match/);
    expect(problems(raw({ starter: { 'S/Entry.ts': handler } }))).toMatch(/starter\/S\/Work\.ts does not exist/);
  });

  it('rejects handler code that does not compile, and demos naming unknown fault plans', () => {
    expect(problems(raw({ solution: { 'S/Work.ts': 'export default (' } }))).toMatch(/solution\/S\/Work\.ts does not compile/);
    expect(problems(raw({ index: front().replace('[{ label: run it,', '[{ label: run it, faultPlan: nope,') }))).toMatch(/demos\[0\] names fault plan "nope"/);
  });

  it('rejects malformed YAML with the file name', () => {
    expect(problems(raw({ index: '---\ntitle: [unclosed\n---\n' }))).toMatch(/index\.md: frontmatter is not valid YAML/);
  });

  it('needs 2–3 predictions, one of them numeric, about a first demo with a key moment', () => {
    expect(problems(raw({ index: front('', undefined, PREDICT.split('\n').slice(0, 2).join('\n') + '\n') }))).toMatch(/needs 2–3 predictions, found 1[\s\S]*at least one prediction must be numeric/);
    expect(problems(raw({ index: front().replace(/, keyMoment: \{[^}]*\{[^}]*\} \}/, '') }))).toMatch(/demos\[0\] needs a keyMoment/);
    expect(problems(raw({ index: front().replace('count: { kind: handler.started', 'count: { kind: started') }))).toMatch(/predict\[1\]\.count: kind must be a trace event kind/);
  });

  it('refuses a numeric answer the demo does not show, and a key moment the demo never reaches', () => {
    expect(problems(raw({ index: front().replace('answer: 1, count', 'answer: 2, count') }))).toMatch(/predict\[1\]: the answer is 2 but the first demo's trace counts 1/);
    expect(problems(raw({ index: front().replace('handler: Entry } } }', 'handler: Nobody } } }') }))).toMatch(/keyMoment "the request": no such event/);
  });

  it('refuses a right choice that its length gives away', () => {
    expect(problems(raw({ index: front().replace('the right one', 'the right one explained at great length so that it stands out') }))).toMatch(/predict\[0\]: the right choice \(\d+ characters\) is much longer/);
  });
});

