// Follower lag: one Kafka broker's followers stop fetching for a while (a slow disk, a long GC
// pause, a congested link). After replica.lag.time.max.ms behind, they leave the in-sync
// replicas; with fewer in-sync replicas than min.insync.replicas, acks=all writes are refused
// (NotEnoughReplicas) and wait, while acks=1 writes go on with fewer copies.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { Issues, injected } from './common';
import { clusterNodeNames, kafkaBroker } from './kafka-cluster';

export interface FollowerLagFault extends FaultSpec {
  type: 'follower-lag';
  broker: string;
  atTick: number;
  durationTicks: number;
}

export const followerLagFault: FaultModel<FollowerLagFault> = {
  type: 'follower-lag',
  title: 'Lagging follower',
  description: 'A Kafka broker\'s followers stop copying from their leaders for a while: after replica.lag.time.max.ms they fall out of the ISR.',
  validate(spec, scenario) {
    const v = new Issues(spec, scenario).int('atTick', { required: true }).int('durationTicks', { required: true, min: 1 });
    const nodes = clusterNodeNames(scenario);
    if (!nodes.includes(spec.broker)) v.add('broker', nodes.length ? `no broker named ${JSON.stringify(spec.broker)} (known: ${nodes.join(', ')})` : 'no Kafka cluster here: give a Kafka topic a replicationFactor');
    return v.list;
  },
  install(spec, { world }) {
    world.at(spec.atTick, () => {
      injected(world, 'follower-lag', spec.broker, `${spec.broker}'s followers stop fetching for ${spec.durationTicks} ms`);
      kafkaBroker(world)?.lagNode?.(spec.broker, spec.durationTicks);
    });
  },
};
