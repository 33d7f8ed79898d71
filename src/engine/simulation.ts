// A simulation: one scenario, one seed, one fault plan, run step by step. Building it validates
// the scenario, creates the brokers, loads every handler, registers consumers, schedules the
// workload and installs the faults. `step()` runs one agenda item; `runUntil(tick)` and
// `runToEnd()` run on. `seek(position)` gives the state after any number of trace events,
// backwards or forwards: the run is computed forward once and the state is folded from the
// trace, starting at the nearest checkpoint (one every CHECKPOINT_EVERY events).

import { World } from './world';
import { DEFAULT_LIMITS, type FaultSpec, type Limits, type Scenario } from './scenario/types';
import { validateFaults, validateScenario } from './scenario/validate';
import { mappingText, onBroker } from './scenario/broker-switch';
import { ValidationError, type ValidationIssue } from './scenario/validate-types';
import { validateSeed } from './scenario/validate-shape';
import { FAULT_BOUNDS, HOST_LIMITS_CEILING } from './scenario/bounds';
import { brokerModel } from './brokers/registry';
import { ServiceRuntime } from './services/invocation';
import { Lifecycle } from './services/lifecycle';
import { loadHandler } from './handlers/load';
import { applyDeclaredOptions, producerSettings } from './handlers/options';
import { scheduleWorkload } from './workload/generators';
import { faultModels } from './faults/registry';
import { installPatterns } from './patterns/install';
import { deny, permits } from './patterns/governance';
import { redriveDeadLetters } from './patterns/redrive';
import { applyEvent, cloneState, emptyState, type RunState } from './state/fold';
import type { TraceEvent, TraceKind } from './trace/types';
import { closedReason } from './handlers/realm-groups';

export const CHECKPOINT_EVERY = 8192;

export interface SimulationOptions {
  seed?: number;
  /** Faults added to the scenario's own (the fault plan of this run). */
  faults?: FaultSpec[];
  /** Keep the trace (default true). Benchmarks measure without it. */
  recordTrace?: boolean;
  /**
   * The host's limits, over the scenario's: a host running its own inputs (CLI, benchmarks) may
   * go past what a scenario may ask, up to HOST_LIMITS_CEILING (the worker never passes them).
   */
  limits?: Partial<Limits>;
}

/** Scenarios validated once for many runs (`checkedOnce`): frozen copies, so still as they were checked. */
const checkedScenarios = new WeakSet<Scenario>();

/**
 * A scenario to run many times (a lesson check runs one several hundred times): validated now,
 * once, and returned as a deep-frozen copy that `new Simulation` does not validate again — it
 * cannot have changed since. A scenario with issues comes back as it is: each run reports them,
 * as before.
 */
export function checkedOnce(scenario: Scenario): Scenario {
  if (checkedScenarios.has(scenario) || validateScenario(scenario).length > 0) return scenario;
  const copy = frozenCopy(scenario) as Scenario;
  checkedScenarios.add(copy);
  return copy;
}

/** A deep-frozen copy of data that passed validateShape (plain, bounded, acyclic): the same keys, order and values, undefined ones too. */
function frozenCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy));
  const out: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  for (const key of Object.keys(value)) out[key] = frozenCopy((value as Record<string, unknown>)[key]);
  return Object.freeze(out);
}

export class Simulation {
  readonly world: World;
  readonly lifecycle: Lifecycle;
  readonly seed: number;
  private checkpoints: RunState[] = [emptyState()];
  private folded: RunState = emptyState();

  /** The scenario as it runs: on a broker its switch maps to, with that broker's native entities. */
  readonly scenario: Scenario;
  /** Every fault of the run: the scenario's own, then the fault plan's. */
  readonly faults: readonly FaultSpec[];

