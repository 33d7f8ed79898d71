// Restart: bring a crashed service back at a chosen tick (when a crash left it down). Memory
// starts empty; its database kept everything committed; its consumers reconnect.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { Issues, injected } from './common';

export interface RestartFault extends FaultSpec {
  type: 'restart';
  service: string;
  atTick: number;
}

export const restartFault: FaultModel<RestartFault> = {
  type: 'restart',
  title: 'Restart a service',
  description: 'Start a crashed service again at a tick: memory empty, database kept.',
  validate: (spec, scenario) => new Issues(spec, scenario).service().int('atTick', { required: true }).list,
  install(spec, { world, lifecycle }) {
    world.at(spec.atTick, () => {
      const svc = world.services.get(spec.service)!;
      if (svc.up) return;
      injected(world, 'restart', spec.service, `restart ${spec.service} at tick ${spec.atTick}`);
      lifecycle.restart(svc);
    });
  },
};
