// Prints the trace hash of every built-in scenario over a few seeds, with and without chaos, and
// of the queue benchmark on each broker: a before/after check for changes to how the trace is
// written (the hashes must not move). `npx tsx scripts/trace-hashes.ts > before.txt`, change, diff.
import { runScenario } from '../src/engine/index';
import { builtinScenarios } from '../src/scenarios/index';
import { queueScenario } from './bench-scenario';
import { loadHandlerRealmInNode } from '../src/realm/node';

await loadHandlerRealmInNode();

const chaos = [{ type: 'chaos', rates: { duplicate: 0.2, delay: 0.2, throw: 0.2, crash: 0.03 } }] as never;
for (const scenario of builtinScenarios) {
  for (let seed = 1; seed <= 4; seed++) {
    const plain = runScenario(scenario, { seed });
    const faulty = runScenario(scenario, { seed, faults: chaos });
    console.log(scenario.id, seed, plain.trace.length, plain.hash, faulty.trace.length, faulty.hash);
  }
}
for (const [broker, entity] of [['generic', { type: 'queue', name: 'work' }], ['servicebus', { type: 'queue', name: 'work' }], ['rabbitmq', { type: 'queue', name: 'work' }], ['kafka', { type: 'topic', name: 'work', partitions: 3 }]] as const) {
  const r = runScenario(queueScenario(3000, entity as never, broker as never), { seed: 7 });
  console.log('queue', broker, r.trace.length, r.hash);
}