  constructor(authored: Scenario, options: SimulationOptions = {}) {
    const issues = checkedScenarios.has(authored) ? [] : validateScenario(authored);
    if (issues.length === 0) issues.push(...validateFaults(options.faults, 'faultPlan', onBroker(authored)));
    if (options.seed !== undefined) issues.push(...validateSeed(options.seed, 'seed'));
    if (options.limits !== undefined) issues.push(...validateHostLimits(options.limits));
    const planned = (authored.faults?.length ?? 0) + (Array.isArray(options.faults) ? options.faults.length : 0);
    if (issues.length === 0 && planned > FAULT_BOUNDS.faultsMax) issues.push({ path: 'faultPlan', message: `too many faults: ${planned} with the scenario's own (at most ${FAULT_BOUNDS.faultsMax})` });
    if (issues.length > 0) throw new ValidationError(issues);
    const scenario = (this.scenario = onBroker(authored));
    const mapping = mappingText(authored, scenario);
    this.seed = options.seed ?? scenario.seeds?.[0] ?? 1;
    const limits = { ...DEFAULT_LIMITS, ...(scenario.limits ?? {}), ...(options.limits ?? {}) };
    const world = (this.world = new World(scenario, this.seed, limits, options.recordTrace ?? true));
    const kinds = [...new Set(scenario.entities.map((e) => e.broker ?? scenario.broker))];
    world.record({ kind: 'run.started', actor: 'sim', data: { scenario: scenario.id, seed: this.seed, brokers: kinds }, text: `${scenario.title}, seed ${this.seed}${mapping ? ` — ${mapping}` : ''}` });
    for (const kind of kinds) {
      const entities = scenario.entities.filter((e) => (e.broker ?? scenario.broker) === kind);
      const broker = brokerModel(kind)!.create(entities, world.brokerHost(), scenario);
      world.brokers.push(broker);
      for (const name of broker.entityNames()) world.brokerOf.set(name, broker);
    }
    for (const spec of scenario.services) world.services.set(spec.name, new ServiceRuntime(spec));
    const loadIssues = [];
    const producers = [];
    for (const [i, spec] of scenario.services.entries()) {
      const svc = world.services.get(spec.name)!;
      for (const [j, h] of spec.handlers.entries()) {
        const loaded = loadHandler(h, spec.name, world, `services[${i}].handlers[${j}].code`);
        if ('issue' in loaded) {
          loadIssues.push(loaded.issue);
          continue;
        }
        const declared = applyDeclaredOptions(h, loaded.options, `services[${i}].handlers[${j}].code`);
        loadIssues.push(...declared.issues);
        if (loaded.options?.producer !== undefined && declared.issues.length === 0) producers.push({ service: spec.name, settings: loaded.options.producer, at: `services[${i}].handlers[${j}].code (defineHandler options)` });
        const confirms = loaded.options?.publisherConfirms === true && declared.issues.length === 0;
        if (confirms && !world.brokers.some((b) => b.publishConfirmed)) loadIssues.push({ path: `services[${i}].handlers[${j}].code (defineHandler options).publisherConfirms`, message: 'publisherConfirms puts the handler\'s RabbitMQ channel in confirm mode; this scenario has no RabbitMQ exchanges or queues (Kafka: the producer\'s acks; Service Bus: a send that fails throws)' });
        svc.handlers.set(h.name, { spec: declared.spec, fn: loaded.fn, ...(loaded.source ? { source: loaded.source } : {}), ...(confirms ? { publisherConfirms: true } : {}) });
      }
    }
    loadIssues.push(...configureProducers(world, producers));
    if (loadIssues.length > 0) throw new ValidationError(loadIssues);
    this.lifecycle = new Lifecycle(world);
    installPatterns(world, this.lifecycle);
    for (const svc of world.services.values()) {
      for (const handler of svc.handlers.values()) {
        if (!handler.spec.consumes) continue;
        if (!permits(scenario, svc.name, 'listen', handler.spec.consumes)) {
          deny(world, svc.name, 'listen', handler.spec.consumes); // the broker refuses the receiver: its messages wait
          continue;
        }
        handler.consumerId = `${svc.name}/${handler.spec.name}`;
        world.consumers.set(handler.consumerId, { service: svc.name, handler: handler.spec.name, entity: handler.spec.consumes });
        world.brokerOf.get(handler.spec.consumes)!.addConsumer({
          id: handler.consumerId, service: svc.name, handler: handler.spec.name, entity: handler.spec.consumes, concurrency: handler.spec.concurrency ?? 1, options: handler.spec.options,
        });
      }
    }
    scenario.workload.forEach((w, i) => scheduleWorkload(world, this.lifecycle, w, i));
    this.faults = [...(scenario.faults ?? []), ...(options.faults ?? [])];
    for (const fault of this.faults) {
      const hooks = faultModels[fault.type].install(fault, { world, lifecycle: this.lifecycle });
      if (hooks) world.hooks.push(hooks);
    }
  }

  /**
   * Operator action: move dead-lettered messages of `entity` (a queue or its ".dlq") back to
   * the queue, all or the given ids, at the current tick. Returns how many moved. To make it
   * part of a replayable run, put a `redrive` entry in the fault plan instead.
   */
  redrive(entity: string, messageIds?: string[]): number {
    const moved = redriveDeadLetters(this.world, entity, messageIds);
    if (this.world.endReason === 'quiescent' && this.world.agenda.peekTick() !== undefined) this.world.endReason = null;
    return moved;
  }

