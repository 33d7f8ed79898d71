// The playground's reactive state: which scenario runs with which seed and fault plan, the run
// being streamed from the worker, and the cursor — a position in the trace that every view
// reads. Changing an input (seed, scenario, broker, fault plan) recomputes the run from the
// start in the worker; the cursor keeps its position, so "what if Inventory crashed here?"
// replays everything up to here unchanged and shows the new future.

import type { BrokerKind, FaultSpec, Scenario } from '../../engine/scenario/types';
import { cloneKafka, type KafkaState, type RunState } from '../../engine/state/fold';
import type { Simulator } from '../../worker/client';
import { jumpToMarker, type MarkerKind } from '../../projections/markers';
import { faultLanding, type FaultLanding } from '../../projections/fault-feedback';
import { adjacentMoment, type CaptionedMoment, type FoundMoment, type KeyMomentOptions } from '../../projections/key-moments';
import { scenarioGuide, type ScenarioGuide } from '../../scenarios/guides/index';
import { RunStream } from './run.svelte';
import type { FaultType, ValidationIssueLike } from './types';
import { Playback } from './playback.svelte';

export const DEFAULT_SEED = 42;

/** The cursor's world, copied shallowly so views re-render when it changes. */
export interface WorldView {
  position: number;
  tick: number;
  entities: RunState['entities'];
  services: RunState['services'];
  counts: RunState['counts'];
  /** Kafka logs, committed offsets and lag at the cursor (Kafka runs only). */
  kafka?: KafkaState;
}

/** Which key moments a run looks for: a guide's or a lesson demo's named ones, and options. */
export interface MomentSpec {
  named?: readonly CaptionedMoment[];
  options?: KeyMomentOptions;
}

/** The fault just added and, once the run shows it, what it hit. */
export interface FaultNote {
  /** Null for a note that is not about a fault added (one that could not be aimed). */
  spec: FaultSpec | null;
  /** The cursor when it was added: the fault strikes after it. */
  from: number;
  landing: FaultLanding | null;
}

export interface Selection {
  messageId?: string;
  seq: number;
}

export class PlaygroundState {
  #simulator: () => Simulator;
  #scenarios = $state.raw<Scenario[]>([]);
  #faultTypes = $state.raw<FaultType[]>([]);
  #brokerKinds = $state.raw<BrokerKind[]>([]);
  #scenario = $state.raw<Scenario | null>(null);
  #seed = $state(DEFAULT_SEED);
  #faults = $state.raw<FaultSpec[]>([]);
  #run = $state.raw<RunStream | null>(null);
  #momentSpec = $state.raw<MomentSpec>({});
  #faultNote = $state.raw<FaultNote | null>(null);
  /** The diagram draws all broker entities on one "broker" lifeline (wide runs read better). */
  groupEntities = $state(false);
  #loadError = $state<string | null>(null);
  /** The wanted cursor; shown clamped to what has streamed in so far. */
  #position = $state(0);
  #selection = $state.raw<Selection | null>(null);
  #highlight = $state.raw<ReadonlySet<number>>(new Set());
  /** Messages of highlighted events: their rows light up too (an `enqueued` event has no row). */
  #highlightMessages = $state.raw<ReadonlySet<string>>(new Set());
  /** Bumped to ask the diagram to bring the cursor row (or a given seq) into view. */
  #reveal = $state.raw<{ seq: number; n: number } | null>(null);
  readonly playback: Playback;

