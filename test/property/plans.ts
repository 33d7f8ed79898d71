// Random valid fault plans for a scenario, as fast-check arbitraries. Targets come from the
// scenario (its services, consumers, entry handlers, message types, queues), times from its
// fault-free horizon, and magnitudes (restart delays, outage lengths, spike sizes, failed
// attempts, chaos rates) from the example faults given — a lesson's own fault plans — so a
// plan of a lesson's fault types is a plan "like the lesson's", at any moment and any target.
// Crashes always restart: a service left down loses nothing, it only stops (no guarantee is
// about that). With `messagingOnly` (lesson guarantees), faults strike the message-driven part
// only: a request from outside is not retried by anyone in a scenario, so a crash, a database
// outage or a failure of the service while it serves that request loses it whatever the code
// does — crashes and database outages spare the services the workload calls, and handler
// failures strike consumers.

import fc from 'fast-check';
import { CRASH_POINTS, runScenario, type FaultSpec, type Scenario } from '../../src/engine/index';

const RELAY_POINTS = CRASH_POINTS.filter((p) => p.startsWith('relay-'));
const HANDLER_POINTS = CRASH_POINTS.filter((p) => !p.startsWith('relay-'));

export const ALL_FAULT_TYPES = [
  'crash', 'restart', 'duplicate-delivery', 'delay-delivery', 'reorder', 'drop', 'handler-throws', 'broker-unreachable',
  'slow-consumer', 'traffic-spike', 'lock-expiry', 'rebalance', 'db-outage', 'chaos', 'redrive',
] as const;

export interface PlanContext {
  services: string[];
  /** Services with a handler that consumes an entity, and those handlers. */
  consumers: { service: string; handler: string }[];
  /** Entry handlers (no `consumes`) a workload calls: the targets of a traffic spike. */
  entries: { service: string; handler: string }[];
  handlers: { service: string; handler: string }[];
  /** Services the workload calls (their requests are not retried by anyone). */
  requestServices: string[];
  messageTypes: string[];
  entities: string[];
  /** End tick of the fault-free run (at least 1,000). */
  horizon: number;
}

export function planContext(scenario: Scenario, seed = 1): PlanContext {
  const handlers = scenario.services.flatMap((s) => s.handlers.map((h) => ({ service: s.name, handler: h.name, consumes: h.consumes })));
  const called = new Set(scenario.workload.map((w) => `${w.service}/${w.handler}`));
  return {
    services: scenario.services.map((s) => s.name),
    consumers: handlers.filter((h) => h.consumes).map(({ service, handler }) => ({ service, handler })),
    entries: handlers.filter((h) => !h.consumes && called.has(`${h.service}/${h.handler}`)).map(({ service, handler }) => ({ service, handler })),
    handlers: handlers.map(({ service, handler }) => ({ service, handler })),
    requestServices: [...new Set(scenario.workload.flatMap((w) => (w.service ? [w.service] : [])))],
    messageTypes: scenario.messages.map((m) => m.type),
    entities: scenario.entities.filter((e) => e.type === 'queue').map((e) => e.name),
    horizon: Math.max(1000, Math.min(60_000, runScenario(scenario, { seed }).endTick)),
  };
}

/** The largest value of `field` among the example faults of `type`, or `fallback`. */
function most(examples: FaultSpec[], type: string, field: string, fallback: number): number {
  const values = examples.filter((f) => f.type === type).map((f) => f[field]).filter((v): v is number => typeof v === 'number');
  return values.length > 0 ? Math.max(...values) : fallback;
}

const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** Drops undefined fields, so a plan prints and hashes the way a file would hold it. */
function clean(spec: Record<string, unknown>): FaultSpec {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as FaultSpec;
}

