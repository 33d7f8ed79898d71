// Profiling aid: where the untraced queue workload allocates — bytes per message by the function
// that allocated (V8's sampling heap profiler, collected objects included), after a warm-up run.
// Bundle it like profile-untraced.ts; `node --max-inlined-bytecode-size=0` names functions that
// would otherwise be inlined into their callers. Writes .bench/alloc.heapprofile.
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { Simulation } from '../src/engine/simulation';
import { queueScenario } from './bench-scenario';

const session = new Session();
session.connect();
new Simulation(queueScenario(20_000), { recordTrace: false }).runToEnd();
await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
new Simulation(queueScenario(200_000), { recordTrace: false }).runToEnd();
const { profile } = await session.post('HeapProfiler.stopSampling');
writeFileSync('.bench/alloc.heapprofile', JSON.stringify(profile));
type Node = { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] };
const self = new Map<string, number>();
let total = 0;
const walk = (n: Node) => {
  const k = `${n.callFrame.functionName || '(anon)'} :${n.callFrame.lineNumber + 1}`;
  self.set(k, (self.get(k) ?? 0) + n.selfSize);
  total += n.selfSize;
  n.children.forEach(walk);
};
walk(profile.head as Node);
console.log('total MB', (total / 1e6).toFixed(1), 'bytes/msg', Math.round(total / 200_000));
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(String(Math.round(v / 200_000)).padStart(5), k);
