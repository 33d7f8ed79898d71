// Producer cut off: the connection between a producer service and the Kafka cluster drops for a
// while — its records still reach the leader, but the acknowledgements do not come back. After
// request.timeout.ms the producer sends the same record again: without enable.idempotence that
// is a second copy in the log (a duplicate every consumer reads); with it, the leader recognises
// the producer id and sequence number and does not write it twice.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { Issues, injected } from './common';
import { kafkaBroker } from './kafka-cluster';

export interface ProducerCutOffFault extends FaultSpec {
  type: 'producer-cut-off';
  service: string;
  atTick: number;
  durationTicks: number;
}

export const producerCutOffFault: FaultModel<ProducerCutOffFault> = {
  type: 'producer-cut-off',
  title: 'Cut a producer off',
  description: 'A Kafka producer\'s acknowledgements are lost for a while: it resends after request.timeout.ms — a duplicate unless enable.idempotence.',
  validate(spec, scenario) {
    const v = new Issues(spec, scenario).service('service', true).int('atTick', { required: true }).int('durationTicks', { required: true, min: 1 });
    if (![scenario.broker, ...scenario.entities.map((e) => e.broker)].includes('kafka')) v.add('', 'producer-cut-off models the Kafka producer protocol; this scenario has no Kafka topics');
    return v.list;
  },
  install(spec, { world }) {
    world.at(spec.atTick, () => {
      injected(world, 'producer-cut-off', spec.service, `${spec.service}'s connection to the Kafka cluster drops for ${spec.durationTicks} ms: requests arrive, acknowledgements do not`);
      kafkaBroker(world)?.cutOffProducer?.(spec.service, spec.durationTicks);
    });
  },
};
