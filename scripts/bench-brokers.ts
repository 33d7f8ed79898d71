// Broker benchmark: the same workload through the generic queue and each faithful broker model.
// A burst of messages is published straight to the broker entity (scripts/bench-scenario.ts);
// one consumer with 8 concurrent built-in `ack` handlers drains it. The figure
// is messages per second of wall-clock time, untraced (as the foundation benchmark measures the
// engine), best of three; `ratioToGeneric` compares each broker with the generic queue (target:
// each ≥ 0.5, i.e. within 2x). Called from scripts/bench.ts; run alone it prints JSON lines.

import { Simulation, type BrokerKind, type Json, type Scenario } from '../src/engine/index';
import { queueScenario } from './bench-scenario';

export interface BrokerBench {
  name: string;
  msgsPerSec: number;
  ratioToGeneric: number;
}

interface Target {
  name: string;
  broker: BrokerKind;
  entity: Record<string, Json>;
  consumerOptions?: Json;
}

const TARGETS: Target[] = [
  { name: 'generic', broker: 'generic', entity: { type: 'queue', name: 'work' } },
  { name: 'servicebus', broker: 'servicebus', entity: { type: 'queue', name: 'work' } },
  { name: 'rabbitmq', broker: 'rabbitmq', entity: { type: 'queue', name: 'work' } },
  { name: 'kafka', broker: 'kafka', entity: { type: 'topic', name: 'work', partitions: 8 } },
];

export function brokerBenchScenario(target: Target, count: number): Scenario {
  return queueScenario(count, { ...target.entity, name: 'work', type: String(target.entity.type) }, target.broker, target.consumerOptions);
}

function timeRun(scenario: Scenario): number {
  const start = performance.now();
  const sim = new Simulation(scenario, { recordTrace: false });
  sim.runToEnd();
  const ms = performance.now() - start;
  if (sim.world.endReason !== 'quiescent') throw new Error(`${scenario.id} ended with ${sim.world.endReason}`);
  return ms;
}

export function benchBrokers(messages = Number(process.env.BENCH_MESSAGES ?? 200_000), runs = 3): BrokerBench[] {
  for (const t of TARGETS) timeRun(brokerBenchScenario(t, 20_000)); // warm up the JIT
  const rates = TARGETS.map((t) => {
    const scenario = brokerBenchScenario(t, messages);
    let best = Infinity;
    for (let i = 0; i < runs; i++) best = Math.min(best, timeRun(scenario));
    return { name: t.name, msgsPerSec: Math.round(messages / (best / 1000)) };
  });
  const generic = rates[0].msgsPerSec;
  return rates.map((r) => ({ ...r, ratioToGeneric: +(r.msgsPerSec / generic).toFixed(3) }));
}

if (process.argv[1] && /bench-brokers\.(ts|mjs|js)$/.test(process.argv[1])) {
  for (const line of benchBrokers()) process.stdout.write(JSON.stringify({ ...line, name: `broker-${line.name}` }) + '\n');
}
