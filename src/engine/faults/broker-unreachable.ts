// Broker unreachable: a network partition between one service and the broker for an interval.
// Its publishes fail (the handler sees an exception and fails; the outbox relay keeps its rows
// and tries again), its consumers stop receiving, and acks it sends are lost — the broker's
// locks expire and the messages are delivered again after the partition heals.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { BrokerUnreachable } from '../services/lifecycle';
import { Issues, injected } from './common';

export interface BrokerUnreachableFault extends FaultSpec {
  type: 'broker-unreachable';
  service: string;
  fromTick: number;
  durationTicks: number;
}

export const brokerUnreachableFault: FaultModel<BrokerUnreachableFault> = {
  type: 'broker-unreachable',
  title: 'Broker unreachable',
  description: 'Cut a service off from the broker for an interval: publishes fail, consumers stop, acks are lost.',
  validate: (spec, scenario) => new Issues(spec, scenario).service().int('fromTick', { required: true }).int('durationTicks', { required: true, min: 1 }).list,
  install(spec, { world }) {
    const until = spec.fromTick + spec.durationTicks;
    const cut = () => world.now() >= spec.fromTick && world.now() < until;
    const consumers = () => [...world.consumers.entries()].filter(([, c]) => c.service === spec.service);
    world.at(spec.fromTick, () => {
      injected(world, 'broker-unreachable', spec.service, `${spec.service} cannot reach the broker from ${spec.fromTick} to ${until}: publishes fail, consumers stop, acks are lost`);
      for (const [id, c] of consumers()) world.brokerOf.get(c.entity)?.consumerDown(id);
    });
    world.at(until, () => {
      injected(world, 'broker-unreachable', spec.service, `${spec.service} reaches the broker again at ${until}`);
      if (!world.services.get(spec.service)!.up) return;
      for (const [id, c] of consumers()) world.brokerOf.get(c.entity)?.consumerUp(id);
    });
    return {
      publishBlocked(producer, destination) {
        if (producer !== spec.service || !cut()) return null;
        injected(world, 'broker-unreachable', producer, `${producer} could not publish to ${destination}: the broker is unreachable`);
        return new BrokerUnreachable(`broker unreachable from ${producer} (publishing to ${destination})`);
      },
      settleLost(_delivery, service) {
        return service === spec.service && cut() ? 'the broker is unreachable' : null;
      },
    };
  },
};