  /** The trace as an array of event objects, built once and kept (see TraceRecorder.events). */
  get trace(): readonly TraceEvent[] {
    return this.world.trace.events;
  }

  get done(): boolean {
    return this.world.endReason !== null;
  }

  /** Runs one agenda item (which may record several trace events). False once the run is over. */
  step(): boolean {
    // A run whose realms the host took back for newer runs stops here, clearly, instead of
    // going on with its services' processes gone (a different trace under the same inputs).
    const closed = closedReason(this.world);
    if (closed) throw new Error(closed);
    return this.world.step();
  }

  /**
   * Runs every agenda item due at or before `tick`. An empty agenda does not end the run here:
   * the caller may still act on the world (crash, restart, redrive) before running on.
   */
  runUntil(tick: number): void {
    while (!this.done) {
      const next = this.world.agenda.peekTick();
      if (next === undefined || next > tick) break;
      this.step();
    }
  }

  runToEnd(): void {
    // Asked once: only another run's realms can close this one, and none runs meanwhile.
    const closed = closedReason(this.world);
    if (closed) throw new Error(closed);
    const world = this.world;
    while (world.step()) {
      /* keep going */
    }
  }

  /**
   * Releases the handler realms of this run (their wasm memory). The trace, seek and results
   * stay usable; running on afterwards fails every source-code handler clearly.
   */
  dispose(): void {
    for (const svc of this.world.services.values()) {
      svc.realm?.release();
      svc.realm = null;
    }
  }

  /** Runs forward until the trace holds at least `length` events (or the run ends). */
  ensureTrace(length: number): void {
    while (this.world.trace.length < length && this.step()) {
      /* keep going */
    }
  }

  /**
   * The state after the first `position` trace events (clamped to the trace). Moving backwards
   * is as cheap as moving forwards: it starts from the nearest checkpoint at or before it.
   */
  seek(position: number): RunState {
    this.ensureTrace(position);
    const recorder = this.world.trace;
    const target = Math.max(0, Math.min(position, recorder.length));
    this.extendCheckpoints(target);
    let base = this.folded.position <= target ? this.folded : undefined;
    const checkpoint = this.checkpoints[Math.floor(target / CHECKPOINT_EVERY)];
    if (!base || checkpoint.position > base.position) base = cloneState(checkpoint);
    const columns = recorder.columns;
    for (let i = base.position; i < target; i++) applyEvent(base, columns.foldView(i));
    this.folded = base;
    return base;
  }

  private extendCheckpoints(target: number): void {
    const recorder = this.world.trace;
    const needed = Math.floor(target / CHECKPOINT_EVERY);
    while (this.checkpoints.length <= needed) {
      const last = this.checkpoints[this.checkpoints.length - 1];
      const next = cloneState(last);
      const end = Math.min(this.checkpoints.length * CHECKPOINT_EVERY, recorder.length);
      const columns = recorder.columns;
      for (let i = next.position; i < end; i++) applyEvent(next, columns.foldView(i));
      this.checkpoints.push(next);
    }
  }
}

/** A host's limits: known names, positive integers up to HOST_LIMITS_CEILING. */
function validateHostLimits(limits: Partial<Limits>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [k, v] of Object.entries(limits)) {
    const ceiling = (HOST_LIMITS_CEILING as Record<string, number>)[k];
    if (ceiling === undefined) issues.push({ path: `limits.${k}`, message: `unknown limit (known: ${Object.keys(HOST_LIMITS_CEILING).join(', ')})` });
    else if (v !== undefined && (!Number.isSafeInteger(v) || v <= 0 || v > ceiling)) issues.push({ path: `limits.${k}`, message: `a host's limit must be a positive integer up to ${ceiling.toLocaleString('en')}, got ${JSON.stringify(v)}` });
  }
  return issues;
}

/** Declared Kafka producer settings, one producer client per service, handed to the brokers that have producers. */
function configureProducers(world: World, declared: Parameters<typeof producerSettings>[0]): ValidationIssue[] {
  if (declared.length === 0) return [];
  const { byService, issues } = producerSettings(declared);
  const kafka = world.brokers.filter((b) => b.configureProducer);
  if (kafka.length === 0) return [...issues, { path: declared[0]!.at, message: 'producer configures a Kafka producer client (acks, enable.idempotence); this scenario has no Kafka topics' }];
  for (const [service, settings] of byService) for (const b of kafka) b.configureProducer!(service, settings);
  return issues;
}
