// "In real code": every lesson's snippets parse in their own language (C# and Java with the
// tree-sitter grammars, TypeScript with the TypeScript compiler), and the numbers they set are
// the numbers of the lesson's reference solution, read here straight from the resolved scenario
// and the solution's handler options — found in the parse tree where each tool takes them
// (MassTransit's ConcurrentMessageLimit, the SDK's MaxConcurrentCalls, Spring's concurrency and
// attempts, the Node client's maxConcurrentCalls / prefetch / partitionsConsumedConcurrently…).

import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import ts from 'typescript';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { realCodeFor } from '../../src/content/real-code/index';
import { declaredOptions, retryLimit, type ConsumerSettings } from '../../src/content/real-code/settings';

const require = createRequire(import.meta.url);
const { course } = await loadCourseFromDisk();
let csharp: Parser;
let java: Parser;

beforeAll(async () => {
  await Parser.init();
  csharp = new Parser();
  csharp.setLanguage(await Language.load(require.resolve('tree-sitter-c-sharp/tree-sitter-c_sharp.wasm')));
  java = new Parser();
  java.setLanguage(await Language.load(require.resolve('tree-sitter-java/tree-sitter-java.wasm')));
});

function nodes(root: Node, type: string): Node[] {
  return root.descendantsOfType(type).filter((n): n is Node => n !== null);
}

function firstError(root: Node): string | null {
  const bad = [...nodes(root, 'ERROR'), ...root.descendantsOfType('MISSING').filter((n): n is Node => n !== null)];
  if (!root.hasError) return null;
  const n = bad[0] ?? root;
  return `${n.type} at ${n.startPosition.row + 1}:${n.startPosition.column + 1}: ${n.text.slice(0, 80)}`;
}

/** C#: the values assigned to `Name = …` (object initialisers and assignments). */
function csAssigned(root: Node, name: string): string[] {
  return nodes(root, 'assignment_expression').filter((n) => n.childForFieldName('left')?.text.split('.').pop() === name).map((n) => n.childForFieldName('right')!.text);
}

/** Java: the values of `name = …` inside annotations. */
function javaElement(root: Node, name: string): string[] {
  return nodes(root, 'element_value_pair').filter((n) => n.childForFieldName('key')?.text === name).map((n) => n.childForFieldName('value')!.text);
}

