// The simulator's Web Worker: a thin shell that exposes the simulator API over comlink, so the
// engine's work never blocks the page.

import * as Comlink from 'comlink';
import { simulatorApi } from './simulator-api';
import { setHeartbeatSink } from './heartbeat';

setHeartbeatSink((beat) => self.postMessage(beat));
Comlink.expose(simulatorApi);
