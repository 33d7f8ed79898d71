// Database outage: a service's database refuses commits for an interval (failover, a full
// disk). Transactions throw, so handlers fail and their messages are retried; the outbox relay
// cannot mark its batch as sent and publishes it again afterwards. Reads keep working (a
// read replica), which keeps the lesson on writes. With `durationJitterTicks` the outage lasts
// a whole number of ticks more, 0 to that many, drawn from the run's seed (a maintenance window
// never ends on the dot): code tuned to one outage's length meets another on the next seed. The
// drawn end is recorded on the fault's first event (`details.untilTick`).

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { Issues, faultRandom, injected } from './common';

export interface DbOutageFault extends FaultSpec {
  type: 'db-outage';
  service: string;
  fromTick: number;
  durationTicks: number;
  durationJitterTicks?: number;
}

export class DatabaseUnavailable extends Error {
  constructor(service: string) {
    super(`the ${service} database is unavailable: commit refused`);
    this.name = 'DatabaseUnavailable';
  }
}

export const dbOutageFault: FaultModel<DbOutageFault> = {
  type: 'db-outage',
  title: 'Database outage',
  description: "Make a service's commits fail for an interval.",
  validate: (spec, scenario) => new Issues(spec, scenario).service().int('fromTick', { required: true }).int('durationTicks', { required: true, min: 1 }).int('durationJitterTicks').list,
  install(spec, { world }) {
    const jitter = spec.durationJitterTicks ? faultRandom(world, spec).int(spec.durationJitterTicks + 1) : null;
    const until = spec.fromTick + spec.durationTicks + (jitter ?? 0);
    const details = jitter === null ? {} : { details: { fromTick: spec.fromTick, untilTick: until } };
    world.at(spec.fromTick, () => injected(world, 'db-outage', spec.service, `the ${spec.service} database goes down from ${spec.fromTick} to ${until}: commits fail`, details));
    return {
      commitBlocked(service) {
        const now = world.now();
        if (service !== spec.service || now < spec.fromTick || now >= until) return null;
        injected(world, 'db-outage', service, `a commit in ${service} failed: its database is down until ${until}`);
        return new DatabaseUnavailable(service);
      },
    };
  },
};
