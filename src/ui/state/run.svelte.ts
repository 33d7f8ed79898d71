// One run as the page holds it: the trace streamed from the worker in batches, and the
// incremental projections built from it as it arrives (diagram layout, logs, timeline markers,
// checkpointed states for the cursor). The trace and the builders are plain objects mutated as
// batches land; a `$state` version number tells Svelte when to look again, so a 2,000,000-event
// trace is never deep-proxied. The trace arrives and stays in its compact form: each batch is a
// chunk of the worker's columns (engine/trace/chunk.ts, transferred, not cloned) appended to
// `columns`; `trace` builds event objects only for what a view reads (lazy-trace.ts), the
// checkpoints fold the columns directly, and a batch's events are built once, for the
// incremental projections, and left to the young generation's collector.

import type { TraceEvent } from '../../engine/trace/types';
import type { Scenario } from '../../engine/scenario/types';
import type { FaultSpec } from '../../engine/scenario/types';
import { SequenceLayoutBuilder } from '../../projections/sequence-layout';
import { LogIndex } from '../../projections/logs';
import { collectMarkers, type Marker } from '../../projections/markers';
import { TraceStates } from '../../projections/state-at';
import { MetricsBuilder, type MetricSeries } from '../../projections/metrics';
import { KeyMomentFinder, type CaptionedMoment, type FoundMoment, type KeyMomentOptions } from '../../projections/key-moments';
import type { CheckingProgress, RunSummary, TraceBatch, ValidationIssueLike } from './types';
import { TraceColumns } from '../../engine/trace/columns';
import { appendChunk } from '../../engine/trace/chunk';
import { lazyTrace } from './lazy-trace';

/** `stopped`: the user stopped a long run; what streamed so far stays, nothing more comes. */
export type RunStatus = 'starting' | 'streaming' | 'done' | 'stopped' | 'error';

/**
 * The first batch is small so the diagram appears at once. Later ones are bounded too: landing
 * a batch (structured-clone decode, layout, logs, markers, checkpoints, and the garbage it
 * makes) is one main-thread task, and 10,000 events made tasks of 140 ms and more while the
 * run played. The next batch is requested before the current one is folded in, so the worker
 * computes while the page appends and smaller batches cost no streaming time.
 */
export const FIRST_BATCH_EVENTS = 1500;
export const BATCH_EVENTS = 2500;
/**
 * …and bounded by the worker's time: a batch is what the engine computed in about this long
 * (a slow stretch of a run — a spike, heavy handlers — gives smaller batches, sooner), so the
 * page sees progress several times a second and no single call keeps the worker for seconds.
 */
export const BATCH_MS = 150;

export interface RunSource {
  open(request: { scenario: Scenario; seed: number; faults: FaultSpec[] }): Promise<{ ok: true; runId: number; seed: number } | { ok: false; issues: ValidationIssueLike[] }>;
  next(runId: number, eventsMax: number, timeMs: number): Promise<TraceBatch>;
  close(runId: number): Promise<void>;
}

export class RunStream {
  /** The run's trace in compact form, as streamed. */
  readonly columns = new TraceColumns();
  /** The trace as an array of events, built on demand from `columns` (read-only). */
  readonly trace: TraceEvent[] = lazyTrace(this.columns);
  readonly layout: SequenceLayoutBuilder;
  /** The log's lines as seqs and attempts; a line is built when it is shown (projections/logs.ts). */
  readonly logs = new LogIndex();
  readonly markers: Marker[] = [];
  readonly states: TraceStates;
  readonly #moments: KeyMomentFinder;
  #version = $state(0);
  #status = $state<RunStatus>('starting');
  #summary = $state.raw<RunSummary | null>(null);
  /** All events are in and the worker is judging the run's checks: how far it got (a long run's take a while). */
  #checking = $state.raw<CheckingProgress | null>(null);
  #issues = $state.raw<ValidationIssueLike[]>([]);
  #error = $state<string | null>(null);
  #cancelled = false;
  /** Batches received, and the longest a batch took from request to answer (for bench:ui). */
  batches = 0;
  longestBatchMs = 0;
  /** The metric series, folded batch by batch once something reads it (the Metrics tab, an export). */
  #metricsBuilder: MetricsBuilder | null = null;
  #metricsFolded = 0;
  #metrics = $derived.by<MetricSeries>(() => {
    void this.#version;
    const builder = (this.#metricsBuilder ??= new MetricsBuilder());
    const length = this.columns.length;
    // Events are built for the fold a slice at a time, and dropped.
    for (let from = this.#metricsFolded; from < length; from += BATCH_EVENTS) builder.add(this.columns.slice(from, Math.min(length, from + BATCH_EVENTS)));
    this.#metricsFolded = length;
    return builder.series();
  });

