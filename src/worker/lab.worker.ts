// The retry-policy lab's Web Worker: a thin shell exposing lab-api.ts over comlink. The lab runs
// no handler code, so there is no realm to load: it answers at once.

import * as Comlink from 'comlink';
import { labApi } from './lab-api';
import { setHeartbeatSink } from './heartbeat';

setHeartbeatSink((beat) => self.postMessage(beat));
Comlink.expose(labApi);
