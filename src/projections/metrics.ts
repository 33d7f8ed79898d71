// Metrics as time series: the trace cut into equal buckets of virtual time, and per bucket the
// queue length (ready + in flight, all entities), the mean age of messages when handed to a
// consumer, handler successes and failures per second, retries and redeliveries, and the depth
// of the dead-letter queues. A pure fold over the trace; the playground folds its run batch by
// batch as it streams in (`MetricsBuilder`, fine buckets merged into the shown ones), and shows
// the buckets up to the cursor.

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
  const successes = new Array<number>(n).fill(0);
  const failures = new Array<number>(n).fill(0);
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
        successes[b]!++;
        break;
      case 'handler.failed':
        failures[b]!++;
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
  const perSecond = 1000 / bucketTicks;
  for (let i = 0; i < n; i++) {
    s.messageAgeTicks[i] = ageCount[i] ? Math.round(ageSum[i]! / ageCount[i]!) : 0;
    s.successesPerSecond[i] = successes[i]! * perSecond;
    s.failuresPerSecond[i] = failures[i]! * perSecond;
  }
  return s;
}

/** Fine buckets kept at most; past this they merge ten into one (fine sizes are powers of ten). */
const FINE_BUCKETS_MAX = 2400;

/**
 * The metric series folded as the trace arrives: each event lands in a fine bucket (a power of
 * ten ms wide, ten times wider whenever there would be more than FINE_BUCKETS_MAX), and
 * `series()` merges the fine buckets into the round buckets `metricSeries` would choose. The
 * result equals `metricSeries(trace)` for the trace so far, for a cost that follows the batch
 * and the bucket count, not the run.
 */
export class MetricsBuilder {
  #fineTicks = 1;
  /** Per fine bucket: whether an event fell in it, the highest queue length after one of its events, the levels at its end. */
  #hasEvents: boolean[] = [];
  #queueMax: number[] = [];
  #queueEnd: number[] = [];
  #dlqEnd: number[] = [];
  #ageSum: number[] = [];
  #ageCount: number[] = [];
  #successes: number[] = [];
  #failures: number[] = [];
  #retries: number[] = [];
  readonly #enqueuedAt = new Map<string, number>();
  #queued = 0;
  #dlq = 0;
  #endTick = 0;
  #events = 0;

  add(events: readonly TraceEvent[]): this {
    for (const e of events) this.#addEvent(e);
    return this;
  }

