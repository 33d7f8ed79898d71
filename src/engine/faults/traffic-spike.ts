// Traffic spike: `count` extra requests to an entry handler from `atTick`, `intervalTicks`
// apart (0: all at once). The body is the given one, or the template of the scenario's own
// workload for that handler, numbered from `firstN` (default 1001) so keys do not collide.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import type { Json } from '../scenario/json';
import type { IncomingMessage } from '../handlers/api';
import { fillTemplate, seededDraw } from '../workload/generators';
import { Issues, injected } from './common';
import { FAULT_BOUNDS } from '../scenario/bounds';

export interface TrafficSpikeFault extends FaultSpec {
  type: 'traffic-spike';
  service: string;
  handler: string;
  atTick: number;
  count: number;
  intervalTicks?: number;
  body?: Json;
  firstN?: number;
}

export const trafficSpikeFault: FaultModel<TrafficSpikeFault> = {
  type: 'traffic-spike',
  title: 'Traffic spike',
  description: 'Send count extra requests to an entry handler from atTick.',
  validate(spec, scenario) {
    const v = new Issues(spec, scenario).service().int('atTick', { required: true }).int('count', { required: true, min: 1, max: FAULT_BOUNDS.trafficSpikeCountMax }).int('intervalTicks').int('firstN', { min: 1 });
    const svc = scenario.services.find((s) => s.name === spec.service);
    const h = svc?.handlers.find((x) => x.name === spec.handler);
    if (svc && !h) v.add('handler', `no handler named ${JSON.stringify(spec.handler)} in ${svc.name}`);
    else if (h?.consumes) v.add('handler', `${h.name} consumes ${h.consumes}; a spike calls entry handlers`);
    if (svc && h && spec.body === undefined && !scenario.workload.some((w) => w.service === spec.service && w.handler === spec.handler)) v.add('body', 'is required when the scenario has no workload for this handler to copy');
    return v.list;
  },
  install(spec, { world, lifecycle }) {
    const svc = world.services.get(spec.service)!;
    const handler = svc.handlers.get(spec.handler)!;
    const template = spec.body ?? world.scenario.workload.find((w) => w.service === spec.service && w.handler === spec.handler)!.body;
    const first = spec.firstN ?? 1001;
    const draw = seededDraw(world, `spike/${spec.service}/${spec.handler}/${spec.atTick}`);
    const fire = (i: number) => {
      if (i === 0) injected(world, 'traffic-spike', spec.service, `traffic spike: ${spec.count} extra requests to ${spec.service}.${spec.handler}`);
      const id = world.ids.next('r');
      const body = fillTemplate(template, first + i, draw);
      const message: IncomingMessage = Object.freeze({
        id, type: spec.handler, kind: 'request' as const, body, headers: {}, correlationId: `c-${id.slice(2)}`, causationId: null,
        traceparent: world.ids.traceparent(), broker: {},
      });
      world.record({ kind: 'request.received', actor: svc.name, messageId: id, correlationId: message.correlationId, data: { service: svc.name, handler: spec.handler, body, traceparent: message.traceparent }, text: `spike request ${i + 1} of ${spec.count}` });
      lifecycle.request(svc, handler, message);
      if (i + 1 < spec.count) world.at(world.now() + (spec.intervalTicks ?? 0), () => fire(i + 1));
    };
    world.at(spec.atTick, () => fire(0));
  },
};
