// Workload generators: the outside world calling a service's entry handler, or an outside
// producer publishing a catalog message straight to the broker (`publish`). `steady` makes
// `count` of them, one every `intervalTicks`; `burst` makes them all at once. Each starts a new
// flow with its own correlation id and trace id. They are scheduled one at a time (each
// schedules the next), so a 200,000-message workload costs one agenda slot.

import type { World } from '../world';
import type { Lifecycle } from '../services/lifecycle';
import type { WorkloadSpec } from '../scenario/types';
import type { Json } from '../scenario/json';
import type { IncomingMessage } from '../handlers/api';
import { formatTraceparent } from '../kernel/ids';
import { buildMessage } from '../handlers/messages';

/** The producer name of messages the workload publishes itself. */
export const WORKLOAD_PRODUCER = 'Workload';

export function scheduleWorkload(world: World, lifecycle: Lifecycle, spec: WorkloadSpec): void {
  const interval = spec.kind === 'burst' ? 0 : (spec.intervalTicks ?? 100);
  const fire = spec.publish !== undefined ? publisher(world, lifecycle, spec, spec.publish, interval) : requester(world, lifecycle, spec, interval);
  world.at(spec.startTick ?? 0, () => fire(1));
}

function publisher(world: World, lifecycle: Lifecycle, spec: WorkloadSpec, type: string, interval: number): (n: number) => void {
  const kind = world.catalog.get(type)!.kind;
  const fire = (n: number) => {
    const correlationId = world.ids.next('c');
    const flow = { correlationId, causationId: null, traceparent: formatTraceparent(world.ids.traceId(), world.ids.spanId()) };
    const { message, destination } = buildMessage(world.catalog, world.ids, WORKLOAD_PRODUCER, flow, type, fillTemplate(spec.body, n), undefined, world.now(), kind);
    lifecycle.publishMessage(message, destination, 'workload');
    if (n < spec.count) world.at(world.now() + interval, () => fire(n + 1));
  };
  return fire;
}

function requester(world: World, lifecycle: Lifecycle, spec: WorkloadSpec, interval: number): (n: number) => void {
  const svc = world.services.get(spec.service!)!;
  const handler = svc.handlers.get(spec.handler!)!;
  const fire = (n: number) => {
    const id = world.ids.next('r');
    const correlationId = `c-${id.slice(2)}`;
    const body = fillTemplate(spec.body, n);
    const message: IncomingMessage = Object.freeze({
      id, type: spec.handler!, kind: 'request' as const, body, headers: {}, correlationId, causationId: null,
      traceparent: formatTraceparent(world.ids.traceId(), world.ids.spanId()), broker: {},
    });
    world.record({
      kind: 'request.received', actor: svc.name, messageId: id, correlationId,
      data: { service: svc.name, handler: spec.handler!, body },
      text: `request ${n} of ${spec.count} from the workload calls ${svc.name}.${spec.handler}`,
    });
    lifecycle.request(svc, handler, message);
    if (n < spec.count) world.at(world.now() + interval, () => fire(n + 1));
  };
  return fire;
}

/** Replaces `{n}` and `{n%K}` in string values with the request number. */
export function fillTemplate(template: Json, n: number): Json {
  if (typeof template === 'string') {
    if (!template.includes('{n')) return template;
    const whole = /^\{n(?:%(\d+))?\}$/.exec(template);
    if (whole) return whole[1] ? n % Number(whole[1]) : n;
    return template.replace(/\{n(?:%(\d+))?\}/g, (_, mod) => String(mod ? n % Number(mod) : n));
  }
  if (Array.isArray(template)) return template.map((t) => fillTemplate(t, n));
  if (template && typeof template === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(template)) out[k] = fillTemplate(v, n);
    return out;
  }
  return template;
}
