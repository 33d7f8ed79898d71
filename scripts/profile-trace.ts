// Profiling aid for the trace write path: runs the queue benchmark (traced unless UNTRACED=1)
// RUNS times and prints each run's CPU ms and the best. Bundle with esbuild as `npm run bench`
// does, then run it with node (--cpu-prof for a profile).
import { Simulation } from '../src/engine/simulation';
import { queueScenario } from './bench-scenario';

const traced = process.env.UNTRACED !== '1';
const runs = Number(process.env.RUNS ?? 5);
new Simulation(queueScenario(20_000), { recordTrace: traced }).runToEnd();
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const cpu = process.cpuUsage();
  new Simulation(queueScenario(200_000), { recordTrace: traced }).runToEnd();
  const u = process.cpuUsage(cpu);
  times.push(Math.round((u.user + u.system) / 1000));
}
console.log(`${traced ? 'traced' : 'untraced'} cpu ms: ${times.join(' ')}  best ${Math.min(...times)}`);
