// A helper worker of the simulator worker's check pool (check-pool.ts): it loads the handler
// realm from the wasm module the simulator worker compiled (no fetch, no compile of its own),
// says it is ready, then runs the lesson-check ordinals it is handed (check-helper.ts). No
// warm-up run: the sooner it is ready the more runs it takes. It beats while it works: its beats go to the simulator worker, which passes
// them on to the page's watchdog.

import { checkHelper } from './check-helper';
import type { ToHelper } from './check-pool';
import { beat, setHeartbeatSink } from './heartbeat';
import { onRealmActivity } from '../realm/activity';
import { loadHandlerRealmInBrowser } from '../realm/browser';

setHeartbeatSink((b) => self.postMessage(b));
onRealmActivity(() => beat());

const handle = checkHelper((message) => self.postMessage(message));
const early: ToHelper[] = [];
let ready = false;
let loading = false;
// The first message is the wasm module the simulator worker compiled (or null: fetch and compile it here).
self.onmessage = (event: MessageEvent<ToHelper | { type: 'wasm'; module: WebAssembly.Module | null }>) => {
  const data = event.data;
  if (data.type === 'wasm') {
    if (!loading) load(data.module ?? undefined);
    return;
  }
  if (ready) handle(data);
  else early.push(data);
};

function load(module: WebAssembly.Module | undefined): void {
  loading = true;
  void loadHandlerRealmInBrowser(module).then(() => {
    ready = true;
    for (const message of early.splice(0)) handle(message);
    self.postMessage({ type: 'ready' });
  });
}
