// The simulator's Web Worker: a thin shell that exposes the simulator API over comlink, so the
// engine's work never blocks the page. Handler code runs in a QuickJS realm whose wasm module
// is loaded once, at boot; every call waits for it (the watchdog's boot timeout covers it).

import * as Comlink from 'comlink';
import { CHECK_BATCH_RUNS_DEFAULT, simulatorApi, type TraceBatch } from './simulator-api';
import { CheckPool, type FromHelper, type HelperPort } from './check-pool';
import type { CheckableLesson } from '../content/check';
import type { CodeFiles } from '../content/resolve';
import { chunkBuffers } from '../engine/trace/chunk';
import { beat, isHeartbeat, setHeartbeatSink } from './heartbeat';
import { onRealmActivity } from '../realm/activity';
import { handlerRealmWasmModule, loadHandlerRealmInBrowser } from '../realm/browser';
import { runScenario } from '../engine/index';
import { defaultScenario } from '../scenarios/index';

/**
 * Helper workers for a lesson check at most. Each holds its own pool of realms, each realm a
 * wasm memory, and V8 reserves address space per wasm memory within one limit per renderer
 * (its workers included): three workers stay well inside it.
 */
const HELPERS_MAX = 2;

setHeartbeatSink((b) => self.postMessage(b));
// A handler attempt that keeps reaching its checks is work, not a hang (realm/activity.ts).
onRealmActivity(() => beat());

// Boot: load the wasm, then run the default scenario once, so V8 has compiled the realm's wasm
// functions before the first timed call (the watchdog gives boot its own, longer timeout).
const ready = loadHandlerRealmInBrowser().then(() => {
  try {
    runScenario(defaultScenario, { seed: 1 });
  } catch {
    /* a warm-up only: real calls report their own errors */
  }
});

// "Check my code" shared with helper workers, one per spare core (check-pool.ts), made when a
// lesson page is idle (`checkWarm`) or at the first check; without them (no nested workers) the
// check runs here alone, as in Node.
let pool: CheckPool | null | undefined;
function checkPool(): CheckPool | null {
  if (pool !== undefined) return pool;
  const helpers = Math.max(1, Math.min(HELPERS_MAX, (navigator.hardwareConcurrency || 2) - 1));
  try {
    const ports: HelperPort[] = [];
    for (let i = 0; i < helpers; i++) {
      const worker = new Worker(new URL('./check.worker.ts', import.meta.url), { type: 'module', name: `brokerlab-check-${i + 1}` });
      try {
        worker.postMessage({ type: 'wasm', module: handlerRealmWasmModule() });
      } catch {
        worker.postMessage({ type: 'wasm', module: null }); // a module that cannot cross: the helper compiles its own
      }
      ports.push({
        post: (message) => worker.postMessage(message),
        listen(onMessage, onDeath) {
          worker.addEventListener('message', (event: MessageEvent) => (isHeartbeat(event.data) ? beat() : onMessage(event.data as FromHelper)));
          worker.addEventListener('error', () => {
            worker.terminate();
            onDeath();
          });
        },
      });
    }
    pool = new CheckPool(ports);
  } catch {
    pool = null;
  }
  return pool;
}

const checkCalls: Record<string, (...args: never[]) => unknown> = {
  checkStart: (lesson: CheckableLesson, files: CodeFiles) => checkPool()?.checkStart(lesson, files) ?? simulatorApi.checkStart(lesson, files),
  checkNext: (checkId: number, runsMax?: number, timeMs?: number) =>
    pool ? pool.checkNext(checkId, runsMax ?? CHECK_BATCH_RUNS_DEFAULT, timeMs ?? Number.POSITIVE_INFINITY) : simulatorApi.checkNext(checkId, runsMax, timeMs),
  checkCancel: (checkId: number) => (pool ? pool.checkCancel(checkId) : simulatorApi.checkCancel(checkId)),
  checkWarm: (lesson: CheckableLesson, files: CodeFiles) => {
    checkPool()?.warm(lesson, files);
    simulatorApi.checkWarm(lesson, files);
  },
};

const api = Object.fromEntries(
  Object.entries(simulatorApi).map(([name, fn]) => [
    name,
    async (...args: unknown[]) => {
      await ready;
      const result = await (checkCalls[name] ?? (fn as (...a: unknown[]) => unknown)).apply(simulatorApi, args as never[]);
      // A trace batch's column buffers are moved to the page, not copied (trace/chunk.ts).
      if (name === 'next') return Comlink.transfer(result, chunkBuffers((result as TraceBatch).chunk));
      return result;
    },
  ]),
);

Comlink.expose(api);
