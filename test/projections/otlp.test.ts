// The OpenTelemetry export: the OTLP/JSON document of a run, read back as a tracing backend
// would read it. Every span's trace and parent exist; a message's processing spans are children
// of its producer span, and a publish is the child of the attempt that made it, so the spans
// follow the messages' causation; redeliveries are sibling spans; a crash ends its spans with an
// error; the observability lesson's broken correlation shows as two traces (the starter) and
// one trace with a link to the batch (the solution); the export is byte-identical run to run.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runScenario, type FaultSpec } from '../../src/engine/index';
import { builtinScenarios } from '../../src/scenarios/index';
import { traceToOtlpJson, OTLP_EPOCH_SECONDS } from '../../src/projections/otlp';
import { systemsOf } from '../../src/projections/spans';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { resolveScenario, solutionFiles } from '../../src/content/resolve';

interface OtlpValue { stringValue?: string; intValue?: number | string; boolValue?: boolean }
interface OtlpSpan {
  traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number;
  startTimeUnixNano: string; endTimeUnixNano: string;
  attributes: { key: string; value: OtlpValue }[];
  events: { name: string; timeUnixNano: string; attributes: { key: string; value: OtlpValue }[] }[];
  links: { traceId: string; spanId: string }[];
  status: { code?: number; message?: string };
}
interface Doc { resourceSpans: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[] }[] }
interface Read extends OtlpSpan { service: string; attr: Record<string, string | number | boolean> }

const KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };

/** Reads an OTLP/JSON document into a flat list of spans with their service and attributes. */
function read(json: string): Read[] {
  const doc = JSON.parse(json) as Doc;
  const out: Read[] = [];
  for (const rs of doc.resourceSpans) {
    const service = rs.resource.attributes.find((a) => a.key === 'service.name')!.value.stringValue!;
    for (const ss of rs.scopeSpans) {
      for (const s of ss.spans) {
        const attr: Read['attr'] = {};
        for (const a of s.attributes) attr[a.key] = a.value.stringValue ?? (a.value.intValue !== undefined ? Number(a.value.intValue) : a.value.boolValue!);
        out.push({ ...s, service, attr });
      }
    }
  }
  return out;
}

function wellFormed(spans: Read[]): string[] {
  const problems: string[] = [];
  const byId = new Map<string, Read>();
  for (const s of spans) {
    if (!/^[0-9a-f]{32}$/.test(s.traceId) || /^0+$/.test(s.traceId)) problems.push(`${s.name}: trace id ${s.traceId}`);
    if (!/^[0-9a-f]{16}$/.test(s.spanId) || /^0+$/.test(s.spanId)) problems.push(`${s.name}: span id ${s.spanId}`);
    if (byId.has(s.spanId)) problems.push(`${s.name}: span id ${s.spanId} twice`);
    byId.set(s.spanId, s);
    if (!(s.kind >= 1 && s.kind <= 5)) problems.push(`${s.name}: kind ${s.kind}`);
    if (BigInt(s.endTimeUnixNano) < BigInt(s.startTimeUnixNano)) problems.push(`${s.name}: ends before it starts`);
    if (BigInt(s.startTimeUnixNano) < BigInt(OTLP_EPOCH_SECONDS) * 1_000_000_000n) problems.push(`${s.name}: starts before the epoch`);
  }
  for (const s of spans) {
    if (!s.parentSpanId) continue;
    const parent = byId.get(s.parentSpanId);
    if (!parent) problems.push(`${s.name} (${s.spanId}): parent ${s.parentSpanId} missing`);
    else if (parent.traceId !== s.traceId) problems.push(`${s.name}: parent in another trace`);
    for (const l of s.links) if (!byId.has(l.spanId)) problems.push(`${s.name}: link to a missing span`);
  }
  return problems;
}

const orderFlow = builtinScenarios.find((s) => s.id === 'order-flow')!;

