// Broker crash: one broker of the Kafka cluster dies. Partitions it led have no leader until the
// controller fences it (broker.session.timeout.ms) and elects one from the in-sync replicas —
// or, with unclean.leader.election.enable, from any replica. Records only the dead leader had
// (acks=1, acknowledged before the followers copied them) are lost in the failover; acks=all with
// min.insync.replicas ≥ 2 keeps every acknowledged record. The broker comes back after
// `restartAfterTicks` (null: stays down) as a follower.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { Issues, injected } from './common';
import { clusterNodeNames, kafkaBroker } from './kafka-cluster';

export interface BrokerCrashFault extends FaultSpec {
  type: 'broker-crash';
  /** kafka-1 … kafka-n */
  broker: string;
  atTick: number;
  restartAfterTicks?: number | null;
}

export const brokerCrashFault: FaultModel<BrokerCrashFault> = {
  type: 'broker-crash',
  title: 'Crash a Kafka broker',
  description: 'Kill one broker of the Kafka cluster (kafka-1…) at a tick: its partitions fail over to an in-sync replica; it may restart later as a follower.',
  validate(spec, scenario) {
    const v = new Issues(spec, scenario).int('atTick', { required: true });
    const nodes = clusterNodeNames(scenario);
    if (nodes.length === 0) v.add('broker', 'no Kafka cluster here: give a Kafka topic a replicationFactor to have brokers kafka-1…');
    else if (!nodes.includes(spec.broker)) v.add('broker', `no broker named ${JSON.stringify(spec.broker)} (known: ${nodes.join(', ')})`);
    if (spec.restartAfterTicks !== undefined && spec.restartAfterTicks !== null) v.int('restartAfterTicks', { min: 1 });
    return v.list;
  },
  install(spec, { world }) {
    const restart = spec.restartAfterTicks ?? null;
    world.at(spec.atTick, () => {
      injected(world, 'broker-crash', spec.broker, `crash ${spec.broker} at tick ${spec.atTick} (${restart === null ? 'it stays down' : `back in ${restart} ms`})`);
      kafkaBroker(world)?.crashNode?.(spec.broker, restart);
    });
  },
};