  #world = $derived.by<WorldView | null>(() => {
    const run = this.#run;
    if (!run) return null;
    void run.version;
    const s = run.states.at(this.position);
    const entities: RunState['entities'] = {};
    for (const [k, v] of Object.entries(s.entities)) entities[k] = { ...v };
    const services: RunState['services'] = {};
    for (const [k, v] of Object.entries(s.services)) services[k] = { ...v };
    return { position: s.position, tick: s.tick, entities, services, counts: { ...s.counts }, ...(s.kafka ? { kafka: cloneKafka(s.kafka) } : {}) };
  });

  constructor(simulator: () => Simulator) {
    this.#simulator = simulator;
    this.playback = new Playback(this);
  }

  get scenarios() { return this.#scenarios; }
  get faultTypes() { return this.#faultTypes; }
  get brokerKinds() { return this.#brokerKinds; }
  get scenario() { return this.#scenario; }
  get seed() { return this.#seed; }
  get faults() { return this.#faults; }
  get run() { return this.#run; }
  /** The scenario's guide for a first visit (built-in scenarios), if it has one. */
  get guide(): ScenarioGuide | undefined { return scenarioGuide(this.#scenario?.id); }
  get faultNote() { return this.#faultNote; }
  /** Key moments of the run so far, in trace order. */
  get moments(): FoundMoment[] { return this.#run?.moments ?? []; }
  get world() { return this.#world; }
  get selection() { return this.#selection; }
  get highlight() { return this.#highlight; }
  get highlightMessages() { return this.#highlightMessages; }
  get reveal() { return this.#reveal; }
  get error() { return this.#loadError ?? this.#run?.error ?? null; }
  get status(): 'loading' | 'streaming' | 'done' | 'stopped' | 'error' {
    if (this.#loadError || this.#run?.status === 'error') return 'error';
    if (!this.#run || this.#run.status === 'starting') return 'loading';
    return this.#run.status;
  }
  /** The run will not grow any more (it ended, or the user stopped it). */
  get complete() { const s = this.#run?.status; return s === 'done' || s === 'stopped'; }
  /** Trace length so far. */
  get length() { return this.#run?.length ?? 0; }
  /** The run's events are all in and its checks are being judged: how far they got (else null). */
  get checking() { return this.#run?.checking ?? null; }
  /** Cursor: number of trace events that have happened (0 … length). */
  get position() { return Math.min(this.#position, this.length); }
  /**
   * Where the cursor is: while a run is still coming in, the position it was sent to (an
   * address's `at=40` before event 40 has arrived), so an address written meanwhile keeps it;
   * undefined for "the end" of a run not complete yet.
   */
  get cursorTarget(): number | undefined {
    if (this.complete) return this.position;
    return this.#position === Number.MAX_SAFE_INTEGER ? undefined : this.#position;
  }
  get atEnd() { return this.complete && this.position >= this.length; }
  /** The event at the cursor (the last that happened). */
  get current() {
    const run = this.#run;
    if (!run || this.position === 0) return undefined;
    void run.version;
    return run.trace[this.position - 1];
  }
  /** Brokers the scenario may run on (its `brokerSwitch`, engine/scenario/broker-switch.ts); empty: no switch. */
  get brokerChoices(): BrokerKind[] {
    const listed = this.#scenario?.brokerSwitch?.brokers ?? [];
    return listed.filter((b) => this.#brokerKinds.includes(b));
  }

  /** Load scenarios and the fault catalog, then start the default scenario. */
  async start(initialPosition = 0): Promise<void> {
    try {
      const api = this.#simulator();
      const [scenarios, faultTypes, brokerKinds] = await Promise.all([api.builtinScenarios(), api.faultTypes(), api.brokerKinds()]);
      this.#scenarios = scenarios;
      this.#faultTypes = faultTypes;
      this.#brokerKinds = brokerKinds;
    } catch (error) {
      this.#loadError = error instanceof Error ? error.message : String(error);
      return;
    }
    const first = this.#scenarios[0];
    if (!first) return;
    this.#scenario = first;
    this.#momentSpec = { named: scenarioGuide(first.id)?.moments ?? [] };
    this.#seed = first.seeds?.[0] ?? DEFAULT_SEED;
    this.#position = initialPosition;
    this.#recompute();
  }

  /** Recomputes the run from the start with the current inputs; the cursor stays put. */
  #recompute(): void {
    const scenario = this.#scenario;
    if (!scenario) return;
    this.#run?.cancel();
    const run = new RunStream(scenario, this.#seed, this.#faults, this.#momentSpec);
    this.#run = run;
    const api = this.#simulator();
    void run.stream({ open: (r) => api.open(r), next: (id, n, ms) => api.next(id, n, ms), close: (id) => api.close(id) });
  }

  /** Stops a long run where it is: what streamed stays, to play and inspect. */
  stopRun(): void {
    this.#run?.stop();
  }

  selectScenario(id: string): void {
    const scenario = this.#scenarios.find((s) => s.id === id);
    if (!scenario) return;
    this.#scenario = scenario;
    this.#momentSpec = { named: scenarioGuide(scenario.id)?.moments ?? [] };
    this.#seed = scenario.seeds?.[0] ?? this.#seed;
    this.#faults = [];
    this.#faultNote = null;
    this.#position = 0;
    this.#selection = null;
    this.clearHighlight();
    this.#recompute();
  }

  selectBroker(broker: BrokerKind): void {
    if (!this.#scenario || this.#scenario.broker === broker) return;
    this.#scenario = { ...this.#scenario, broker };
    this.#recompute();
  }

  reseed(seed: number): void {
    if (!Number.isSafeInteger(seed) || seed < 0) return;
    this.#seed = seed;
    this.#recompute();
  }

  /** A new random seed; the page may use ambient randomness to *choose* one. */
  newSeed(): void {
    this.reseed(Math.floor(Math.random() * 1_000_000));
  }

  addFaults(...specs: FaultSpec[]): void {
    this.#faults = [...this.#faults, ...specs];
    this.#faultNote = specs.length === 1 ? { spec: specs[0]!, from: this.position, landing: null } : null;
    this.#recompute();
  }

  /**
   * Called as the run streams in: once the fault just added shows in the trace, says what it hit
   * and — if the cursor has not moved meanwhile — moves to where it landed and shows it.
   */
  settleFaultNote(): void {
    const note = this.#faultNote;
    const run = this.#run;
    if (!note || note.landing || !note.spec || !run) return;
    const landing = faultLanding(run.trace, note.spec, note.from, this.complete);
    if (!landing) return;
    this.#faultNote = { ...note, landing };
    if (landing.seq !== null && this.#position === note.from) this.gotoMoment({ seq: landing.seq, position: landing.seq + 1 });
  }

  /** Says something about a fault that was not added (the toast, without a landing). */
  tellFault(text: string): void {
    this.#faultNote = { spec: null, from: this.position, landing: { seq: null, struck: false, text } };
  }

  dismissFaultNote(): void {
    this.#faultNote = null;
  }

  removeFault(index: number): void {
    this.#faults = this.#faults.filter((_, i) => i !== index);
    this.#faultNote = null;
    this.#recompute();
  }

  setFaults(faults: FaultSpec[]): void {
    this.#faults = faults;
    this.#faultNote = null;
    this.#recompute();
  }

  async validateFaults(faults: FaultSpec[]): Promise<ValidationIssueLike[]> {
    if (!this.#scenario) return [];
    return this.#simulator().validateFaults(this.#scenario, faults);
  }

  /**
   * Runs a scenario that is not one of the built-ins (a lesson's, with the learner's code),
   * with this seed and fault plan. The cursor starts at `position` (default: the end). Key
   * moments: `moments` when given (a lesson demo's), else the guide of a built-in of that id.
   */
  load(scenario: Scenario, seed: number, faults: FaultSpec[] = [], position = Number.MAX_SAFE_INTEGER, moments?: MomentSpec): void {
    this.#scenario = scenario;
    this.#momentSpec = moments ?? { named: scenarioGuide(scenario.id)?.moments ?? [] };
    this.#seed = seed;
    this.#faults = faults;
    this.#position = position;
    this.#selection = null;
    this.clearHighlight();
    this.#recompute();
  }

  // ── cursor ────────────────────────────────────────────────────────────────────────────

  seek(position: number): void {
    this.#position = Math.max(0, Math.min(Math.round(position), this.complete ? this.length : Number.MAX_SAFE_INTEGER));
  }

  step(by: number): void {
    this.seek(this.position + by);
  }

  restart(): void {
    this.seek(0);
  }

  /**
   * A step that changes what the diagram shows: forward to just after the next event that draws
   * a row (arrow or note), back to just after the previous one; the events between (a handler
   * starting, a commit with no writes, an offset committed…) are grouped into it. Past the last
   * row, forward goes to the end of the run. `step(±1)` still moves one event.
   */
  stepVisible(direction: 1 | -1): void {
    const run = this.#run;
    if (!run) return;
    void run.version;
    const rows = run.layout.rows;
    const at = this.position;
    if (direction > 0) {
      const next = rows[run.layout.rowsBefore(at)];
      if (next) this.seek(next.seq + 1);
      else this.seek(this.complete ? this.length : at + 1);
      return;
    }
    const previous = rows[run.layout.rowsBefore(at - 1) - 1];
    this.seek(previous ? previous.seq + 1 : 0);
  }

  /** Jumps to the next (+1) or previous (-1) fault, failure or dead-letter; false if none. */
  jump(direction: 1 | -1, kinds?: readonly MarkerKind[]): boolean {
    const run = this.#run;
    if (!run) return false;
    void run.version;
    const to = jumpToMarker(run.markers, this.position, direction, kinds);
    if (to === undefined) return false;
    this.seek(to);
    this.revealSeq(to - 1);
    return true;
  }

  /** Moves to a key moment: the cursor just past its event, shown and highlighted. */
  gotoMoment(moment: Pick<FoundMoment, 'seq' | 'position'>): void {
    this.playback.pause();
    this.seek(moment.position);
    this.#highlight = new Set([moment.seq]);
    const run = this.#run;
    const e = run?.trace[moment.seq];
    // Its own row lights up; an event the diagram does not draw lights up its message's rows.
    const rows = run?.layout.rows ?? [];
    const drawn = run ? rows[run.layout.rowsBefore(moment.position) - 1]?.seq === moment.seq : false;
    this.#highlightMessages = new Set(!drawn && e?.messageId ? [e.messageId] : []);
    if (e?.messageId) this.#selection = { messageId: e.messageId, seq: e.seq };
    this.revealSeq(moment.seq);
  }

  /** Jumps to the next (+1) or previous (-1) key moment; false if there is none. */
  jumpMoment(direction: 1 | -1): boolean {
    const to = adjacentMoment(this.moments, this.position, direction);
    if (!to) return false;
    this.gotoMoment(to);
    return true;
  }

  // ── selection and highlights ──────────────────────────────────────────────────────────

  select(selection: Selection | null): void {
    this.#selection = selection;
  }

  /** Highlights events (a check's evidence), moves the cursor past them and shows the first. */
  showEvents(seqs: readonly number[]): void {
    this.#highlight = new Set(seqs);
    const trace = this.#run?.trace ?? [];
    this.#highlightMessages = new Set(seqs.flatMap((s) => (trace[s]?.messageId ? [trace[s]!.messageId!] : [])));
    if (seqs.length === 0) return;
    const last = Math.max(...seqs);
    this.playback.pause();
    this.seek(Math.max(this.position, last + 1));
    this.revealSeq(Math.min(...seqs));
    const first = this.#run?.trace[Math.min(...seqs)];
    if (first?.messageId) this.#selection = { messageId: first.messageId, seq: first.seq };
  }

  revealSeq(seq: number): void {
    this.#reveal = { seq, n: (this.#reveal?.n ?? 0) + 1 };
  }

  clearHighlight(): void {
    this.#highlight = new Set();
    this.#highlightMessages = new Set();
  }
}
