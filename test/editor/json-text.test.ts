// The scenario editor's JSON pane puts each validation issue on the text its path names and a
// syntax error on its line (src/ui/scenario-editor/json-text.ts).
import { describe, expect, it } from 'vitest';
import { jsonSyntaxError, pathSegments, rangeOfPath } from '../../src/ui/scenario-editor/json-text';
import { validateScenario } from '../../src/engine/index';
import { builtinScenarios } from '../../src/scenarios/index';

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('scenario JSON text', () => {
  it('splits engine paths into segments', () => {
    expect(pathSegments('services[1].handlers[0].consumes')).toEqual(['services', 1, 'handlers', 0, 'consumes']);
    expect(pathSegments('')).toEqual([]);
    expect(pathSegments('checks[2].options.key')).toEqual(['checks', 2, 'options', 'key']);
  });

  it('puts every issue of a broken built-in on the line that holds the wrong value', () => {
    const s = JSON.parse(JSON.stringify(builtinScenarios[0])) as { services: { handlers: { consumes?: string }[] }[] };
    const h = s.services.flatMap((svc) => svc.handlers).find((x) => typeof x.consumes === 'string')!;
    h.consumes = 'no-such-queue';
    const text = JSON.stringify(s, null, 2);
    const issues = validateScenario(s);
    expect(issues.length).toBeGreaterThan(0);
    const at = issues.map((i) => rangeOfPath(text, i.path));
    expect(at.some((r) => r?.startLine === lineOf(text, '"no-such-queue"'))).toBe(true);
  });

  it('a missing field is shown on the object that lacks it', () => {
    const text = '{\n  "services": [\n    { "name": "A", "handlers": [] }\n  ]\n}';
    expect(rangeOfPath(text, 'services[0].nothing')).toMatchObject({ startLine: 3 });
    expect(rangeOfPath(text, 'services[0].name')).toMatchObject({ startLine: 3, startColumn: 7, endLine: 3, endColumn: 18 });
    expect(rangeOfPath(text, 'title')).toMatchObject({ startLine: 1, startColumn: 1 });
  });

  it('names the line and column of the first syntax error, and none in valid JSON', () => {
    expect(jsonSyntaxError('{\n  "a": 1\n}')).toBeNull();
    const e = jsonSyntaxError('{\n  "a": 1,\n  "b": \n}');
    expect(e).toMatchObject({ startLine: 4, startColumn: 1 });
    expect(e!.message).toMatch(/value expected at line 4, column 1/);
    expect(jsonSyntaxError('{ "a": 1, }')!.message).toMatch(/line 1/);
  });
});
