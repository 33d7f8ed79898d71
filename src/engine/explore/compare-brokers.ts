// Comparing brokers: one flow, written once for the generic broker's queues, run with the same
// seed, workload and faults on Azure Service Bus, RabbitMQ and Kafka (the scenario's broker
// switch maps its entities, scenario/broker-switch.ts). For each broker: the trace hash, the
// outcome counts, the checks, the duplicates processed and the end-to-end latency of the flows
// — the table a learner reads to see what each broker's rules change for the same code.

import { runScenario, type RunResult } from '../run';
import type { BrokerKind, FaultSpec, Scenario } from '../scenario/types';
import type { TraceEvent } from '../trace/types';

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

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Per flow (correlation id): first event tick → last handler completion tick. */
export function flowLatencies(trace: readonly TraceEvent[]): number[] {
  const first = new Map<string, number>();
  const done = new Map<string, number>();
  for (const e of trace) {
    const c = e.correlationId;
    if (!c) continue;
    if (!first.has(c)) first.set(c, e.tick);
    if (e.kind === 'handler.completed') done.set(c, e.tick);
  }
  return [...done].map(([c, tick]) => tick - first.get(c)!).sort((a, b) => a - b);
}

/** Attempts that committed a message's work again, after one attempt already had (per service and handler). */
export function duplicatesProcessed(trace: readonly TraceEvent[]): number {
  const open = new Map<string, string>();
  const committed = new Set<string>();
  let duplicates = 0;
  for (const e of trace) {
    if (!e.messageId) continue;
    if (e.kind === 'handler.started') open.set(`${e.actor}|${e.messageId}|${e.deliveryId ?? ''}`, `${e.data.service}/${e.data.handler}|${e.messageId}`);
    else if (e.kind === 'db.committed') {
      const key = `${e.actor}|${e.messageId}|${e.deliveryId ?? ''}`;
      const work = open.get(key);
      if (!work) continue;
      open.delete(key);
      if (committed.has(work)) duplicates++;
      else committed.add(work);
    }
  }
  return duplicates;
}

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
