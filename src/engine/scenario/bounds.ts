// What a scenario, a fault plan or a seed may ask of the engine. Inputs come from files and
// links, so a short text must not be able to ask for a run that exhausts memory or never ends:
// every count, size, depth and limit has a ceiling here, and validation names the ceiling when
// an input goes past it. Exported so the share/file validators (src/share) refuse the same
// inputs before anything is cloned or sent to the worker.

/** Seeds are integers 0…2³²−1 (a seed names the run's random streams). */
export const SEED_MAX = 4_294_967_295;

/** Any tick-valued option (atTick, fromTick, durationTicks, delayTicks, …) is at most this. */
export const TICK_VALUE_MAX = 1_000_000_000_000;

/** Ceilings for `Scenario.limits`: a scenario may lower the defaults, and raise them only this far. */
export const LIMITS_CEILING = {
  /** Virtual time: one simulated day. */
  ticksMax: 86_400_000,
  /** Trace events in one run. */
  eventsMax: 2_000_000,
  /** Trace events recorded without virtual time moving (a zero-time cascade, in one agenda item or many). */
  zeroTimeEventsMax: 1_000_000,
  /** Agenda items one run may execute, events or not. */
  stepsMax: 20_000_000,
  /** Loop iterations and calls of one handler attempt. */
  handlerWorkMax: 10_000_000,
  /** Nested calls in one handler attempt. */
  handlerCallDepthMax: 1_000,
} as const;

/**
 * Ceilings for a host's own limits (`SimulationOptions.limits`): the limit on a run is a matter
 * of where it runs. A scenario or a link asks at most LIMITS_CEILING (what a browser tab holds:
 * its page keeps every event as an object); a host running its own inputs in Node (the CLI, the
 * benchmarks) may let a run go this far — the columnar trace keeps an event in about 50 bytes.
 */
export const HOST_LIMITS_CEILING = {
  ...LIMITS_CEILING,
  eventsMax: 50_000_000,
  zeroTimeEventsMax: 10_000_000,
  stepsMax: 200_000_000,
} as const;

/** Sizes of a scenario. */
export const SCENARIO_BOUNDS = {
  /** Nesting of any JSON value (bodies, options, database values). */
  depthMax: 64,
  /** Entities, messages, services, handlers per service, workload entries, checks. */
  listMax: 200,
  /** Requests one workload entry generates. */
  workloadCountMax: 10_000,
  /** Characters of one handler's source. */
  sourceCharsMax: 200_000,
  /** Characters of any other string (names, bodies' texts). */
  stringCharsMax: 10_000,
  /** Database rows a scenario may preload, over all services and tables. */
  dbRowsMax: 10_000,
  /** Services running handler code in one run: each is a process with a realm of up to 32 MB. */
  codeServicesMax: 16,
} as const;

/** Sizes of a fault plan. */
export const FAULT_BOUNDS = {
  /** Faults in one plan (the scenario's own plus the run's). */
  faultsMax: 100,
  /** Extra requests of one traffic spike. */
  trafficSpikeCountMax: 10_000,
  /** Messages a redrive may name. */
  redriveIdsMax: 10_000,
} as const;
