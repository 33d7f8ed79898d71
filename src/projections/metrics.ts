// Metrics as time series: the trace cut into equal buckets of virtual time, and per bucket the
// queue length (ready + in flight, all entities), the mean age of messages when handed to a
// consumer, handler successes and failures per second, retries and redeliveries, and the depth
// of the dead-letter queues. A pure fold over the trace, computed once per run; the playground
// shows the buckets up to the cursor.

import type { TraceEvent } from '../engine/trace/types';

export interface MetricSeries {
  bucketTicks: number;
  /** Start tick of each bucket. */
  ticks: number[];
  queueLength: number[];
  messageAgeTicks: number[];
  successesPerSecond: number[];
  failuresPerSecond: number[];
  retries: number[];
  dlqDepth: number[];
}

export const METRIC_NAMES = ['queueLength', 'messageAgeTicks', 'successesPerSecond', 'failuresPerSecond', 'retries', 'dlqDepth'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export const METRIC_TITLES: Record<MetricName, string> = {
  queueLength: 'Queue length',
  messageAgeTicks: 'Message age at delivery (ms)',
  successesPerSecond: 'Successes / s',
  failuresPerSecond: 'Failures / s',
  retries: 'Retries & redeliveries',
  dlqDepth: 'DLQ depth',
};

/** A bucket size giving at most `bucketsMax` buckets, rounded to 1, 2 or 5 × 10^k ms. */
export function bucketTicksFor(endTick: number, bucketsMax = 120): number {
  const raw = Math.max(1, Math.ceil((endTick + 1) / bucketsMax));
  for (let p = 1; ; p *= 10) {
    for (const m of [1, 2, 5]) if (m * p >= raw) return m * p;
  }
}

export function metricSeries(trace: readonly TraceEvent[], bucketTicks = bucketTicksFor(trace.at(-1)?.tick ?? 0)): MetricSeries {
  const endTick = trace.at(-1)?.tick ?? 0;
  const n = Math.floor(endTick / bucketTicks) + 1;
  const s: MetricSeries = {
    bucketTicks, ticks: Array.from({ length: n }, (_, i) => i * bucketTicks),
    queueLength: new Array<number>(n).fill(0), messageAgeTicks: new Array<number>(n).fill(0),
    successesPerSecond: new Array<number>(n).fill(0), failuresPerSecond: new Array<number>(n).fill(0),
    retries: new Array<number>(n).fill(0), dlqDepth: new Array<number>(n).fill(0),
  };
  const enqueuedAt = new Map<string, number>();
  const ageSum = new Array<number>(n).fill(0);
  const ageCount = new Array<number>(n).fill(0);
  let queued = 0;
  let dlq = 0;
  let bucket = 0;
  const perSecond = 1000 / bucketTicks;
  for (const e of trace) {
    const b = Math.floor(e.tick / bucketTicks);
    // Carry levels into the buckets we skipped over.
    while (bucket < b) {
      s.queueLength[bucket] = Math.max(s.queueLength[bucket]!, queued);
      s.dlqDepth[bucket] = dlq;
      bucket++;
    }
    switch (e.kind) {
      case 'message.enqueued':
        queued++;
        if (e.messageId && !enqueuedAt.has(e.messageId)) enqueuedAt.set(e.messageId, e.tick);
        break;
      case 'message.delivered': {
        const at = e.messageId ? enqueuedAt.get(e.messageId) : undefined;
        if (at !== undefined) { ageSum[b]! += e.tick - at; ageCount[b]!++; }
        break;
      }
      case 'message.acked':
      case 'message.dropped':
      case 'message.expired':
        queued = Math.max(0, queued - 1);
        break;
      case 'message.dead-lettered':
        queued = Math.max(0, queued - 1);
        dlq++;
        break;
      case 'message.redriven':
        dlq = Math.max(0, dlq - 1);
        break;
      case 'handler.completed':
        s.successesPerSecond[b]! += perSecond;
        break;
      case 'handler.failed':
        s.failuresPerSecond[b]! += perSecond;
        break;
      case 'retry.scheduled':
      case 'redelivery.scheduled':
      case 'message.abandoned':
        s.retries[b]!++;
        break;
    }
    s.queueLength[b] = Math.max(s.queueLength[b]!, queued);
    s.dlqDepth[b] = dlq;
  }
  for (let i = 0; i < n; i++) s.messageAgeTicks[i] = ageCount[i] ? Math.round(ageSum[i]! / ageCount[i]!) : 0;
  return s;
}

/** How many buckets lie at or before `tick`. */
export function bucketsUpTo(series: MetricSeries, tick: number): number {
  return Math.min(series.ticks.length, Math.floor(tick / series.bucketTicks) + 1);
}
