// The embed's reactive state: one run, loaded once from the link, and a step cursor over the
// rows of its diagram. Commands (buttons, keys, postMessage) move the cursor; every change is
// reported to the embedding page. Autoplay is an interval owned by the component's `$effect`.

import type { TraceEvent } from '../engine/trace/types';
import { layoutSequence, type SequenceLayout } from '../projections/sequence-layout';
import { shareStateOf, type ForeignHandler, type ShareProblem } from '../share/index';
import { openPayload, type SharedRun, type SharedRunHost } from '../ui/share/open-shared';
import type { Simulator } from '../worker/client';
import { adjacentStop, captionOf, clampStep, keyStops, momentAtStep, positionOfStep, stepOfPosition } from './steps';
import { findKeyMoments, type FoundMoment } from '../projections/key-moments';
import { scenarioGuide } from '../scenarios/guides/index';
import type { EmbedCommand, EmbedReport } from './protocol';
import type { EmbedOptions } from './options';
import { problem } from '../share/problems';

export type EmbedStatus = 'loading' | 'consent' | 'running' | 'ready' | 'error';

export class EmbedRun {
  #status = $state<EmbedStatus>('loading');
  #problem = $state.raw<ShareProblem | null>(null);
  #foreign = $state.raw<ForeignHandler[]>([]);
  #run = $state.raw<SharedRun | null>(null);
  #trace = $state.raw<readonly TraceEvent[]>([]);
  #layout = $state.raw<SequenceLayout | null>(null);
  #hash = $state<string | null>(null);
  #moments = $state.raw<FoundMoment[]>([]);
  /** Steps → and ← stop at (`steps=key`), or null: every row. */
  #stops = $state.raw<number[] | null>(null);
  #step = $state(0);
  #playing = $state(false);
  #report: (r: EmbedReport) => void;

  constructor(private readonly options: EmbedOptions, private readonly simulator: () => Simulator, report: (r: EmbedReport) => void) {
    this.#report = report;
  }

