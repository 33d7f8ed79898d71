// Every door untrusted data comes in by, fed the same hostile shapes, table-driven: share links
// (v0, v1 and v2 with branches), `.brokerlab.json` files, classroom packs (their manifest,
// scenario.json and YAML frontmatter), completion files, progress files (and the drill inside
// them), a scenario or fault plan read by the engine (the CLI's files, the worker), the embed's
// query and its postMessage commands. Each hostile input must be refused with the path it is at
// and a reason — not accepted, not thrown as a stack overflow or a TypeError — quickly, and
// without touching Object.prototype. Values that only look alike (-0 and 0) must run alike.

import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { deflateSync, strToU8 } from 'fflate';
import { CODEC_TAG, FILE_FORMAT, SHARE_BOUNDS, decodePayload, describeProblem, stateFromFile, toBase64Url } from '../../src/share/index';
import { parsePack } from '../../src/content/pack';
import { parseCompletion } from '../../src/content/completion';
import { progressFileIssues } from '../../src/ui/lesson/progress-file';
import { parseDrill } from '../../src/ui/drill/drill-file';
import { readEmbedOptions } from '../../src/embed/options';
import { parseCommand } from '../../src/embed/protocol';
import { validateFaults, validateScenario } from '../../src/engine/scenario/validate';
import { runScenario } from '../../src/engine/index';
import { VALUES_MAX } from '../../src/engine/scenario/validate-shape';
import { defaultScenario } from '../../src/scenarios/index';

type Verdict = { ok: true } | { ok: false; lines: string[] };

const payloadOf = (json: string) => `${CODEC_TAG}.${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`;
const shareVerdict = (r: ReturnType<typeof decodePayload>): Verdict => (r.ok ? { ok: true } : { ok: false, lines: [describeProblem(r.problem)] });
const linesOf = (issues: { path: string; message: string }[]) => issues.map((i) => `${i.path}: ${i.message}`);
const thrown = (f: () => unknown): Verdict => {
  try {
    f();
    return { ok: true };
  } catch (error) {
    return { ok: false, lines: [(error as Error).message] };
  }
};

const PACK = readFileSync('public/packs/example-loyalty.brokerlab-pack.json', 'utf8');
const packFiles = (JSON.parse(PACK) as { files: Record<string, string> }).files;
const INDEX = Object.keys(packFiles).find((p) => p.endsWith('/index.md'))!;
const SCENARIO = Object.keys(packFiles).find((p) => p.endsWith('/scenario.json'))!;
/** The example pack with one file's text changed. */
const packWithFile = (path: string, text: string) => JSON.stringify({ ...JSON.parse(PACK), files: { ...packFiles, [path]: text } });
/** The example pack with a frontmatter line replaced (or added first). */
const packWithFrontmatter = (key: string, yaml: string) => {
  const text = packFiles[INDEX]!;
  const line = new RegExp(`^${key}:.*\\n(?:[ -].*\\n)*`, 'm');
  return packWithFile(INDEX, line.test(text) ? text.replace(line, `${key}: ${yaml}\n`) : text.replace(/^---\n/, `---\n${key}: ${yaml}\n`));
};

const builtinState = (extra: string) => `{"v":2,"source":{"kind":"builtin","id":"order-flow","handlers":{}},"seed":42,"faults":[],"position":0${extra}}`;
const COMPLETION = { format: 'brokerlab-completion', formatVersion: 1, name: 'Ada', pack: { id: 'example-loyalty', version: '1.0.0', digest: 'd1' }, lessons: [{ id: 'loyalty-points', files: {}, runs: [{ seed: 1, faultPlan: 'no faults', hash: 'abcdef0123456789' }] }] };
const PROGRESS = { format: 'brokerlab-progress', version: 1, learner: 'l-1', lessons: { 'why-async': { solved: true, attempts: 2 } } };
const CARD = { due: '2026-01-01T00:00:00.000Z', stability: 1, difficulty: 5, elapsed_days: 0, scheduled_days: 1, learning_steps: 0, reps: 1, lapses: 0, state: 1 };
const DRILL = { format: 'brokerlab-drill', version: 1, cards: { q1: CARD }, sessions: [] };
/** JSON text with `"§"` replaced by a raw JSON fragment (so it can hold 1e999, -0, __proto__…). */
const put = (value: object, fragment: string) => JSON.stringify(value).replace('"§"', fragment);