describe('OTLP export', () => {
  it('every built-in scenario exports spans whose traces, parents and links exist, one resource per service', () => {
    for (const scenario of builtinScenarios) {
      const result = runScenario(scenario);
      const spans = read(traceToOtlpJson(result.trace, { systemOf: systemsOf(scenario) }));
      expect(spans.length, scenario.id).toBeGreaterThan(0);
      expect(wellFormed(spans), scenario.id).toEqual([]);
      const services = new Set(spans.map((s) => s.service));
      for (const svc of scenario.services) if (result.trace.some((e) => e.kind === 'handler.started' && e.data.service === svc.name)) expect(services, scenario.id).toContain(svc.name);
    }
  });

  it('publish → process → publish follows the causation of the messages', () => {
    const result = runScenario(orderFlow, { seed: 6 });
    const spans = read(traceToOtlpJson(result.trace));
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const published = new Map(result.trace.filter((e) => e.kind === 'message.published').map((e) => [e.messageId!, e]));
    const consumers = spans.filter((s) => s.kind === KIND.consumer);
    expect(consumers.length).toBe(result.trace.filter((e) => e.kind === 'handler.started' && e.deliveryId).length);
    for (const c of consumers) {
      const parent = byId.get(c.parentSpanId!)!;
      expect(parent.kind).toBe(KIND.producer);
      expect(parent.attr['messaging.message.id']).toBe(c.attr['messaging.message.id']);
      expect(c.attr['messaging.operation.type']).toBe('process');
    }
    for (const p of spans.filter((s) => s.kind === KIND.producer)) {
      const cause = published.get(String(p.attr['messaging.message.id']))!.causationId!;
      const parent = byId.get(p.parentSpanId!)!;
      expect([KIND.consumer, KIND.server]).toContain(parent.kind);
      expect(parent.attr['messaging.message.id']).toBe(cause);
      expect(p.attr['messaging.destination.name']).toBe(published.get(String(p.attr['messaging.message.id']))!.data.destination);
    }
    // One trace per request: each workload request is the root of its own trace.
    const roots = spans.filter((s) => !s.parentSpanId);
    expect(roots.every((r) => r.kind === KIND.client && r.service === 'Workload')).toBe(true);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(roots.length);
  });

  it('redeliveries are sibling spans; the last carries the dead letter', () => {
    const spans = read(traceToOtlpJson(runScenario(orderFlow, { seed: 6 }).trace));
    const bad = spans.filter((s) => s.kind === KIND.consumer && s.events.some((e) => e.name === 'exception') && s.attr['messaging.destination.name'] === 'orders');
    const maxDeliveryCount = orderFlow.entities.find((e) => e.name === 'orders')!.maxDeliveryCount as number;
    expect(bad).toHaveLength(maxDeliveryCount);
    expect(new Set(bad.map((s) => s.parentSpanId)).size).toBe(1);
    expect(bad.map((s) => s.attr['brokerlab.delivery_count'])).toEqual(Array.from({ length: maxDeliveryCount }, (_, i) => i + 1));
    expect(bad.every((s) => s.status.code === 2)).toBe(true);
    expect(bad.at(-1)!.events.map((e) => e.name)).toContain('message.dead-lettered');
    expect(bad.slice(0, -1).some((s) => s.events.some((e) => e.name === 'message.dead-lettered'))).toBe(false);
  });

  it('a crash ends the spans it interrupts with an error and a crash event', () => {
    const crash = { type: 'crash', service: 'Inventory', atTick: 20, restartAfterTicks: 500 } as FaultSpec;
    const result = runScenario(orderFlow, { seed: 6, faults: [crash] });
    const crashed = result.trace.find((e) => e.kind === 'service.crashed')!;
    const spans = read(traceToOtlpJson(result.trace));
    const cut = spans.filter((s) => s.events.some((e) => e.name === 'service.crashed'));
    expect(cut.length).toBeGreaterThan(0);
    for (const s of cut) {
      expect(s.service).toBe('Inventory');
      expect(s.status).toMatchObject({ code: 2, message: 'the process crashed' });
      expect(BigInt(s.endTimeUnixNano)).toBe(BigInt(OTLP_EPOCH_SECONDS) * 1_000_000_000n + BigInt(crashed.tick) * 1_000_000n);
    }
    expect(wellFormed(spans)).toEqual([]);
  });

  it('the observability lesson: the starter breaks order-4 into two traces, the solution keeps one and links the batch', async () => {
    const { course } = await loadCourseFromDisk();
    const lesson = course.lessons.find((l) => l.id === 'observability')!;
    const traceOfOrder4 = (files: Record<string, string>) => {
      const result = runScenario(resolveScenario(lesson, files), { seed: 1 });
      const spans = read(traceToOtlpJson(result.trace));
      expect(wellFormed(spans)).toEqual([]);
      const request = spans.find((s) => s.kind === KIND.client && s.attr['brokerlab.request.id'] === result.trace.find((e) => e.kind === 'request.received' && e.correlationId === 'c-4')!.messageId)!;
      const deadLetter = spans.find((s) => s.events.some((e) => e.name === 'message.dead-lettered'))!;
      const producer = spans.find((s) => s.spanId === deadLetter.parentSpanId)!;
      return { request, deadLetter, producer };
    };
    const starter = traceOfOrder4(lesson.starter);
    expect(starter.deadLetter.traceId).not.toBe(starter.request.traceId);
    expect(starter.producer.links).toEqual([]);
    const solution = traceOfOrder4(solutionFiles(lesson));
    expect(solution.deadLetter.traceId).toBe(solution.request.traceId);
    expect(solution.producer.links).toHaveLength(1);
    expect(solution.producer.links[0]!.traceId).not.toBe(solution.request.traceId);
  }, 60_000);

  it('is deterministic: the same run exports the same bytes, a range keeps the spans it overlaps', () => {
    const a = traceToOtlpJson(runScenario(orderFlow, { seed: 7 }).trace);
    const b = traceToOtlpJson(runScenario(orderFlow, { seed: 7 }).trace);
    expect(a).toBe(b);
    const trace = runScenario(orderFlow, { seed: 7 }).trace;
    const some = read(traceToOtlpJson(trace, { range: { fromSeq: 0, toSeq: 10 } }));
    expect(some.length).toBeGreaterThan(0);
    expect(some.length).toBeLessThan(read(a).length);
    expect(some.every((s) => Number(s.attr['brokerlab.seq.start']) <= 10)).toBe(true);
  });

  it('the CLI prints the whole document through a pipe (--format otlp)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', 'order-flow', '--format', 'otlp', '--seed', '6'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(65_536);
    expect(r.stdout.trim()).toBe(traceToOtlpJson(runScenario(orderFlow, { seed: 6 }).trace, { systemOf: systemsOf(orderFlow) }));
  }, 60_000);
});
