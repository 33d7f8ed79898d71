// The simulator's Web Worker: a thin shell that exposes the simulator API over comlink, so the
// engine's work never blocks the page. Handler code runs in a QuickJS realm whose wasm module
// is loaded once, at boot; every call waits for it (the watchdog's boot timeout covers it).

import * as Comlink from 'comlink';
import { simulatorApi, type TraceBatch } from './simulator-api';
import { chunkBuffers } from '../engine/trace/chunk';
import { beat, setHeartbeatSink } from './heartbeat';
import { onRealmActivity } from '../realm/activity';
import { loadHandlerRealmInBrowser } from '../realm/browser';
import { runScenario } from '../engine/index';
import { defaultScenario } from '../scenarios/index';

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

const api = Object.fromEntries(
  Object.entries(simulatorApi).map(([name, fn]) => [
    name,
    async (...args: unknown[]) => {
      await ready;
      const result = (fn as (...a: unknown[]) => unknown).apply(simulatorApi, args);
      // A trace batch's column buffers are moved to the page, not copied (trace/chunk.ts).
      if (name === 'next') return Comlink.transfer(result, chunkBuffers((result as TraceBatch).chunk));
      return result;
    },
  ]),
);

Comlink.expose(api);
