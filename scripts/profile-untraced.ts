// Profiling aid: the benchmark's queue workload (200,000 messages) untraced, PROFILE_RUNS times
// (3), printing each run's CPU ms and the least; PROFILE_TRACED=1 keeps the trace. Bundle it as
// `npm run bench` does and run it under `node --cpu-prof`:
//   npx esbuild scripts/profile-untraced.ts --bundle --platform=node --format=esm --packages=external --outfile=.bench/prof.mjs
//   node --cpu-prof --cpu-prof-dir=.bench/prof .bench/prof.mjs
import { Simulation } from '../src/engine/simulation';
import { queueScenario } from './bench-scenario';

const count = Number(process.env.PROFILE_MESSAGES ?? 200_000);
const traced = process.env.PROFILE_TRACED === '1';
const runs = Number(process.env.PROFILE_RUNS ?? 3);
const cpus: number[] = [];
for (let i = 0; i < runs; i++) {
  const cpu = process.cpuUsage();
  const sim = new Simulation(queueScenario(count), { recordTrace: traced });
  sim.runToEnd();
  const d = process.cpuUsage(cpu);
  cpus.push(Math.round((d.user + d.system) / 1000));
}
console.log(JSON.stringify({ cpuMs: cpus, min: Math.min(...cpus) }));
