// The world of one run: virtual clock, agenda, trace, seeded random streams, ids, brokers,
// services and the message catalog. Components reach each other only through it, and it is
// the one place that hands out time and randomness, which keeps every run deterministic.

import { Clock } from './kernel/clock';
import { EventQueue, type Scheduled } from './kernel/event-queue';
import { createRandom, type Random } from './kernel/random';
import { IdSource } from './kernel/ids';
import { TraceRecorder } from './trace/recorder';
import type { EndReason, TraceInput, TraceKind } from './trace/types';
import type { Broker, BrokerHost, Delivery, Timer } from './brokers/types';
import type { Limits, MessageSpec, Scenario } from './scenario/types';
import type { ServiceRuntime } from './services/invocation';
import type { FaultHooks } from './faults/hooks';

export interface ConsumerBinding {
  service: string;
  handler: string;
  entity: string;
}

export class World {
  readonly clock = new Clock();
  readonly agenda = new EventQueue();
  readonly trace: TraceRecorder;
  readonly root: Random;
  readonly ids: IdSource;
  readonly catalog = new Map<string, MessageSpec>();
  readonly services = new Map<string, ServiceRuntime>();
  readonly brokers: Broker[] = [];
  readonly brokerOf = new Map<string, Broker>();
  readonly consumers = new Map<string, ConsumerBinding>();
  readonly hooks: FaultHooks[] = [];
  /** Set by the lifecycle: runs the consumer's handler for a delivery. */
  onDelivery: (delivery: Delivery) => void = () => {};
  private streams = new Map<string, Random>();
  endReason: EndReason | null = null;
  /** Agenda items run so far. */
  private steps = 0;
  /** The tick of the last agenda item, and the trace length when virtual time last moved. */
  private lastTick = -1;
  private tickStartEvents = 0;
  /** A limit reached in the middle of an agenda item; the run ends once the item unwinds. */
  private limitHit: EndReason | null = null;

  constructor(
    readonly scenario: Scenario,
    readonly seed: number,
    readonly limits: Limits,
    keepTrace: boolean,
  ) {
    this.trace = new TraceRecorder(() => this.clock.now(), keepTrace);
    this.trace.onLimit = () => {
      this.limitHit ??= this.trace.length >= limits.eventsMax ? 'eventsMax' : 'zeroTimeEventsMax';
      throw new RunLimitReached(this.limitHit);
    };
    this.root = createRandom(seed);
    this.ids = new IdSource(this.root.fork('trace-context'), this.trace.issued);
    for (const spec of scenario.messages) this.catalog.set(spec.type, spec);
  }

  now(): number {
    return this.clock.now();
  }

  /** Schedules `fn` at `tick` (never in the past); the returned function cancels it. */
  at(tick: number, fn: () => void): () => void {
    const item = this.agenda.push(Math.max(Math.round(tick), this.clock.now()), fn);
    return () => this.agenda.cancel(item);
  }

  /** Schedules `fn` at `tick` (never in the past), as `at` does, for a caller that never cancels it. */
  later(tick: number, fn: () => void): void {
    this.agenda.push(Math.max(Math.round(tick), this.clock.now()), fn);
  }

  /** A timer for `fn`, set and cleared as often as needed (see Timer). */
  timer(fn: () => void): Timer {
    return new AgendaTimer(this, fn);
  }

  record<K extends TraceKind>(input: TraceInput<K>): void {
    this.trace.record(input);
  }

  /** The same name always returns the same stream within a run. */
  random(stream: string): Random {
    let r = this.streams.get(stream);
    if (!r) this.streams.set(stream, (r = this.root.fork(stream)));
    return r;
  }

  brokerHost(): BrokerHost {
    return {
      now: () => this.now(),
      at: (tick, fn) => this.at(tick, fn),
      timer: (fn) => this.timer(fn),
      record: (input) => this.trace.record(input),
      trace: this.trace,
      random: (stream) => this.random(`broker/${stream}`),
      deliver: (delivery) => this.onDelivery(delivery),
      nextId: (prefix) => this.ids.next(prefix),
    };
  }

  /**
   * Runs the next agenda item. Returns false when the run is over: nothing left to do
   * (quiescent), or a limit reached.
   */
  step(): boolean {
    if (this.endReason) return false;
    const next = this.agenda.peekNext();
    if (next === undefined) return this.end('quiescent');
    const limits = this.limits;
    if (next.tick > limits.ticksMax) return this.end('ticksMax');
    const trace = this.trace;
    if (trace.length >= limits.eventsMax) return this.end('eventsMax');
    if (this.steps >= limits.stepsMax) return this.end('stepsMax');
    const item = this.agenda.popNext();
    this.steps++;
    if (item.tick !== this.lastTick) {
      this.lastTick = item.tick;
      this.tickStartEvents = trace.length;
    }
    // Both event limits hold inside the item too: a cascade that never yields (a message
    // requeued and redelivered at once, forever) is stopped at the same event on every run.
    trace.stopAt = Math.min(limits.eventsMax, this.tickStartEvents + limits.zeroTimeEventsMax);
    this.clock.advanceTo(item.tick);
    try {
      item.run();
    } catch (error) {
      if (!(error instanceof RunLimitReached)) throw error;
    }
    // Code that caught the limit's exception (a handler's try/catch) does not outlive it.
    if (this.limitHit) return this.end(this.limitHit);
    return true;
  }

  private end(reason: EndReason): false {
    this.endReason = reason;
    this.trace.stopAt = Infinity;
    this.record({ kind: 'run.ended', actor: 'sim', data: { reason }, text: endText(reason, this) });
    this.trace.trim();
    return false;
  }
}

/**
 * One agenda item for `fn`, moved instead of cancelled and made again: `set(tick)` does what
 * cancelling the last `at(tick, fn)` and calling `at` again would (the same order among items:
 * a fresh seq), without a new item and closures each time. For timers re-armed per message
 * (a queue's next lock expiry).
 */
class AgendaTimer implements Timer {
  private readonly item: Scheduled;

  constructor(
    private readonly world: World,
    fn: () => void,
  ) {
    this.item = { tick: 0, seq: -1, run: fn, cancelled: true, index: -1 };
  }

  set(tick: number): void {
    this.world.agenda.requeue(this.item, Math.max(Math.round(tick), this.world.clock.now()));
  }

  clear(): void {
    this.world.agenda.cancel(this.item);
  }
}

/** Thrown through whatever is running when a run limit is reached; `World.step` ends the run. */
export class RunLimitReached extends Error {
  constructor(readonly reason: EndReason) {
    super(`run limit reached: ${reason}`);
    this.name = 'RunLimitReached';
  }
}

function endText(reason: EndReason, world: World): string {
  const l = world.limits;
  switch (reason) {
    case 'quiescent':
      return 'nothing left to happen: every message is settled or waiting for a consumer';
    case 'ticksMax':
      return `stopped at the time limit of ${l.ticksMax} ticks`;
    case 'eventsMax':
      return `stopped at the limit of ${l.eventsMax} trace events`;
    case 'zeroTimeEventsMax':
      return `stopped: ${l.zeroTimeEventsMax} trace events at tick ${world.now()} without virtual time moving — a loop in zero time (a message requeued and redelivered at once, or a handler that publishes in a loop without ctx.work)`;
    case 'stepsMax':
      return `stopped after ${l.stepsMax} scheduled actions (limits.stepsMax)`;
  }
}
