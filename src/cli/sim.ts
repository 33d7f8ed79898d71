// The headless CLI's entry: `npm run sim -- …` (usage in sim-run.ts, which does the work).
// The run happens in a worker thread so that this thread can watch it. The handler realm's
// deterministic work budget is counted where QuickJS checks its interrupt handler, between
// bytecode instructions; code stuck inside one C built-in (comparing or copying megabytes, again
// and again) runs between two checks for minutes. When a realm call has stood still for
// BROKERLAB_STALL_MS of real time (20 s unless set), the run is stopped with one clear line and
// exit code 3: a limit in real time, so where it stops is not reproducible, and no trace is
// printed. A long run that is making progress is never stopped: the watchdog reads only the
// realm's activity (realm/activity.ts), not the run's length.

import { Worker } from 'node:worker_threads';
import { readRealmActivity } from '../realm/activity';

const STALL_MS = Number(process.env.BROKERLAB_STALL_MS) > 0 ? Number(process.env.BROKERLAB_STALL_MS) : 20_000;
const POLL_MS = Math.min(1000, Math.max(50, Math.floor(STALL_MS / 10)));

const activity = new SharedArrayBuffer(8);
// tsx's loader does not follow a worker thread by itself (Node 20): the worker registers it
// before it imports the CLI's module.
const entry = new URL('./sim-run.ts', import.meta.url).href;
const worker = new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`, {
  eval: true,
  argv: process.argv.slice(2),
  workerData: { activity },
});
let reported: number | null = null;
worker.on('message', (m: { exitCode?: unknown }) => {
  if (typeof m?.exitCode === 'number') reported = m.exitCode;
});
worker.on('error', (error) => {
  process.stderr.write(`sim: ${error.message}\n`);
  reported = 2;
});

let last = readRealmActivity(activity).count;
let stillSinceMs = Date.now();
const watch = setInterval(() => {
  const now = readRealmActivity(activity);
  if (!now.inCall || now.count !== last) {
    last = now.count;
    stillSinceMs = Date.now();
    return;
  }
  if (Date.now() - stillSinceMs < STALL_MS) return;
  clearInterval(watch);
  process.stderr.write(`sim: stopped: handler code spent ${Math.round(STALL_MS / 1000)} s of real time inside one built-in operation without reaching a point where its work budget is counted (e.g. comparing, concatenating or spreading very large strings or arrays in a loop). This is a real-time limit, so where it stops is not reproducible; no trace is printed.\n`);
  reported = 3;
  void worker.terminate();
}, POLL_MS);
watch.unref();

worker.on('exit', () => {
  clearInterval(watch);
  // exitCode, not exit(): a pipe takes stdout asynchronously, and exit() would cut a long output.
  process.exitCode = reported ?? 2;
});
