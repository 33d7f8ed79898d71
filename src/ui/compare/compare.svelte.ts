// The broker comparison's state: one scenario, seed and fault plan run on each broker its
// switch offers (Service Bus, RabbitMQ, Kafka), each a PlaygroundState streaming from the
// simulator worker, and one cursor in virtual time shared by all: at tick T each diagram shows
// the events up to T, so the same moment lines up across brokers whatever their event counts.
// The outcome table is a projection of each finished trace (projections/broker-outcomes.ts).

import type { BrokerKind, FaultSpec, Scenario } from '../../engine/scenario/types';
import type { TraceEvent } from '../../engine/trace/types';
import type { Simulator } from '../../worker/client';
import { brokerOutcome, differingRows, type BrokerOutcome, type OutcomeName } from '../../projections/broker-outcomes';
import { PlaygroundState, DEFAULT_SEED } from '../state/playground.svelte';
import { LaneCursor, LANES_GROUP_BROKER } from '../explore/lane-cursor.svelte';

export const COMPARED: readonly BrokerKind[] = ['servicebus', 'rabbitmq', 'kafka'];
export const BROKER_TITLES: Record<string, string> = { servicebus: 'Azure Service Bus', rabbitmq: 'RabbitMQ', kafka: 'Apache Kafka' };

export interface Lane {
  broker: BrokerKind;
  playground: PlaygroundState;
}

export class CompareState {
  #simulator: () => Simulator;
  #scenarios = $state.raw<Scenario[]>([]);
  #scenario = $state.raw<Scenario | null>(null);
  #seed = $state(DEFAULT_SEED);
  #faults = $state.raw<FaultSpec[]>([]);
  #lanes = $state.raw<Lane[]>([]);
  #error = $state<string | null>(null);
  /** The shared cursor in virtual time. */
  readonly cursor = new LaneCursor(() => this.#lanes.map((l) => l.playground));

  constructor(simulator: () => Simulator) {
    this.#simulator = simulator;
  }

  get scenarios() { return this.#scenarios; }
  get comparable() { return this.#scenarios.filter((s) => s.brokerSwitch); }
  get scenario() { return this.#scenario; }
  get seed() { return this.#seed; }
  get faults() { return this.#faults; }
  get lanes() { return this.#lanes; }
  get error() { return this.#error; }
  get done() { return this.#lanes.length > 0 && this.#lanes.every((l) => l.playground.status === 'done'); }
  /** Per lane, the outcome figures once its run is done. */
  get outcomes(): (BrokerOutcome | null)[] {
    return this.#lanes.map((l) => {
      const run = l.playground.run;
      if (!run || l.playground.status !== 'done') return null;
      void run.version;
      return brokerOutcome(run.trace);
    });
  }
  get differing(): OutcomeName[] {
    const all = this.outcomes;
    return all.every((o) => o) ? differingRows(all as BrokerOutcome[]) : [];
  }

  async start(scenarioId: string | null, seed: number | null, faults: FaultSpec[]): Promise<void> {
    try {
      this.#scenarios = await this.#simulator().builtinScenarios();
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
      return;
    }
    const scenario = scenarioId ? this.#scenarios.find((s) => s.id === scenarioId) : this.comparable[0];
    if (!scenario) {
      this.#error = `no built-in scenario "${scenarioId}"`;
      return;
    }
    if (!scenario.brokerSwitch) {
      this.#error = `scenario "${scenario.id}" declares no broker switch (brokerSwitch), so it runs on one broker only`;
      return;
    }
    this.#error = null;
    const issues = await this.#simulator().validateFaults(scenario, faults);
    if (issues.length > 0) {
      this.#error = `the fault plan is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
      faults = [];
    }
    this.run(scenario, seed ?? scenario.seeds?.[0] ?? DEFAULT_SEED, faults);
  }

  /** Runs `scenario` with this seed and plan on every compared broker its switch offers. */
  run(scenario: Scenario, seed: number, faults: FaultSpec[]): void {
    for (const lane of this.#lanes) lane.playground.run?.cancel();
    this.#scenario = scenario;
    this.#seed = seed;
    this.#faults = faults;
    this.cursor.reset();
    const offered = scenario.brokerSwitch?.brokers ?? [];
    this.#lanes = COMPARED.filter((b) => offered.includes(b)).map((broker) => {
      const playground = new PlaygroundState(this.#simulator);
      playground.groupEntities = LANES_GROUP_BROKER;
      playground.load({ ...scenario, broker }, seed, faults);
      return { broker, playground };
    });
  }

  selectScenario(id: string): void {
    const s = this.#scenarios.find((x) => x.id === id);
    if (s) this.run(s, s.seeds?.[0] ?? this.#seed, []);
  }

  reseed(seed: number): void {
    if (this.#scenario && Number.isSafeInteger(seed) && seed >= 0) this.run(this.#scenario, seed, this.#faults);
  }

  setFaults(faults: FaultSpec[]): void {
    if (this.#scenario) this.run(this.#scenario, this.#seed, faults);
  }

  /** Shows evidence `seq` of lane `index`: every diagram moves to its tick, that one highlights it. */
  show(index: number, seq: number): void {
    const lane = this.#lanes[index];
    if (lane) this.cursor.show(lane.playground, seq);
  }
}
