// Faults "at this moment": turning a click ("crash Inventory now", "duplicate its next delivery",
// "make its next message poison", "cut it off from the broker for 5 s") into an explicit fault
// spec the engine replays. A fault plan is part of a run's inputs, so the spec must name the
// moment in the engine's own terms: a tick for timed faults, the nth matching occurrence for
// the others — counted in the trace before the cursor, exactly as the engine's matcher counts.
// Faults that strike later never change what happened before, so the cursor keeps its meaning.

import type { FaultSpec, Json } from '../engine/index';
import type { TraceEvent } from '../engine/trace/types';
import { serviceOfConsumer } from './sequence-layout';

export interface FaultPreset {
  id: string;
  type: string;
  glyph: string;
  label: string;
  spec: FaultSpec;
}

export interface MomentContext {
  trace: readonly TraceEvent[];
  /** Trace position of the cursor (events before it have happened). */
  position: number;
  services: readonly string[];
  /** Fault types the engine knows (the registry's keys). */
  types: ReadonlySet<string>;
  /** How long "cut off from the broker" lasts. */
  outageTicks?: number;
}

/** The virtual time of the cursor: the last event that happened, 0 at the start. */
export function tickAt(trace: readonly TraceEvent[], position: number): number {
  return position > 0 ? trace[Math.min(position, trace.length) - 1]?.tick ?? 0 : 0;
}

/** Deliveries handed to `service` before `position` (what duplicate/delay `nth` count). */
export function deliveriesBefore(trace: readonly TraceEvent[], position: number, service: string, services: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < position && i < trace.length; i++) {
    const e = trace[i]!;
    if (e.kind === 'message.delivered' && serviceOfConsumer(e.data.consumer, services) === service) n++;
  }
  return n;
}

/**
 * Distinct message copies whose handling started in `service` before `position` (handler-throws
 * `nth`): one per handler and message, as the engine's matcher counts them.
 */