  get status() { return this.#status; }
  get problem() { return this.#problem; }
  get foreign() { return this.#foreign; }
  get run() { return this.#run; }
  get trace() { return this.#trace; }
  get layout() { return this.#layout; }
  get hash() { return this.#hash; }
  get step() { return this.#step; }
  get playing() { return this.#playing; }
  get total() { return this.#layout?.rows.length ?? 0; }
  get moments() { return this.#moments; }
  /** Stops of `steps=key` (moment rows and the end), or null when stepping by rows. */
  get stops() { return this.#stops; }
  /** The key moment the current step shows, if any. */
  get moment() { return this.#layout ? momentAtStep(this.#layout.rows, this.#moments, this.#step) : undefined; }
  /** Trace position of the current step (events that have happened). */
  get position() { return this.#layout ? positionOfStep(this.#layout.rows, this.#step) : 0; }
  get currentRow() { return this.#layout?.rows[this.#step - 1]; }
  get caption() {
    const moment = this.moment;
    if (moment) return `★ ${moment.label}: ${moment.caption}`;
    const row = this.currentRow;
    return captionOf(row, row ? this.#trace[row.seq]?.text : undefined);
  }

  /** Loads the run named by the URL: a share payload, or a built-in scenario by id. */
  async load(payload: string | null): Promise<void> {
    if (this.options.problems.length > 0) return this.#fail(problem('invalid', 'This embed\'s address is not valid.', 'Nothing was run. What is wrong:', this.options.problems));
    const api = this.simulator();
    const host: SharedRunHost = { builtinScenarios: () => api.builtinScenarios(), validateFaults: (s, f) => api.validateFaults(s, f) };
    let opened;
    if (payload !== null) opened = await openPayload(payload, host);
    else {
      const scenarios = await api.builtinScenarios();
      const id = this.options.scenarioId;
      const scenario = id ? scenarios.find((s) => s.id === id) : scenarios[0];
      const seed = this.options.seed ?? scenario?.seeds?.[0] ?? 42;
      opened = scenario
        ? { ok: true as const, run: { state: shareStateOf({ scenario, seed, faults: [], position: 0 }, scenario), scenario, seed, faults: [], position: 0, foreign: [] } }
        : { ok: false as const, problem: problem('invalid', `No built-in scenario is named "${id}".`, `Known: ${scenarios.map((s) => s.id).join(', ')}.`) };
    }
    if (!opened.ok) return this.#fail(opened.problem);
    this.#run = opened.run;
    this.#foreign = opened.run.foreign;
    if (opened.run.foreign.length > 0) this.#status = 'consent';
    else await this.start();
  }

  /** Runs the loaded inputs (after consent, when the link carries handler code). */
  async start(): Promise<void> {
    const run = this.#run;
    if (!run) return;
    this.#status = 'running';
    try {
      const result = await this.simulator().run({ scenario: run.scenario, seed: run.seed, faults: run.faults });
      this.#trace = result.trace;
      this.#hash = result.hash;
      const layout = layoutSequence(result.trace, { services: run.scenario.services.map((s) => s.name) });
      this.#layout = layout;
      this.#moments = findKeyMoments(result.trace, scenarioGuide(run.scenario.id)?.moments ?? []);
      this.#stops = this.options.steps === 'key' && this.#moments.length > 0 ? keyStops(layout.rows, this.#moments) : null;
      this.#step = clampStep(this.options.step ?? stepOfPosition(layout.rows, run.position), layout.rows.length);
      this.#status = 'ready';
      this.#report({ type: 'brokerlab:ready', id: this.options.id, position: this.#step, total: this.total });
      this.#changed();
      if (this.options.autoplay) this.play();
    } catch (error) {
      this.#fail(problem('invalid', 'This run could not be simulated.', error instanceof Error ? error.message : String(error)));
    }
  }

  decline(): void {
    this.#fail(problem('invalid', 'The shared handler code was not run.', 'Open the link in Brokerlab to read the code first.'));
  }

  command(c: EmbedCommand): void {
    switch (c.type) {
      case 'next': return this.goto(this.#stops ? adjacentStop(this.#stops, this.#step, 1, this.total) : this.#step + 1);
      case 'prev': return this.goto(this.#stops ? adjacentStop(this.#stops, this.#step, -1, this.total) : this.#step - 1);
      case 'first': return this.goto(0);
      case 'last': return this.goto(this.total);
      case 'goto': return this.goto(c.position);
      case 'play': return this.play();
      case 'pause': return this.pause();
      case 'toggle': return this.#playing ? this.pause() : this.play();
      case 'get': return this.#changed();
    }
  }

  goto(step: number): void {
    const next = clampStep(step, this.total);
    if (next === this.#step) return this.#changed();
    this.#step = next;
    this.#changed();
  }

  /** One autoplay tick: the next step, stopping at the end. */
  tick(): void {
    if (this.#step >= this.total) this.pause();
    else this.command({ type: 'next' });
  }

  play(): void {
    if (this.#status !== 'ready') return;
    if (this.#step >= this.total) this.#step = 0;
    this.#playing = true;
    this.#changed();
  }

  pause(): void {
    if (!this.#playing) return;
    this.#playing = false;
    this.#changed();
  }

  #changed(): void {
    if (this.#status !== 'ready') return;
    const row = this.currentRow;
    this.#report({ type: 'brokerlab:position', id: this.options.id, position: this.#step, total: this.total, playing: this.#playing, event: this.position, tick: row?.tick ?? 0, caption: this.caption, moment: this.moment?.label ?? null });
  }

  #fail(p: ShareProblem): void {
    this.#problem = p;
    this.#status = 'error';
    this.#playing = false;
    this.#report({ type: 'brokerlab:error', id: this.options.id, title: p.title, detail: p.detail });
  }
}
