// What the playground allocates while it plays: the bench:ui run (the order flow with 5,200
// orders), played at "max" from the start at 1280×720 (PROFILE_SIZE, e.g. 1440x900), with
// PROFILE_STREAMING=1 pressed while the run still streams in, under V8's sampling heap profiler
// (every allocation sampled, also what the young and old collectors freed since). Prints the
// bytes allocated per event played, and the functions that allocated most (self bytes, and
// bytes of their callees; a built-in with the function that called it). With PROFILE_OLD=1
// only what outlived the young generation's collections is sampled (promoted to the old
// generation, or still alive at the end): what fills the old generation, so what makes major
// collections come. A tool for finding causes, not a benchmark: its numbers are not budgets.

import { startHarness } from '../test/browser/harness';
import { openBigRun, playAtMax } from './ui-big-run';

const ORDERS = Number(process.env.PROFILE_ORDERS ?? 5200);
const PLAY_MS = Number(process.env.PROFILE_PLAY_MS ?? 6000);
const TOP = Number(process.env.PROFILE_TOP ?? 25);
const STREAMING = process.env.PROFILE_STREAMING === '1';
const OLD = process.env.PROFILE_OLD === '1';
const [WIDTH, HEIGHT] = (process.env.PROFILE_SIZE ?? '1280x720').split('x').map(Number) as [number, number];

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface SamplingNode { callFrame: CallFrame; selfSize: number; id: number; children: SamplingNode[] }

const kb = (n: number) => Math.round(n / 102.4) / 10;
const harness = await startHarness();
try {
  const { page, load } = await openBigRun(harness, { orders: ORDERS, width: WIDTH, height: HEIGHT, streaming: STREAMING });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !OLD });
  if (STREAMING) await load();
  const played = await playAtMax(page, PLAY_MS, STREAMING);
  const { profile } = (await cdp.send('HeapProfiler.stopSampling')) as unknown as { profile: { head: SamplingNode } };

  const name = (f: CallFrame) => `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  const walk = (node: SamplingNode, stack: string[]): number => {
    const k = name(node.callFrame);
    // A built-in (no script) is named with its caller: which `set` or `splice` it was.
    const selfKey = node.callFrame.url ? k : `${k} < ${stack.at(-1) ?? ''}`;
    self.set(selfKey, (self.get(selfKey) ?? 0) + node.selfSize);
    all += node.selfSize;
    let sum = node.selfSize;
    for (const c of node.children) sum += walk(c, [...stack, k]);
    if (!stack.includes(k)) total.set(k, (total.get(k) ?? 0) + sum);
    return sum;
  };
  walk(profile.head, []);
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([k, v]) => `${kb(v)} KB ${Math.round((100 * v) / Math.max(1, all))}% ${k}`);
  console.log(JSON.stringify({
    size: `${WIDTH}x${HEIGHT}`, streaming: STREAMING, old: OLD, eventsPlayed: played,
    allocatedMB: Math.round(all / 1048576), bytesPerEventPlayed: Math.round(all / Math.max(1, played)),
    selfTop: top(self), totalTop: top(total),
  }, null, 2));
} finally {
  await harness.close();
}