export function messagesHandledBefore(trace: readonly TraceEvent[], position: number, service: string): number {
  const ids = new Set<string>();
  for (let i = 0; i < position && i < trace.length; i++) {
    const e = trace[i]!;
    if (e.kind === 'handler.started' && e.data.service === service) ids.add(`${e.data.handler}|${e.messageId ?? `#${e.seq}`}`);
  }
  return ids.size;
}

/**
 * When `service` is next busy after the cursor: the first tick T (after the cursor's) at which
 * one of its handlers is in the middle of its work — started before T, finishing after it — so
 * a crash at T strikes work in flight instead of an idle process. Read from the run as it is:
 * a crash at T changes nothing before T. Null when the service is never busy again.
 */
export function busyCrash(trace: readonly TraceEvent[], position: number, service: string): { atTick: number; running: number } | null {
  const running = new Map<string, number>();
  const key = (e: TraceEvent) => `${(e.data as { handler?: string }).handler ?? ''}|${e.deliveryId ?? e.messageId ?? e.seq}`;
  const apply = (e: TraceEvent) => {
    if (e.kind === 'handler.started' && e.data.service === service) running.set(key(e), e.tick);
    else if ((e.kind === 'handler.completed' || e.kind === 'handler.failed') && e.data.service === service) running.delete(key(e));
    else if (e.kind === 'service.crashed' && e.data.service === service) running.clear();
  };
  const end = Math.min(position, trace.length);
  for (let i = 0; i < end; i++) apply(trace[i]!);
  const after = tickAt(trace, position) + 1;
  for (let i = end; i < trace.length; i++) {
    const e = trace[i]!;
    if (running.size > 0) {
      const at = Math.max(after, Math.min(...running.values()) + 1);
      if (at < e.tick) return { atTick: at, running: running.size };
    }
    apply(e);
  }
  return null;
}

/** The one-click faults for `service` at the cursor, limited to the types the engine has. */
export function presetsFor(service: string, ctx: MomentContext): FaultPreset[] {
  const tick = tickAt(ctx.trace, ctx.position);
  // Timed faults strike after the cursor's tick, so nothing before the cursor changes.
  const at = tick + 1;
  const outage = ctx.outageTicks ?? 5000;
  const out: FaultPreset[] = [];
  const add = (id: string, glyph: string, label: string, spec: FaultSpec) => {
    if (ctx.types.has(spec.type)) out.push({ id: `${id}:${service}`, type: spec.type, glyph, label, spec });
  };
  add('crash', '✸', `Crash ${service} now`, { type: 'crash', service, atTick: at });
  // Crashing an idle service shows nothing: this one waits until it has work in flight. Read
  // from a run, it is not offered when the service is never busy again (it would be an idle
  // crash); without one (the fault panel's list of buttons) it is listed, aimed at the cursor.
  const busy = ctx.trace.length > 0 ? busyCrash(ctx.trace, ctx.position, service) : null;
  if (busy || ctx.trace.length === 0) add('crash-busy', '✸', `Crash ${service} while it is busy${busy ? ` (${busy.atTick.toLocaleString('en')} ms)` : ''}`, { type: 'crash', service, atTick: busy?.atTick ?? at });
  add('duplicate', '⇉', `Duplicate ${service}'s next delivery`, { type: 'duplicate-delivery', service, nth: deliveriesBefore(ctx.trace, ctx.position, service, ctx.services) + 1 });
  add('poison', '☠', `Make ${service}'s next message poison`, { type: 'handler-throws', service, mode: 'poison', nth: messagesHandledBefore(ctx.trace, ctx.position, service) + 1 });
  add('transient', '✗', `${service}'s next message fails twice`, { type: 'handler-throws', service, mode: 'transient', failAttempts: 2, nth: messagesHandledBefore(ctx.trace, ctx.position, service) + 1 });
  add('unreachable', '✂', `Cut ${service} off the broker for ${outage / 1000} s`, { type: 'broker-unreachable', service, fromTick: at, durationTicks: outage });
  add('delay', '◷', `Delay ${service}'s next delivery 2 s`, { type: 'delay-delivery', service, nth: deliveriesBefore(ctx.trace, ctx.position, service, ctx.services) + 1, delayTicks: 2000 });
  add('db-outage', '⊘', `${service}'s database down for ${outage / 1000} s`, { type: 'db-outage', service, fromTick: at, durationTicks: outage });
  return out;
}

/**
 * A starting point for any fault type's options at the cursor, by the option names fault models
 * share (service, atTick, fromTick, durationTicks…). Unknown types get just `{ type }`; the
 * engine's validation says what is missing.
 */
export function templateFor(type: string, service: string | undefined, ctx: Pick<MomentContext, 'trace' | 'position'>): FaultSpec {
  const at = tickAt(ctx.trace, ctx.position) + 1;
  const byType: Record<string, Record<string, Json>> = {
    crash: { atTick: at, restartAfterTicks: 1000 },
    restart: { atTick: at },
    'broker-unreachable': { fromTick: at, durationTicks: 5000 },
    'db-outage': { fromTick: at, durationTicks: 5000 },
    'slow-consumer': { extraTicks: 500, fromTick: at, durationTicks: 5000 },
    'delay-delivery': { delayTicks: 2000, nth: 1 },
    'duplicate-delivery': { nth: 1 },
    'handler-throws': { mode: 'poison', nth: 1 },
    'traffic-spike': { atTick: at, count: 20, intervalTicks: 10 },
    rebalance: { atTick: at },
    chaos: { rates: { duplicate: 0.05, delay: 0.1 } },
    'broker-alarm': { resource: 'memory', atTick: at, durationTicks: 5000 },
  };
  const needsService = !['chaos', 'rebalance', 'redrive', 'reorder', 'lock-expiry', 'drop', 'broker-alarm'].includes(type);
  return { type, ...(service && needsService ? { service } : {}), ...(byType[type] ?? {}) };
}

/** The tick at which a planned fault strikes, when it names one (for timeline markers). */
export function plannedTick(spec: FaultSpec): number | undefined {
  const t = spec.atTick ?? spec.fromTick;
  return typeof t === 'number' ? t : undefined;
}

/** One line describing a planned fault. */
export function describeFault(spec: FaultSpec): string {
  const { type, ...options } = spec;
  const parts = Object.entries(options).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return `${type}${parts.length ? ` · ${parts.join(' · ')}` : ''}`;
}
