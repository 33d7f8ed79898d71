// OpenTelemetry export: a run's spans (projections/spans.ts) as an OTLP/JSON trace document —
// the shape OTLP/HTTP with JSON and the Collector's file exporter use — so a learner can open a
// simulated run in the tools they use at work (Jaeger, the Aspire dashboard, any OTLP backend).
// The wire format is OpenTelemetry's own serializer (@opentelemetry/otlp-transformer), fed with
// read-only spans; one resource per service. Times are virtual: tick t is EPOCH + t ms, so the
// same run always exports the same bytes. Loaded on demand by the UI (it is not small).

import { SpanKind, SpanStatusCode, type Attributes, type HrTime } from '@opentelemetry/api';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { TraceEvent } from '../engine/trace/types';
import { spansOf, type Span, type SpanOptions } from './spans';

// The serializer hands back UTF-8 bytes. TextDecoder (WHATWG Encoding) exists in Node and every
// browser and is deterministic; the pure core's type library (ES2022 only) just does not name it.
declare const TextDecoder: { new (): { decode(bytes: Uint8Array): string } };

/** Virtual time zero: 2025-01-01T00:00:00Z, in seconds since the Unix epoch. */
export const OTLP_EPOCH_SECONDS = 1_735_689_600;

const KIND: Record<Span['kind'], SpanKind> = {
  internal: SpanKind.INTERNAL, server: SpanKind.SERVER, client: SpanKind.CLIENT, producer: SpanKind.PRODUCER, consumer: SpanKind.CONSUMER,
};
const STATUS: Record<Span['status'], SpanStatusCode> = { ok: SpanStatusCode.OK, error: SpanStatusCode.ERROR, unset: SpanStatusCode.UNSET };
const SCOPE = { name: 'brokerlab', version: '1' };

export function hrTimeOf(tick: number): HrTime {
  const whole = Math.floor(tick / 1000);
  return [OTLP_EPOCH_SECONDS + whole, (tick - whole * 1000) * 1_000_000];
}

export interface OtlpOptions extends SpanOptions {
  /** Resource attributes every service gets (scenario id, seed). */
  resource?: Attributes;
  /** Only spans that overlap this range of trace positions (inclusive), e.g. the cursor's range. */
  range?: { fromSeq: number; toSeq: number };
}

/** Our spans as the SDK's read-only spans, one Resource object per service. */
export function readableSpans(spans: readonly Span[], resource: Attributes = {}): ReadableSpan[] {
  const resources = new Map<string, Resource>();
  const resourceOf = (service: string) => {
    let r = resources.get(service);
    if (!r) resources.set(service, (r = resourceFromAttributes({ 'service.name': service, 'service.namespace': 'brokerlab', ...resource })));
    return r;
  };
  return spans.map((s): ReadableSpan => {
    const startTime = hrTimeOf(s.startTick);
    const endTime = hrTimeOf(Math.max(s.endTick, s.startTick));
    const context = { traceId: s.traceId, spanId: s.spanId, traceFlags: 1 };
    return {
      name: s.name,
      kind: KIND[s.kind],
      spanContext: () => context,
      ...(s.parentSpanId ? { parentSpanContext: { traceId: s.traceId, spanId: s.parentSpanId, traceFlags: 1 } } : {}),
      startTime,
      endTime,
      duration: hrTimeOf(Math.max(s.endTick, s.startTick) - s.startTick).map((v, i) => (i === 0 ? v - OTLP_EPOCH_SECONDS : v)) as HrTime,
      status: { code: STATUS[s.status], ...(s.statusMessage ? { message: s.statusMessage } : {}) },
      attributes: { ...s.attributes, 'brokerlab.seq.start': s.startSeq, 'brokerlab.seq.end': s.endSeq },
      links: s.links.map((l) => ({ context: { traceId: l.traceId, spanId: l.spanId, traceFlags: 1 }, attributes: { 'brokerlab.relation': l.relation } })),
      events: s.events.map((e) => ({ name: e.name, time: hrTimeOf(e.tick), attributes: { ...e.attributes, 'brokerlab.seq': e.seq } })),
      ended: true,
      resource: resourceOf(s.service),
      instrumentationScope: SCOPE,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  });
}

/** The OTLP/JSON document (ExportTraceServiceRequest) of a run, as text. */
export function traceToOtlpJson(trace: readonly TraceEvent[], options: OtlpOptions = {}): string {
  let spans = spansOf(trace, options);
  if (options.range) {
    const { fromSeq, toSeq } = options.range;
    spans = spans.filter((s) => s.startSeq <= toSeq && s.endSeq >= fromSeq);
  }
  const started = trace.find((e) => e.kind === 'run.started');
  const resource: Attributes = {
    ...(started?.kind === 'run.started' ? { 'brokerlab.scenario': started.data.scenario, 'brokerlab.seed': started.data.seed } : {}),
    ...options.resource,
  };
  const bytes = JsonTraceSerializer.serializeRequest(readableSpans(spans, resource));
  if (!bytes) throw new Error('the OpenTelemetry serializer produced nothing');
  return new TextDecoder().decode(bytes);
}