  /** Opens fine buckets up to `f`, the ones skipped carrying the levels. */
  #reach(f: number): void {
    while (this.#hasEvents.length <= f) {
      this.#hasEvents.push(false);
      this.#queueMax.push(-1);
      this.#queueEnd.push(this.#queued);
      this.#dlqEnd.push(this.#dlq);
      this.#ageSum.push(0);
      this.#ageCount.push(0);
      this.#successes.push(0);
      this.#failures.push(0);
      this.#retries.push(0);
    }
  }

  /** Ten fine buckets become one. */
  #coarsen(): void {
    const n = Math.ceil(this.#hasEvents.length / 10);
    const merge = (xs: number[], how: (a: number, b: number) => number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        let v = xs[i * 10]!;
        for (let j = i * 10 + 1; j < Math.min(xs.length, i * 10 + 10); j++) v = how(v, xs[j]!);
        out.push(v);
      }
      return out;
    };
    const sum = (a: number, b: number) => a + b;
    const last = (_a: number, b: number) => b;
    this.#hasEvents = merge(this.#hasEvents.map(Number), Math.max).map(Boolean);
    this.#queueMax = merge(this.#queueMax, Math.max);
    this.#queueEnd = merge(this.#queueEnd, last);
    this.#dlqEnd = merge(this.#dlqEnd, last);
    this.#ageSum = merge(this.#ageSum, sum);
    this.#ageCount = merge(this.#ageCount, sum);
    this.#successes = merge(this.#successes, sum);
    this.#failures = merge(this.#failures, sum);
    this.#retries = merge(this.#retries, sum);
    this.#fineTicks *= 10;
  }

  #addEvent(e: TraceEvent): void {
    while (Math.floor(e.tick / this.#fineTicks) >= FINE_BUCKETS_MAX) this.#coarsen();
    const f = Math.floor(e.tick / this.#fineTicks);
    this.#reach(f);
    this.#events++;
    this.#endTick = e.tick;
    switch (e.kind) {
      case 'message.enqueued':
        this.#queued++;
        if (e.messageId && !this.#enqueuedAt.has(e.messageId)) this.#enqueuedAt.set(e.messageId, e.tick);
        break;
      case 'message.delivered': {
        const at = e.messageId ? this.#enqueuedAt.get(e.messageId) : undefined;
        if (at !== undefined) { this.#ageSum[f]! += e.tick - at; this.#ageCount[f]!++; }
        break;
      }
      case 'message.acked':
      case 'message.dropped':
      case 'message.expired':
        this.#queued = Math.max(0, this.#queued - 1);
        break;
      case 'message.dead-lettered':
        this.#queued = Math.max(0, this.#queued - 1);
        this.#dlq++;
        break;
      case 'message.redriven':
        this.#dlq = Math.max(0, this.#dlq - 1);
        break;
      case 'handler.completed':
        this.#successes[f]!++;
        break;
      case 'handler.failed':
        this.#failures[f]!++;
        break;
      case 'retry.scheduled':
      case 'redelivery.scheduled':
      case 'message.abandoned':
        this.#retries[f]!++;
        break;
    }
    this.#hasEvents[f] = true;
    this.#queueMax[f] = Math.max(this.#queueMax[f]!, this.#queued);
    this.#queueEnd[f] = this.#queued;
    this.#dlqEnd[f] = this.#dlq;
  }

  /** The series of the events so far, in the buckets `metricSeries` would choose for them. */
  series(): MetricSeries {
    const endTick = this.#events > 0 ? this.#endTick : 0;
    const bucketTicks = bucketTicksFor(endTick);
    const per = bucketTicks / this.#fineTicks;
    if (!Number.isInteger(per)) throw new Error(`metric buckets of ${bucketTicks} ms do not hold whole fine buckets of ${this.#fineTicks} ms`);
    const n = Math.floor(endTick / bucketTicks) + 1;
    const perSecond = 1000 / bucketTicks;
    const s: MetricSeries = {
      bucketTicks, ticks: Array.from({ length: n }, (_, i) => i * bucketTicks),
      queueLength: new Array<number>(n).fill(0), messageAgeTicks: new Array<number>(n).fill(0),
      successesPerSecond: new Array<number>(n).fill(0), failuresPerSecond: new Array<number>(n).fill(0),
      retries: new Array<number>(n).fill(0), dlqDepth: new Array<number>(n).fill(0),
    };
    const fine = this.#hasEvents.length;
    for (let b = 0; b < n; b++) {
      const from = b * per;
      const to = Math.min(fine, from + per);
      if (from >= to) continue;
      let any = false;
      let queueMax = 0;
      let ageSum = 0;
      let ageCount = 0;
      let successes = 0;
      let failures = 0;
      let retries = 0;
      for (let f = from; f < to; f++) {
        if (this.#hasEvents[f]) {
          queueMax = any ? Math.max(queueMax, this.#queueMax[f]!) : this.#queueMax[f]!;
          any = true;
        }
        ageSum += this.#ageSum[f]!;
        ageCount += this.#ageCount[f]!;
        successes += this.#successes[f]!;
        failures += this.#failures[f]!;
        retries += this.#retries[f]!;
      }
      // A bucket with no event of its own shows the level carried into it.
      s.queueLength[b] = any ? queueMax : this.#queueEnd[from]!;
      s.dlqDepth[b] = this.#dlqEnd[to - 1]!;
      s.messageAgeTicks[b] = ageCount ? Math.round(ageSum / ageCount) : 0;
      s.successesPerSecond[b] = successes * perSecond;
      s.failuresPerSecond[b] = failures * perSecond;
      s.retries[b] = retries;
    }
    return s;
  }
}

/** How many buckets lie at or before `tick`. */
export function bucketsUpTo(series: MetricSeries, tick: number): number {
  return Math.min(series.ticks.length, Math.floor(tick / series.bucketTicks) + 1);
}
