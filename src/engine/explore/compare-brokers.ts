// Comparing brokers: one flow, written once for the generic broker's queues, run with the same
// seed, workload and faults on Azure Service Bus, RabbitMQ and Kafka (the scenario's broker
// switch maps its entities, scenario/broker-switch.ts). For each broker: the trace hash, the
// outcome counts, the checks, the duplicates processed and the end-to-end latency of the flows
// — the table a learner reads to see what each broker's rules change for the same code. The
// figures are flow-figures.ts's, which the page's outcome table reads too, so both show the same.

import { runScenario, type RunResult } from '../run';
import type { BrokerKind, FaultSpec, Scenario } from '../scenario/types';
import { duplicatesProcessed, flowLatencies, percentile } from './flow-figures';

/** The brokers a comparison runs, in this order, when the scenario's switch offers them. */
export const COMPARED_BROKERS: readonly BrokerKind[] = ['servicebus', 'rabbitmq', 'kafka'];

export interface BrokerComparison {
  broker: BrokerKind;
  hash: string;
  endReason: RunResult['endReason'];
  counts: Record<string, number>;
  /** Handler attempts that committed work for a message some attempt had already committed. */
  duplicatesProcessed: number;
  checks: { name: string; valid: boolean }[];
  /** Time from a flow's first event to its last handler completion, over the flows that completed. */
  latencyP50Ticks: number | null;
  latencyP99Ticks: number | null;
}

export class NoBrokerSwitch extends Error {
  constructor(id: string) {
    super(`scenario "${id}" declares no broker switch (brokerSwitch), so it runs on one broker only`);
    this.name = 'NoBrokerSwitch';
  }
}

export { flowLatencies, duplicatesProcessed };

export function compareBrokers(scenario: Scenario, options: { seed?: number; faults?: FaultSpec[] } = {}): BrokerComparison[] {
  const offered = scenario.brokerSwitch?.brokers;
  if (!offered) throw new NoBrokerSwitch(scenario.id);
  return COMPARED_BROKERS.filter((b) => offered.includes(b)).map((broker) => {
    const result = runScenario({ ...scenario, broker }, options);
    const latencies = flowLatencies(result.trace);
    return {
      broker,
      hash: result.hash,
      endReason: result.endReason,
      counts: result.metrics.counts,
      duplicatesProcessed: duplicatesProcessed(result.trace),
      checks: result.checks.map((c) => ({ name: c.name, valid: c.valid })),
      latencyP50Ticks: percentile(latencies, 50),
      latencyP99Ticks: percentile(latencies, 99),
    };
  });
}
