// Exploring benchmarks: how long the retry-policy lab and the broker comparison take to compute,
// the work the lab page and the compare view hand to their workers.
//   lab-<preset>        every policy × 20 seeds of a lab preset (100 clients for occ), wall ms and ms a run
//   compare-<scenario>  the scenario on Service Bus, RabbitMQ and Kafka (seed 42, a crash of one
//                       service), and the outcome table's projections over the three traces
// Figures, not assertions. Called from scripts/bench.ts.

import { LAB_PRESET_NAMES, presetRequest, runRetryLab } from '../src/engine/lab/index';
import { runScenario, type FaultSpec } from '../src/engine/index';
import { builtinScenarios } from '../src/scenarios/index';
import { brokerOutcome } from '../src/projections/broker-outcomes';

export function benchExplore(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  for (const preset of LAB_PRESET_NAMES) {
    const request = presetRequest(preset, { seeds: 20 });
    const start = performance.now();
    runRetryLab(request);
    const ms = performance.now() - start;
    const runs = request.policies.length * request.seeds.length;
    lines.push({ name: `lab-${preset}`, clients: request.workload.clients, policies: request.policies.length, seeds: 20, runs, ms: Math.round(ms), msPerRun: +(ms / runs).toFixed(2) });
  }
  for (const id of ['order-flow', 'saga-choreographed']) {
    const scenario = builtinScenarios.find((s) => s.id === id)!;
    const service = scenario.services.find((s) => s.handlers.length > 0)!.name;
    const faults = [{ type: 'crash', service, atTick: 300, restartAfterTicks: 2000 }] as FaultSpec[];
    const start = performance.now();
    const traces = (['servicebus', 'rabbitmq', 'kafka'] as const).map((broker) => runScenario({ ...scenario, broker }, { seed: 42, faults }).trace);
    const runsMs = performance.now() - start;
    const t = performance.now();
    for (const trace of traces) brokerOutcome(trace);
    const outcomesMs = performance.now() - t;
    lines.push({ name: `compare-${id}`, events: traces.map((x) => x.length), runsMs: Math.round(runsMs), outcomesMs: +outcomesMs.toFixed(2) });
  }
  return lines;
}
