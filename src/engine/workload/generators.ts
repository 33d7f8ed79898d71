// Workload generators: the outside world calling a service's entry handler. `steady` makes
// `count` requests, one every `intervalTicks`; `burst` makes them all at once. Each request
// starts a new flow with its own correlation id and trace id. Requests are scheduled one at a
// time (each schedules the next), so a 200,000-request workload costs one agenda slot.

import type { World } from '../world';
import type { Lifecycle } from '../services/lifecycle';
import type { WorkloadSpec } from '../scenario/types';
import type { Json } from '../scenario/json';
import type { IncomingMessage } from '../handlers/api';
import { formatTraceparent } from '../kernel/ids';

export function scheduleWorkload(world: World, lifecycle: Lifecycle, spec: WorkloadSpec): void {
  const svc = world.services.get(spec.service)!;
  const handler = svc.handlers.get(spec.handler)!;
  const interval = spec.kind === 'burst' ? 0 : (spec.intervalTicks ?? 100);
  const fire = (n: number) => {
    const id = world.ids.next('r');
    const correlationId = `c-${id.slice(2)}`;
    const body = fillTemplate(spec.body, n);
    const message: IncomingMessage = Object.freeze({
      id, type: spec.handler, kind: 'request' as const, body, headers: {}, correlationId, causationId: null,
      traceparent: formatTraceparent(world.ids.traceId(), world.ids.spanId()), broker: {},
    });
    world.record({
      kind: 'request.received', actor: svc.name, messageId: id, correlationId,
      data: { service: svc.name, handler: spec.handler, body },
      text: `request ${n} of ${spec.count} from the workload calls ${svc.name}.${spec.handler}`,
    });
    lifecycle.request(svc, handler, message);
    if (n < spec.count) world.at(world.now() + interval, () => fire(n + 1));
  };
  world.at(spec.startTick ?? 0, () => fire(1));
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