function tsParseErrors(code: string): string[] {
  const out = ts.transpileModule(code, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** The solution's consumers read independently of the generator: the scenario plus declared options. */
function expectedConsumers(lesson: (typeof course.lessons)[number]): { handler: string; concurrency: number; maxDeliveryCount?: number; retriesMax?: number }[] {
  const out: { handler: string; concurrency: number; maxDeliveryCount?: number; retriesMax?: number }[] = [];
  const scenario = lesson.scenarios.default!;
  for (const svc of scenario.services) {
    for (const h of svc.handlers) {
      if (!h.consumes) continue;
      const file = 'file' in h.code ? (h.code as { file: string }).file : undefined;
      const source = file ? (lesson.solution[file] ?? lesson.starter[file] ?? '') : '';
      const declared = declaredOptions(source) as { concurrency?: number; retry?: { kind: string; limit?: number; intervalsTicks?: number[] } };
      const entity = scenario.entities.find((e) => e.name === h.consumes || h.consumes!.startsWith(`${e.name}/`));
      const retry = declared.retry ?? (h.retry as { kind: string; limit?: number; intervalsTicks?: number[] } | undefined);
      out.push({
        handler: h.name,
        concurrency: declared.concurrency ?? h.concurrency ?? 1,
        ...(typeof entity?.maxDeliveryCount === 'number' ? { maxDeliveryCount: entity.maxDeliveryCount } : {}),
        ...(retry && retry.kind !== 'none' ? { retriesMax: retry.kind === 'intervals' ? (retry.intervalsTicks ?? []).length : (retry.limit ?? 0) } : {}),
      });
    }
  }
  return out;
}

describe('In real code', () => {
  it('reads options declared in code as literals, never by running them', () => {
    expect(declaredOptions("import { defineHandler } from 'brokerlab';\nexport default defineHandler('X', async (m: { body: unknown }, ctx) => {}, { concurrency: 4, retry: { kind: 'intervals', intervalsTicks: [100, 2_000] }, circuitBreaker: { tripThreshold: 3, resetAfterTicks: -1 } });"))
      .toEqual({ concurrency: 4, retry: { kind: 'intervals', intervalsTicks: [100, 2000] }, circuitBreaker: { tripThreshold: 3, resetAfterTicks: -1 } });
    expect(declaredOptions('defineHandler("X", f, { concurrency: compute() })')).toEqual({ concurrency: undefined });
    expect(declaredOptions('this is not code {')).toEqual({});
  });

  for (const lesson of course.lessons) {
    it(`${lesson.id}: four snippets that parse, with the solution's numbers`, () => {
      const real = realCodeFor(lesson);
      const expected = expectedConsumers(lesson);
      if (expected.length === 0) {
        expect(real).toBeNull();
        return;
      }
      expect(real).not.toBeNull();
      const byTool = Object.fromEntries(real!.snippets.map((s) => [s.tool, s]));
      expect(Object.keys(byTool)).toEqual(['MassTransit', 'Azure Service Bus SDK', 'Spring Kafka', 'Node']);

      const mt = csharp.parse(byTool.MassTransit!.code)!.rootNode;
      const sdk = csharp.parse(byTool['Azure Service Bus SDK']!.code)!.rootNode;
      const spring = java.parse(byTool['Spring Kafka']!.code)!.rootNode;
      expect(firstError(mt), byTool.MassTransit!.code).toBeNull();
      expect(firstError(sdk), byTool['Azure Service Bus SDK']!.code).toBeNull();
      expect(firstError(spring), byTool['Spring Kafka']!.code).toBeNull();
      expect(tsParseErrors(byTool.Node!.code), byTool.Node!.code).toEqual([]);

      // Concurrency per consumer, in the order of the scenario, as each tool takes it.
      const concurrency = expected.map((c) => String(c.concurrency));
      expect(csAssigned(mt, 'ConcurrentMessageLimit')).toEqual(concurrency);
      expect(csAssigned(sdk, 'MaxConcurrentCalls').concat(csAssigned(sdk, 'MaxConcurrentSessions'))).toEqual(expect.arrayContaining(concurrency));
      expect(csAssigned(sdk, 'MaxConcurrentCalls').length + csAssigned(sdk, 'MaxConcurrentSessions').length).toBe(expected.length);
      expect(javaElement(spring, 'concurrency')).toEqual(concurrency.map((c) => `"${c}"`));
      const nodeCode = byTool.Node!.code;
      for (const c of expected) expect(nodeCode).toMatch(new RegExp(`(maxConcurrentCalls: |prefetch\\(|partitionsConsumedConcurrently: )${c.concurrency}\\b`));

      // Delivery limits where the scenario sets them.
      const limits = expected.filter((c) => c.maxDeliveryCount !== undefined).map((c) => String(c.maxDeliveryCount));
      expect(csAssigned(sdk, 'MaxDeliveryCount')).toEqual(limits);

      // Retries: MassTransit's first argument or interval count, the SDK's guard, Spring's attempts (+1), Node's retriesMax.
      const retrying = expected.filter((c) => c.retriesMax !== undefined);
      expect(nodes(sdk, 'catch_filter_clause').map((n) => n.text.match(/attempt <= (\d+)/)?.[1])).toEqual(retrying.map((c) => String(c.retriesMax)));
      expect(javaElement(spring, 'attempts').length).toBe(real!.consumers.filter((c) => c.retry || c.redelivery).length);
      for (const c of retrying) expect(nodeCode).toContain(`retriesMax: ${c.retriesMax}`);
      const mtRetry = nodes(mt, 'invocation_expression').filter((n) => /^r\.(Immediate|Interval|Incremental|Exponential|Intervals)$/.test(n.childForFieldName('function')?.text ?? ''));
      expect(mtRetry.length).toBe(real!.consumers.filter((c) => c.retry).length + real!.consumers.filter((c) => c.redelivery).length);
      for (const c of real!.consumers.filter((x) => x.retry && x.retry.kind !== 'intervals')) {
        expect(mtRetry.some((n) => n.childForFieldName('arguments')?.namedChildren[0]?.text === String(retryLimit(c.retry!)))).toBe(true);
      }
    });
  }

  it('shows every concept the solutions use somewhere in the course', () => {
    const all = course.lessons.map((l) => realCodeFor(l)).filter((r): r is NonNullable<typeof r> => r !== null);
    const consumers: ConsumerSettings[] = all.flatMap((r) => r.consumers);
    expect(all.length).toBeGreaterThanOrEqual(15);
    expect(consumers.some((c) => c.retry)).toBe(true);
    expect(consumers.some((c) => c.circuitBreaker)).toBe(true);
    expect(consumers.some((c) => c.usesInbox)).toBe(true);
    expect(all.some((r) => r.snippets[0]!.code.includes('UseBusOutbox'))).toBe(true);
    expect(consumers.some((c) => c.broker === 'kafka')).toBe(true);
  });
});
