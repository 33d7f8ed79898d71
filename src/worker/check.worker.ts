// A helper worker of the simulator worker's check pool (check-pool.ts): it loads the handler
// realm, warms it up, says it is ready, then runs the lesson-check ordinals it is handed
// (check-helper.ts). It beats while it works: its beats go to the simulator worker, which passes
// them on to the page's watchdog.

import { checkHelper } from './check-helper';
import type { ToHelper } from './check-pool';
import { beat, setHeartbeatSink } from './heartbeat';
import { onRealmActivity } from '../realm/activity';
import { loadHandlerRealmInBrowser } from '../realm/browser';
import { runScenario } from '../engine/index';
import { defaultScenario } from '../scenarios/index';

setHeartbeatSink((b) => self.postMessage(b));
onRealmActivity(() => beat());

const handle = checkHelper((message) => self.postMessage(message));
const early: ToHelper[] = [];
let ready = false;
self.onmessage = (event: MessageEvent<ToHelper>) => {
  if (ready) handle(event.data);
  else early.push(event.data);
};

void loadHandlerRealmInBrowser().then(() => {
  try {
    runScenario(defaultScenario, { seed: 1 }); // compiles the realm's wasm functions before the first timed run
  } catch {
    /* a warm-up only */
  }
  ready = true;
  for (const message of early.splice(0)) handle(message);
  self.postMessage({ type: 'ready' });
});