/** Each door: where a hostile fragment goes in it, how to read it, and the path its refusal names. */
interface Door { name: string; read: (text: string) => Verdict; at: (fragment: string) => string; path: string; valuesMax?: number; tooLongToo?: boolean }
const DOORS: Door[] = [
  { name: 'share link v2', read: (t) => shareVerdict(decodePayload(payloadOf(t))), at: (f) => builtinState('').replace('"faults":[]', `"faults":[{"type":"drop","pad":${f}}]`), path: 'faults[0].pad' },
  { name: 'share link v2 branch', read: (t) => shareVerdict(decodePayload(payloadOf(t))), at: (f) => builtinState(`,"branches":[{"name":"B","position":3,"change":{"kind":"fault","fault":{"type":"crash","service":"Inventory","atTick":5,"why":${f}}}}]`), path: 'branches[0].change.fault.why' },
  { name: 'share link v0', read: (t) => shareVerdict(decodePayload(payloadOf(t))), at: (f) => `{"version":0,"scenarioId":"order-flow","code":{},"seed":1,"faultPlan":[],"cursor":0,"note":${f}}`, path: 'note' },
  { name: '.brokerlab.json file', read: (t) => shareVerdict(stateFromFile(t)), at: (f) => builtinState('').replace('{"v":2', `{"format":"${FILE_FORMAT}","v":2`).replace('"faults":[]', `"faults":[{"type":"drop","pad":${f}}]`), path: 'faults[0].pad' },
  { name: 'pack manifest', read: (t) => { const r = parsePack(t, 'test', 'd'); return r.ok ? { ok: true } : { ok: false, lines: r.errors }; }, at: (f) => PACK.replace(/^\{/, `{"notes":${f},`), path: 'notes' },
  { name: 'pack scenario.json', read: (t) => { const r = parsePack(t, 'test', 'd'); return r.ok ? { ok: true } : { ok: false, lines: r.errors }; }, at: (f) => packWithFile(SCENARIO, packFiles[SCENARIO]!.replace(/^\{/, `{"notes":${f},`)), path: 'scenario.json', tooLongToo: true },
  { name: 'completion file', read: (t) => { const r = parseCompletion(t); return r.ok ? { ok: true } : { ok: false, lines: r.errors }; }, at: (f) => put({ ...COMPLETION, lessons: [{ ...COMPLETION.lessons[0], runs: [{ seed: '§', faultPlan: 'no faults', hash: 'abcdef01' }] }] }, f), path: 'lessons[0].runs[0].seed' },
  { name: 'progress file', read: (t) => { const issues = progressFileIssues(JSON.parse(t)); return issues.length ? { ok: false, lines: issues } : { ok: true }; }, at: (f) => put({ ...PROGRESS, lessons: { 'why-async': { solved: true, attempts: '§' } } }, f), path: 'lessons' },
  { name: 'drill in a progress file', read: (t) => thrown(() => parseDrill(JSON.parse(t))), at: (f) => put({ ...DRILL, cards: { q1: { ...CARD, extra: '§' } } }, f), path: 'cards.q1.extra' },
  { name: 'scenario (CLI file, worker)', read: (t) => { const issues = validateScenario(JSON.parse(t)); return issues.length ? { ok: false, lines: linesOf(issues) } : { ok: true }; }, at: (f) => put({ ...defaultScenario, summary: '§' }, f), path: 'summary', valuesMax: VALUES_MAX },
  { name: 'fault plan (CLI --faults)', read: (t) => { const issues = validateFaults(JSON.parse(t), 'faults', defaultScenario); return issues.length ? { ok: false, lines: linesOf(issues) } : { ok: true }; }, at: (f) => `[{"type":"crash","service":"Inventory","atTick":5,"why":${f}}]`, path: 'faults[0].why', valuesMax: VALUES_MAX },
];

const listOf = (n: number) => `[${new Array(n).fill(0).join(',')}]`;
const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
/** [shape, fragment, words the reason holds]. */
const SHAPES: Array<[string, string, RegExp]> = [
  ['nesting 100,000 levels deep', deep, /nest/i],
  ['more values than the door takes', 'VALUES', /values|too large/],
  ['a 300,000-character string', JSON.stringify('x'.repeat(300_000)), /characters|text too long/],
  ['Infinity (1e999)', '1e999', /finite/],
  ['-Infinity', '-1e999', /finite/],
  ['a __proto__ key', '{"__proto__":{"polluted":true}}', /not allowed as a key/],
  ['a constructor key', '{"constructor":{"prototype":{"polluted":true}}}', /not allowed as a key/],
  ['a prototype key', '{"prototype":{"polluted":true}}', /not allowed as a key/],
];

afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
});