/** One fault of `type` for the scenario, or undefined when the scenario has nothing it could strike. */
export function faultArbitrary(type: string, ctx: PlanContext, examples: FaultSpec[] = [], messagingOnly = false): fc.Arbitrary<FaultSpec> | undefined {
  const tick = fc.integer({ min: 0, max: ctx.horizon });
  const nth = fc.integer({ min: 1, max: Math.max(5, most(examples, type, 'nth', 5)) });
  const restart = fc.integer({ min: 1, max: most(examples, type, 'restartAfterTicks', 1000) });
  const duration = fc.integer({ min: 1, max: most(examples, type, 'durationTicks', 2000) });
  const service = fc.constantFrom(...ctx.services);
  const quiet = ctx.services.filter((s) => !messagingOnly || !ctx.requestServices.includes(s));
  const quietService = quiet.length > 0 ? fc.constantFrom(...quiet) : undefined;
  const consumer = ctx.consumers.length > 0 ? fc.constantFrom(...ctx.consumers) : undefined;
  // A crash kills the whole process, requests in flight included: messagingOnly crashes spare request services.
  const pool = messagingOnly ? ctx.consumers : ctx.handlers;
  const crashPool = messagingOnly ? ctx.consumers.filter((c) => !ctx.requestServices.includes(c.service)) : ctx.handlers;
  const crashHandler = crashPool.length > 0 ? fc.constantFrom(...crashPool) : undefined;
  const handler = pool.length > 0 ? fc.constantFrom(...pool) : undefined;
  const messageType = optional(fc.constantFrom(...(ctx.messageTypes.length > 0 ? ctx.messageTypes : ['-'])));
  const record = (r: Record<string, fc.Arbitrary<unknown>>) => fc.record(r).map(clean);
  switch (type) {
    case 'crash':
      if (!quietService && !crashHandler) return undefined;
      return fc.oneof(
        ...(quietService ? [record({ type: fc.constant('crash'), service: quietService, atTick: tick, restartAfterTicks: restart })] : []),
        ...(crashHandler ? [crashHandler.chain((h) => record({ type: fc.constant('crash'), service: fc.constant(h.service), handler: messagingOnly ? fc.constant(h.handler) : optional(fc.constant(h.handler)), point: fc.constantFrom(...HANDLER_POINTS), nth, restartAfterTicks: restart }))] : []),
        ...(quietService ? [record({ type: fc.constant('crash'), service: quietService, handler: fc.constant('outbox-relay'), point: fc.constantFrom(...RELAY_POINTS), nth, restartAfterTicks: restart })] : []),
      );
    case 'restart':
      return record({ type: fc.constant('restart'), service, atTick: tick });
    case 'duplicate-delivery':
    case 'lock-expiry':
      return consumer?.chain((c) => record({ type: fc.constant(type), service: fc.constant(c.service), messageType: ctx.messageTypes.length ? messageType : fc.constant(undefined), nth }));
    case 'delay-delivery':
      return consumer?.chain((c) => record({ type: fc.constant(type), service: fc.constant(c.service), nth, delayTicks: fc.integer({ min: 1, max: most(examples, type, 'delayTicks', 3000) }) }));
    case 'reorder':
    case 'drop':
      return record({ type: fc.constant(type), service, nth });
    case 'handler-throws': {
      const modes = [...new Set(examples.filter((f) => f.type === type).map((f) => (f.mode as string | undefined) ?? 'transient'))];
      return handler?.chain((h) => record({
        type: fc.constant(type), service: fc.constant(h.service), handler: optional(fc.constant(h.handler)), nth,
        mode: fc.constantFrom(...(modes.length > 0 ? modes : ['transient'])),
        failAttempts: fc.integer({ min: 1, max: most(examples, type, 'failAttempts', 3) }),
      }).map((f) => (f.mode === 'poison' ? clean({ ...f, failAttempts: undefined }) : f)));
    }
    case 'broker-unreachable':
      return record({ type: fc.constant(type), service, fromTick: tick, durationTicks: duration });
    case 'db-outage':
      return quietService && record({ type: fc.constant(type), service: quietService, fromTick: tick, durationTicks: duration });
    case 'slow-consumer':
      return consumer?.chain((c) => record({
        type: fc.constant(type), service: fc.constant(c.service), extraTicks: fc.integer({ min: 1, max: most(examples, type, 'extraTicks', 500) }),
        fromTick: optional(tick), durationTicks: optional(duration),
      }));
    case 'traffic-spike':
      if (ctx.entries.length === 0) return undefined;
      return fc.constantFrom(...ctx.entries).chain((e) => record({
        type: fc.constant(type), service: fc.constant(e.service), handler: fc.constant(e.handler), atTick: tick,
        count: fc.integer({ min: 1, max: most(examples, type, 'count', 30) }), intervalTicks: optional(fc.integer({ min: 0, max: 50 })),
      }));
    case 'rebalance':
      return record({ type: fc.constant(type), atTick: tick });
    case 'chaos': {
      const example = examples.find((f) => f.type === 'chaos')?.rates as Record<string, number> | undefined;
      const kinds = example ? Object.keys(example) : ['duplicate', 'delay', 'throw'];
      const rates = fc.record(Object.fromEntries(kinds.map((k) => [k, fc.double({ min: 0, max: example?.[k] ?? 0.2, noNaN: true })])));
      return record({ type: fc.constant(type), rates, delayTicksMax: optional(fc.integer({ min: 1, max: most(examples, type, 'delayTicksMax', 500) })) });
    }
    case 'redrive':
      if (ctx.entities.length === 0) return undefined;
      return record({ type: fc.constant(type), entity: fc.constantFrom(...ctx.entities), atTick: tick });
    default:
      return undefined;
  }
}

/** Plans of 1…maxFaults faults drawn from `types` (those with something to strike here). */
export function planArbitrary(types: readonly string[], ctx: PlanContext, maxFaults: number, examples: FaultSpec[] = [], messagingOnly = false): fc.Arbitrary<FaultSpec[]> {
  const arbitraries = types.map((t) => faultArbitrary(t, ctx, examples, messagingOnly)).filter((a): a is fc.Arbitrary<FaultSpec> => a !== undefined);
  if (arbitraries.length === 0) return fc.constant([]);
  return fc.array(fc.oneof(...arbitraries), { minLength: 1, maxLength: maxFaults });
}
