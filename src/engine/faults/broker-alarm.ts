// Broker alarm: a RabbitMQ node's memory alarm (memory use above vm_memory_high_watermark) or
// disk alarm (free disk below disk_free_limit) goes off for a while — as when a backlog, a
// large message or another tenant fills the node, or an operator runs
// `rabbitmqctl set_vm_memory_high_watermark 0`. Connections that publish are blocked until it
// clears; those that only consume go on (brokers/rabbitmq/alarms.ts).

import type { FaultModel } from './registry';
import type { FaultSpec, Scenario } from '../scenario/types';
import { Issues, injected } from './common';

export interface BrokerAlarmFault extends FaultSpec {
  type: 'broker-alarm';
  /** 'memory' (default) or 'disk' */
  resource?: 'memory' | 'disk';
  atTick: number;
  durationTicks: number;
}

/** True when some entity of the scenario lives on RabbitMQ. */
function usesRabbitMq(scenario: Scenario): boolean {
  return scenario.broker === 'rabbitmq' || scenario.entities.some((e) => e.broker === 'rabbitmq');
}

export const brokerAlarmFault: FaultModel<BrokerAlarmFault> = {
  type: 'broker-alarm',
  title: 'RabbitMQ memory or disk alarm',
  description: 'The RabbitMQ node\'s memory or disk alarm goes off for a while: every connection that publishes is blocked (and with it the acks of consumers sharing that connection); connections that only consume go on.',
  validate(spec, scenario) {
    const v = new Issues(spec, scenario).oneOf('resource', ['memory', 'disk']).int('atTick', { required: true }).int('durationTicks', { required: true, min: 1 });
    if (!usesRabbitMq(scenario)) v.add('type', 'no RabbitMQ here: memory and disk alarms are a RabbitMQ node\'s (switch the broker to RabbitMQ)');
    return v.list;
  },
  install(spec, { world }) {
    const resource = spec.resource ?? 'memory';
    world.at(spec.atTick, () => {
      injected(world, 'broker-alarm', 'rabbitmq', `the RabbitMQ node's ${resource} alarm goes off for ${spec.durationTicks} ms`);
      world.brokers.find((b) => b.kind === 'rabbitmq')?.raiseAlarm?.(resource, spec.durationTicks);
    });
  },
};
