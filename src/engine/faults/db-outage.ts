// Database outage: a service's database refuses commits for an interval (failover, a full
// disk). Transactions throw, so handlers fail and their messages are retried; the outbox relay
// cannot mark its batch as sent and publishes it again afterwards. Reads keep working (a
// read replica), which keeps the lesson on writes.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { Issues, injected } from './common';

export interface DbOutageFault extends FaultSpec {
  type: 'db-outage';
  service: string;
  fromTick: number;
  durationTicks: number;
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
  validate: (spec, scenario) => new Issues(spec, scenario).service().int('fromTick', { required: true }).int('durationTicks', { required: true, min: 1 }).list,
  install(spec, { world }) {
    const until = spec.fromTick + spec.durationTicks;
    world.at(spec.fromTick, () => injected(world, 'db-outage', spec.service, `the ${spec.service} database goes down from ${spec.fromTick} to ${until}: commits fail`));
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