describe('every door refuses hostile shapes with a path and a reason', () => {
  it.each(DOORS.map((d) => [d.name, d] as const))('%s reads its own valid input', (_name, door) => {
    expect(door.read(door.at('1'))).toEqual({ ok: true });
  });

  for (const door of DOORS) {
    // The timeout is a hang guard (a shape that spins the reader without end), not a speed
    // assertion: a refused shape took 3.0 s at load 14 on this 2-core machine.
    it.each(SHAPES)(`${door.name}: %s`, { timeout: 30_000 }, (_shape, fragment, reason) => {
      const verdict = door.read(door.at(fragment === 'VALUES' ? listOf((door.valuesMax ?? SHARE_BOUNDS.valuesMax) + 50_000) : fragment));
      expect(verdict.ok).toBe(false);
      if (verdict.ok) return;
      const text = verdict.lines.join('\n');
      // A door with a size limit of its own may refuse a big shape by its size, also with the path.
      expect(text).toMatch(door.tooLongToo ? new RegExp(`${reason.source}|characters long`, reason.flags) : reason);
      expect(text).toContain(door.path.split('.')[0]!.replace(/\[.*$/, ''));
      expect(text).not.toMatch(/^: |\n: /); // every line names where
      expect(text).not.toMatch(/Maximum call stack|is not a function|Cannot read prop|\[object Object\]/);
    });
  }
});

/** [door, input, path and reason the refusal must name]. Field by field: types, ranges, sizes, names. */
const FIELDS: Array<[string, () => Verdict, RegExp]> = [];
const link = (json: string) => () => shareVerdict(decodePayload(payloadOf(json)));
for (const seed of ['"7"', '1.5', '-1', 'null', '1e300', '4294967296']) {
  FIELDS.push(
    [`link seed ${seed}`, link(builtinState('').replace('"seed":42', `"seed":${seed}`)), /seed: must be a whole number from 0 to 4,294,967,295/],
    [`branch seed ${seed}`, link(builtinState(`,"branches":[{"name":"B","position":0,"change":{"kind":"seed","seed":${seed}}}]`)), /branches\[0\]\.change\.seed: must be a whole number/],
    [`completion run seed ${seed}`, () => { const r = parseCompletion(put({ ...COMPLETION, lessons: [{ ...COMPLETION.lessons[0], runs: [{ seed: '§', faultPlan: 'p', hash: 'abcdef01' }] }] }, seed)); return r.ok ? { ok: true } : { ok: false, lines: r.errors }; }, /lessons\[0\]\.runs\[0\]\.seed: must be a whole number/],
    [`pack seeds [${seed}]`, () => { const r = parsePack(packWithFrontmatter('seeds', `[${seed}]`), 't', 'd'); return r.ok ? { ok: true } : { ok: false, lines: r.errors }; }, /index\.md: seeds must be a list of 1 to 20 whole numbers/],
    [`scenario seeds [${seed}]`, () => { const issues = validateScenario(JSON.parse(put({ ...defaultScenario, seeds: ['§'] }, seed))); return issues.length ? { ok: false, lines: linesOf(issues) } : { ok: true }; }, /seeds\[0\]: must be an integer from 0 to 4294967295/],
  );
}
const scenarioWith = (patch: (s: Record<string, unknown>) => void) => () => {
  const s = structuredClone(defaultScenario) as unknown as Record<string, unknown>;
  patch(s);
  const issues = validateScenario(JSON.parse(JSON.stringify(s)));
  return issues.length ? { ok: false as const, lines: linesOf(issues) } : { ok: true as const };
};
type Obj = Record<string, unknown>;
const handler = (s: Obj, i: number, j: number) => ((s.services as Obj[])[i]!.handlers as Obj[])[j]!;
FIELDS.push(
  // Names that every plain object answers to: a registry lookup must find nothing.
  ['fault type "constructor"', scenarioWith((s) => { s.faults = [{ type: 'constructor' }]; }), /faults\[0\]\.type: no fault named "constructor"/],
  ['fault type "toString"', link(builtinState('').replace('"faults":[]', '"faults":[{"type":"toString"}]')), /ok|./],
  ['check "hasOwnProperty"', scenarioWith((s) => { s.checks = [{ name: 'hasOwnProperty' }]; }), /checks\[0\]\.name: no check named "hasOwnProperty"/],
  ['built-in handler "constructor"', scenarioWith((s) => { handler(s, 0, 0).code = { builtin: 'constructor' }; }), /no built-in handler named "constructor"|code/],
  ['limits.toString', scenarioWith((s) => { s.limits = { toString: 5 }; }), /limits\.toString: unknown limit/],
  ['entity broker "__proto__"', scenarioWith((s) => { (s.entities as Obj[])[0]!.broker = '__proto__'; }), /entities\[0\]\.broker: unknown broker/],
  // Wrong types in options: refused, never coerced ('11' + 300 = '11300').
  ['workload count "5"', scenarioWith((s) => { (s.workload as Obj[])[0]!.count = '5'; }), /workload\[0\]\.count: must be a positive integer/],
  ['fault atTick "11"', scenarioWith((s) => { s.faults = [{ type: 'crash', service: 'Inventory', atTick: '11' }]; }), /faults\[0\]\.atTick: must be an integer/],
  ['handler concurrency "2"', scenarioWith((s) => { handler(s, 1, 0).concurrency = '2'; }), /services\[1\]\.handlers\[0\]\.concurrency: must be a positive integer/],
  ['generic consumer option prefetchCount "11"', scenarioWith((s) => { handler(s, 1, 0).options = { prefetchCount: '11' }; }), /services\[1\]\.handlers\[0\]\.options\.prefetchCount: is not an option here/],
  ['limits.eventsMax "5"', scenarioWith((s) => { s.limits = { eventsMax: '5' }; }), /limits\.eventsMax: must be a positive integer/],
  // What a link may ask for.
  ['a traffic spike of 800,000 in a branch', link(builtinState(`,"branches":[{"name":"B","position":0,"change":{"kind":"fault","fault":{"type":"traffic-spike","service":"Ordering","handler":"PlaceOrder","atTick":0,"count":800000}}}]`)), /branches\[0\]\.change\.fault\.count: asks for 800,000 extra requests/],
  ['five branches', link(builtinState(`,"branches":[${new Array(5).fill(0).map((_, i) => `{"name":"B${i}","position":0,"change":{"kind":"seed","seed":${i}}}`).join(',')}]`)), /branches: holds 5 branches, at most 4/],
  ['a branch with an unknown field', link(builtinState(`,"branches":[{"name":"B","position":0,"change":{"kind":"seed","seed":1},"run":"now"}]`)), /branches\[0\]\.run: is not a field of a branch/],
  ['a branch position of 1e300', link(builtinState(`,"branches":[{"name":"B","position":1e300,"change":{"kind":"seed","seed":1}}]`)), /branches\[0\]\.position: must be a position/],
  ['an unknown field in a link', link(builtinState(',"evil":1')), /evil: is not a field of a shared run/],
  ['101 faults in a link', link(builtinState('').replace('"faults":[]', `"faults":[${new Array(101).fill('{"type":"drop"}').join(',')}]`)), /faults: holds 101 faults, at most 100/],
  ['a pack with 21 fault plans', () => { const r = parsePack(packWithFrontmatter('faultPlans', `[${new Array(21).fill(0).map((_, i) => `{ name: p${i}, faults: [] }`).join(', ')}]`), 't', 'd'); return r.ok ? { ok: true } : { ok: false, lines: r.errors }; }, /faultPlans must be a list of 1 to 20/],
  ['a pack demo seed of 1e300', () => { const r = parsePack(packWithFrontmatter('demos', '[{ label: x, seed: 1e300 }]'), 't', 'd'); return r.ok ? { ok: true } : { ok: false, lines: r.errors }; }, /demos\[0\]\.seed must be a whole number/],
  ['pack frontmatter .nan', () => { const r = parsePack(packWithFrontmatter('extra', '.nan'), 't', 'd'); return r.ok ? { ok: true } : { ok: false, lines: r.errors }; }, /frontmatter extra: must be a finite number, got NaN/],
  ['pack frontmatter __proto__', () => { const r = parsePack(packWithFrontmatter('__proto__', '{ title: x }'), 't', 'd'); return r.ok ? { ok: true } : { ok: false, lines: r.errors }; }, /frontmatter __proto__: is not allowed as a key/],
  ['pack frontmatter nesting 30,000 deep', () => { const r = parsePack(packWithFrontmatter('extra', `${'['.repeat(30_000)}${']'.repeat(30_000)}`), 't', 'd'); return r.ok ? { ok: true } : { ok: false, lines: r.errors }; }, /index\.md: frontmatter nests too deeply/],
  ['pack part.md that is not YAML', () => { const r = parsePack(packWithFile('01-basics/part.md', '---\ntitle: [\n---\n'), 't', 'd'); return r.ok ? { ok: true } : { ok: false, lines: r.errors }; }, /part\.md: frontmatter is not valid YAML/],
  ['a completion file with an unknown field', () => { const r = parseCompletion(JSON.stringify({ ...COMPLETION, evil: 1 })); return r.ok ? { ok: true } : { ok: false, lines: r.errors }; }, /evil: is not a field of a completion file/],
  ['a completion file with 31 lessons', () => { const r = parseCompletion(JSON.stringify({ ...COMPLETION, lessons: new Array(31).fill(COMPLETION.lessons[0]) })); return r.ok ? { ok: true } : { ok: false, lines: r.errors }; }, /"lessons" holds 31 entries/],
  ['progress solved: "yes"', () => ({ ok: false, lines: progressFileIssues({ ...PROGRESS, lessons: { a: { solved: 'yes' } } }) }), /lessons\["a"\]\.solved: must be true or false, got "yes"/],
  ['progress attempts 1.5', () => ({ ok: false, lines: progressFileIssues({ ...PROGRESS, lessons: { a: { attempts: 1.5 } } }) }), /lessons\["a"\]\.attempts: must be a whole number/],
  ['progress code of a number', () => ({ ok: false, lines: progressFileIssues({ ...PROGRESS, lessons: { a: { code: { 'x.ts': 5 } } } }) }), /lessons\["a"\]\.code: must be a map of file names to code/],
  ['progress with an unknown field', () => ({ ok: false, lines: progressFileIssues({ ...PROGRESS, lessons: { a: { evil: 1 } } }) }), /lessons\["a"\]\.evil: is not a field/],
  ['drill reps 1.5', () => thrown(() => parseDrill({ ...DRILL, cards: { q1: { ...CARD, reps: 1.5 } } })), /cards\["q1"\]\.reps: expected a whole number/],
  ['drill stability 1e300', () => thrown(() => parseDrill({ ...DRILL, cards: { q1: { ...CARD, stability: 1e300 } } })), /cards\["q1"\]\.stability: expected a number from 0/],
  ['drill due "1"', () => thrown(() => parseDrill({ ...DRILL, cards: { q1: { ...CARD, due: '1' } } })), /cards\["q1"\]\.due: expected a date/],
);
for (const [query, path] of [['?seed=1.5', 'seed'], ['?seed=-1', 'seed'], ['?seed=1e300', 'seed'], ['?step=abc', 'step'], ['?step=-1', 'step'], ['?interval=99999999999', 'interval'], ['?interval=5', 'interval'], ['?theme=purple', 'theme'], ['?autoplay=maybe', 'autoplay'], ['?controls=nah', 'controls'], ['?allowedOrigin=javascript:alert(1)', 'allowedOrigin']] as const) {
  FIELDS.push([`embed ${query}`, () => ({ ok: false, lines: linesOf(readEmbedOptions(query).problems) }), new RegExp(`^${path}: must`)]);
}

describe('every door checks each field by type, range and size', () => {
  it.each(FIELDS.filter(([name]) => name !== 'fault type "toString"'))('%s', (_name, read, reason) => {
    const verdict = read();
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.lines.join('\n')).toMatch(reason);
  });

  it('a link with fault type "toString" passes the link reader and is refused by the engine with its path', () => {
    expect(validateFaults([{ type: 'toString' }], 'faults', defaultScenario)).toEqual([{ path: 'faults[0].type', message: expect.stringMatching(/no fault named "toString"/) }]);
  });

  it('reads valid embed options and commands, and ignores commands of the wrong shape', () => {
    expect(readEmbedOptions('?step=3&interval=800&autoplay=1&controls=0&theme=dark').problems).toEqual([]);
    for (const data of [{ type: 'goto', position: '5' }, { type: 'goto', position: Number.NaN }, { type: 'constructor' }, { type: '__proto__' }, { command: 'toString' }, 42, null, ['next']]) expect(parseCommand(data), JSON.stringify(data)).toBeNull();
    expect(parseCommand({ type: 'goto', position: 2.7 })).toEqual({ type: 'goto', position: 2 });
  });

  it('-0 is the seed 0: the same run and hash (JSON keeps the minus sign, the seed streams do not)', () => {
    const state = decodePayload(payloadOf(builtinState('').replace('"seed":42', '"seed":-0')));
    expect(state.ok).toBe(true);
    if (state.ok) expect(Object.is(state.value.seed, -0)).toBe(true);
    expect(runScenario(defaultScenario, { seed: -0 }).hash).toBe(runScenario(defaultScenario, { seed: 0 }).hash);
  });
});
