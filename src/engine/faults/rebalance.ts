// Consumer-group rebalance: the group coordinator takes every partition away and assigns them
// again (a member joined, left or missed its heartbeat). Uncommitted offsets are re-read by the
// new owner: duplicates. Only brokers with consumer groups (Kafka) implement `rebalance`; on
// others the fault says that nothing happened.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { Issues, injected } from './common';

export interface RebalanceFault extends FaultSpec {
  type: 'rebalance';
  atTick: number;
  /** Only the consumer groups of this topic (or this group's view of it); default every group. */
  entity?: string;
}

export const rebalanceFault: FaultModel<RebalanceFault> = {
  type: 'rebalance',
  title: 'Consumer-group rebalance',
  description: 'Trigger a consumer-group rebalance at a tick (Kafka); other brokers have no consumer groups.',
  validate(spec, scenario) {
    const v = new Issues(spec, scenario).int('atTick', { required: true });
    if (spec.entity !== undefined && !scenario.entities.some((e) => e.name === spec.entity)) v.add('entity', `no entity named ${JSON.stringify(spec.entity)}`);
    return v.list;
  },
  install(spec, { world }) {
    world.at(spec.atTick, () => {
      const brokers = spec.entity ? [world.brokerOf.get(spec.entity)].filter((b) => b !== undefined) : world.brokers;
      const able = brokers.filter((b) => typeof b.rebalance === 'function');
      const reason = `fault at tick ${spec.atTick}`;
      injected(world, 'rebalance', spec.entity ?? 'consumer groups', able.length > 0
        ? `consumer-group rebalance forced at tick ${spec.atTick}: partitions are revoked and assigned again`
        : `rebalance at tick ${spec.atTick} had no effect: no broker here has consumer groups`);
      for (const b of able) b.rebalance!(reason, spec.entity);
    });
  },
};
