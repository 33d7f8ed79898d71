// Classroom packs as data (content/pack.ts, completion.ts): the example pack in public/ is the
// bundle of its source folder and a sound lesson (validated like the course's, its solution
// solves it, its starter does not); a pack beyond a limit, of the wrong shape or with a file
// outside the folder format is refused with an error that says which; a completion file's
// claims are checked against the pack, and its hashes are the matrix's.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundlePack, packLesson, parsePack, PACK_LIMITS, type Pack } from '../../src/content/pack';
import { readPackFolder } from '../../src/content/pack-folder';
import { validateLesson } from '../../src/content/validate';
import { checkLesson } from '../../src/content/check';
import { lessonRuns, resolveScenario, solutionFiles } from '../../src/content/resolve';
import { runScenario } from '../../src/engine/run';
import { completionClaimIssues, makeCompletion, parseCompletion } from '../../src/content/completion';

const EXAMPLE = 'public/packs/example-loyalty.brokerlab-pack.json';
const text = readFileSync(EXAMPLE, 'utf8');
const parse = (t: string) => parsePack(t, 'test', 'd1');
const example = (): Pack => {
  const r = parse(text);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.pack;
};
const edit = (f: (p: Record<string, unknown>) => void) => {
  const p = JSON.parse(text) as Record<string, unknown>;
  f(p);
  return JSON.stringify(p);
};

describe('the example pack', () => {
  it('is the bundle of packs/example (run scripts/pack.ts after editing it)', () => {
    const { manifest, files } = readPackFolder('packs/example');
    expect(bundlePack(manifest, files)).toBe(text);
  });

  it('is a sound lesson: validated like the course, solved by its solution, not by its starter', () => {
    const pack = example();
    expect(pack.course.lessons.map((l) => l.id)).toEqual(['pack:example-loyalty:loyalty-points']);
    const lesson = packLesson(pack, 'loyalty-points')!;
    expect(validateLesson(lesson)).toEqual([]);
    expect(checkLesson(lesson, solutionFiles(lesson)).solved).toBe(true);
    const starter = checkLesson(lesson, lesson.starter, { sweep: false });
    expect(starter.checks.filter((c) => c.failure).map((c) => c.name)).toContain('no-duplicate-effect');
  });
});

describe('a pack is refused with a reason', () => {
  it.each([
    ['too large', 'x'.repeat(PACK_LIMITS.bytesMax + 1), /a pack may be at most 1\.0 MB/],
    ['not JSON', '{', /not JSON/],
    ['wrong format', edit((p) => (p.format = 'zip')), /"format" must be "brokerlab-pack"/],
    ['no author', edit((p) => delete p.author), /"author" must name who wrote the pack/],
    ['a bad id', edit((p) => (p.id = '../x')), /"id" must be/],
    ['a file outside the format', edit((p) => ((p.files as Record<string, string>)['01-basics/01-loyalty-points/run.js'] = 'alert(1)')), /run\.js: not a file of the lesson folder format/],
    ['a path that climbs', edit((p) => ((p.files as Record<string, string>)['../01-x/index.md'] = '')), /not a file of the lesson folder format/],
    ['a huge file', edit((p) => ((p.files as Record<string, string>)['01-basics/part.md'] = 'a'.repeat(PACK_LIMITS.fileCharsMax + 1))), /part\.md has 100,001 characters; a file may have at most 100,000/],
    ['a scenario that is not JSON', edit((p) => ((p.files as Record<string, string>)['01-basics/01-loyalty-points/scenario.json'] = 'export default {}')), /scenario\.json is not JSON/],
    ['a lesson without a title', edit((p) => ((p.files as Record<string, string>)['01-basics/01-loyalty-points/index.md'] = '---\nsummary: x\n---\nbody')), /title is missing/],
  ])('%s', (_name, source, message) => {
    const r = parse(source);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(message);
  });
});

describe('a completion file', () => {
  const pack = example();
  const lesson = pack.course.lessons[0]!;
  const files = solutionFiles(lesson);
  const runs = lessonRuns(lesson).map((r) => ({ seed: r.seed, faultPlan: r.faultPlan, hash: runScenario(resolveScenario(lesson, files, r.scenario), { seed: r.seed, faults: r.faults }).hash }));
  const good = makeCompletion('Ada', pack, [{ id: 'loyalty-points', files: { 'Loyalty/Award.ts': files['Loyalty/Award.ts']! }, runs }]);

  it('round-trips and fits its pack', () => {
    const parsed = parseCompletion(JSON.stringify(good));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(completionClaimIssues(parsed.completion, pack)).toEqual([]);
  });

  it('made for another pack, version or copy, or missing runs, is refused before anything runs', () => {
    expect(completionClaimIssues({ ...good, pack: { ...good.pack, id: 'other' } }, pack)).toEqual(['It was made for the pack "other", not "example-loyalty".']);
    expect(completionClaimIssues({ ...good, pack: { ...good.pack, version: '2.0.0' } }, pack)[0]).toMatch(/version 2\.0\.0/);
    expect(completionClaimIssues({ ...good, pack: { ...good.pack, digest: 'x' } }, pack)[0]).toMatch(/another copy/);
    expect(completionClaimIssues({ ...good, lessons: [{ ...good.lessons[0]!, runs: runs.slice(1) }] }, pack)[0]).toMatch(/not the lesson's seeds × fault plans/);
    expect(completionClaimIssues({ ...good, lessons: [{ ...good.lessons[0]!, files: { 'Evil/x.ts': '' } }] }, pack)[0]).toMatch(/Evil\/x\.ts is not a file of this lesson/);
  });

  it('of the wrong shape says what is wrong', () => {
    expect(parseCompletion('[]')).toEqual({ ok: false, errors: ['Not a completion file ("format" must be "brokerlab-completion").'] });
    const r = parseCompletion(JSON.stringify({ ...good, lessons: [{ id: 'x', files: {}, runs: [{ seed: 1, faultPlan: 'p', hash: 'not hex' }] }] }));
    expect(r.ok ? [] : r.errors).toEqual(['lessons[0] (x): "runs" must be a list of at most 1000 { seed, faultPlan, hash }.']);
  });
});