  /** `moments`: the key moments to look for (a scenario guide's, a lesson demo's); see key-moments.ts. */
  constructor(readonly scenario: Scenario, readonly seed: number, readonly faults: FaultSpec[], moments: { named?: readonly CaptionedMoment[]; options?: KeyMomentOptions } = {}) {
    this.layout = new SequenceLayoutBuilder({ services: scenario.services.map((s) => s.name) });
    this.#moments = new KeyMomentFinder(moments.named, moments.options);
    this.states = new TraceStates(this.columns);
  }

  /** Bumps whenever the trace grew: read it to depend on the trace. */
  get version() { return this.#version; }
  get length() { void this.#version; return this.columns.length; }
  get status() { return this.#status; }
  get summary() { return this.#summary; }
  get checking() { return this.#checking; }
  get issues() { return this.#issues; }
  get error() { return this.#error; }
  get metrics() { return this.#metrics; }
  /** Key moments found so far, in trace order. */
  get moments(): FoundMoment[] { void this.#version; return this.#moments.moments; }

  /** Streams the run from `source` until it ends or `cancel()` is called. */
  async stream(source: RunSource): Promise<void> {
    let runId: number | undefined;
    try {
      const opened = await source.open({ scenario: this.scenario, seed: this.seed, faults: this.faults });
      if (!opened.ok) {
        this.#issues = opened.issues;
        this.#error = opened.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
        this.#status = 'error';
        return;
      }
      runId = opened.runId;
      this.#status = 'streaming';
      const request = (events: number) => {
        const askedMs = performance.now();
        const answer = source.next(runId!, events, BATCH_MS);
        answer.then(() => {
          this.batches++;
          this.longestBatchMs = Math.max(this.longestBatchMs, performance.now() - askedMs);
        }, () => undefined); // a request left behind by cancel() must not go unhandled
        return answer;
      };
      let pending = request(FIRST_BATCH_EVENTS);
      for (;;) {
        if (this.#cancelled) return;
        const batch = await pending;
        if (this.#cancelled) return;
        if (!batch.done) pending = request(BATCH_EVENTS);
        this.append(batch);
        if (batch.done) break;
      }
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
      this.#status = 'error';
    } finally {
      if (runId !== undefined) void source.close(runId).catch(() => undefined);
    }
  }

  /** Adds one batch to the trace and every incremental projection (a batch of the checks' progress only brings no events). */
  append(batch: TraceBatch): void {
    if (batch.from !== this.columns.length) throw new Error(`batch starts at ${batch.from}, expected ${this.columns.length}`);
    this.#checking = batch.checking ?? null;
    if (batch.count === 0 && !batch.summary) return;
    appendChunk(this.columns, batch.chunk);
    const events = this.columns.slice(batch.from, batch.from + batch.count);
    this.layout.add(events);
    this.logs.add(events);
    collectMarkers(events, this.markers);
    this.#moments.add(events);
    this.states.extend();
    if (batch.summary) {
      this.#summary = batch.summary;
      this.#status = 'done';
    }
    this.#version++;
  }

  /** Stops streaming (the run is being replaced): nothing more is appended. */
  cancel(): void {
    this.#cancelled = true;
  }

  /** The user stops a long run: it keeps what streamed so far and ends as `stopped`. */
  stop(): void {
    if (this.#status !== 'streaming' && this.#status !== 'starting') return;
    this.#cancelled = true;
    this.#status = 'stopped';
  }
}
