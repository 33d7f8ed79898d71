// Workload generators: the outside world calling a service's entry handler, or an outside
// producer publishing a catalog message straight to the broker (`publish`). `steady` makes
// `count` of them, one every `intervalTicks`; `burst` makes them all at once. Each starts a new
// flow with its own correlation id and trace id. They are scheduled one at a time (each
// schedules the next), so a 200,000-message workload costs one agenda slot. Bodies are
// templates: `{n}` is the request number, `{rand:MIN-MAX}` a whole number drawn from the run's
// seed (one stream per workload), so a value a handler hard-codes fails on another seed.

import type { World } from '../world';
import type { Lifecycle } from '../services/lifecycle';
import type { WorkloadSpec } from '../scenario/types';
import type { Json } from '../scenario/json';
import type { IncomingMessage } from '../handlers/api';
import { buildMessage } from '../handlers/messages';

/** The producer name of messages the workload publishes itself. */
export const WORKLOAD_PRODUCER = 'Workload';

export function scheduleWorkload(world: World, lifecycle: Lifecycle, spec: WorkloadSpec, index = 0): void {
  const interval = spec.kind === 'burst' ? 0 : (spec.intervalTicks ?? 100);
  const draw = seededDraw(world, `workload/${index}`);
  const fire = spec.publish !== undefined ? publisher(world, lifecycle, spec, spec.publish, draw) : requester(world, lifecycle, spec, draw);
  // One agenda item for the whole workload, moved on after each request (World.timer: the same
  // order as scheduling the next one anew, without an item and a closure per request).
  let n = 0;
  const next = world.timer(() => {
    n++;
    fire(n);
    if (n < spec.count) next.set(world.now() + interval);
  });
  next.set(spec.startTick ?? 0);
}

/** Draws `{rand:MIN-MAX}` values from the named stream of the run's seed (created on first use). */
export function seededDraw(world: World, stream: string): Draw {
  return (min, max) => min + world.random(stream).int(max - min + 1);
}

function publisher(world: World, lifecycle: Lifecycle, spec: WorkloadSpec, type: string, draw: Draw): (n: number) => void {
  const kind = world.catalog.get(type)!.kind;
  const fire = (n: number) => {
    const correlationId = world.ids.next('c');
    // a new trace: its root's traceparent is drawn but never written (only its trace id is carried on)
    const flow = { correlationId, causationId: null, traceparent: null };
    const { message, destination } = buildMessage(world.catalog, world.ids, WORKLOAD_PRODUCER, flow, type, fillTemplate(spec.body, n, draw), undefined, world.now(), kind);
    lifecycle.publishMessage(message, destination, 'workload');
  };
  return fire;
}

function requester(world: World, lifecycle: Lifecycle, spec: WorkloadSpec, draw: Draw): (n: number) => void {
  const svc = world.services.get(spec.service!)!;
  const handler = svc.handlers.get(spec.handler!)!;
  const fire = (n: number) => {
    const id = world.ids.next('r');
    const correlationId = `c-${id.slice(2)}`;
    const body = fillTemplate(spec.body, n, draw);
    const traceparent = world.ids.traceparent();
    // not frozen: only engine code reads it (handler code gets its own copy in its realm)
    const message: IncomingMessage = {
      id, type: spec.handler!, kind: 'request' as const, body, headers: {}, correlationId, causationId: null,
      traceparent, broker: {},
    };
    world.record({
      kind: 'request.received', actor: svc.name, messageId: id, correlationId,
      data: { service: svc.name, handler: spec.handler!, body, traceparent },
      text: `request ${n} of ${spec.count} from the workload calls ${svc.name}.${spec.handler}`,
    });
    lifecycle.request(svc, handler, message);
  };
  return fire;
}

/** Draws a whole number in [min, max]. */
export type Draw = (min: number, max: number) => number;

const TOKEN = /\{n(?:%(\d+))?\}|\{rand:(\d+)-(\d+)\}/g;

/**
 * Replaces `{n}` and `{n%K}` in string values with the request number, and `{rand:MIN-MAX}`
 * with a whole number from `draw` (without one: MIN). A value that is only a token becomes a
 * number; values are filled in key order, so the draws are the same on every run of a seed.
 */
export function fillTemplate(template: Json, n: number, draw?: Draw): Json {
  if (typeof template === 'string') return template.includes('{') ? fillString(template, n, draw) : template;
  if (Array.isArray(template)) return fillArray(template, n, draw);
  if (template && typeof template === 'object') return fillObject(template, n, draw);
  return template;
}

// (Closures live in the helpers: fillTemplate runs for every request, mostly on null or plain values.)
function fillArray(template: Json[], n: number, draw: Draw | undefined): Json {
  return template.map((t) => fillTemplate(t, n, draw));
}

function fillObject(template: { [key: string]: Json }, n: number, draw: Draw | undefined): Json {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(template)) out[k] = fillTemplate(v, n, draw);
  return out;
}

function fillString(template: string, n: number, draw: Draw | undefined): Json {
  const value = (mod: string | undefined, min: string | undefined, max: string | undefined): number => {
    if (min !== undefined) {
      const lo = Number(min);
      const hi = Math.max(lo, Number(max));
      return draw ? draw(lo, hi) : lo;
    }
    return mod ? n % Number(mod) : n;
  };
  const whole = /^(?:\{n(?:%(\d+))?\}|\{rand:(\d+)-(\d+)\})$/.exec(template);
  if (whole) return value(whole[1], whole[2], whole[3]);
  return template.replace(TOKEN, (_, mod: string | undefined, min: string | undefined, max: string | undefined) => String(value(mod, min, max)));
}
