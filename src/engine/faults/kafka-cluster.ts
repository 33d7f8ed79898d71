// What the Kafka cluster faults share: finding the broker model that runs a Kafka cluster and
// naming its brokers (kafka-1 … kafka-n, n = the largest replicationFactor of the scenario's
// topics) for validation before the run.

import type { Scenario } from '../scenario/types';
import type { Broker } from '../brokers/types';
import type { World } from '../world';

/** kafka-1 … kafka-n for the scenario's replicated Kafka topics (none: no cluster to fault). */
export function clusterNodeNames(scenario: Scenario): string[] {
  let n = 0;
  for (const e of scenario.entities) {
    if ((e.broker ?? scenario.broker) === 'kafka' && e.type === 'topic' && typeof e.replicationFactor === 'number') n = Math.max(n, e.replicationFactor);
  }
  return Array.from({ length: n }, (_, i) => `kafka-${i + 1}`);
}

export function kafkaBroker(world: World): Broker | undefined {
  return world.brokers.find((b) => typeof b.clusterNodes === 'function' && b.clusterNodes().length > 0) ?? world.brokers.find((b) => b.kind === 'kafka');
}
