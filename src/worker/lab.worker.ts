// The retry-policy lab's Web Worker: a thin shell exposing lab-api.ts over comlink. The lab runs
// no handler code, so there is no realm to load: it answers at once.

import * as Comlink from 'comlink';
import { labApi } from './lab-api';
import { beat, setHeartbeatSink } from './heartbeat';
import { onRealmActivity } from '../realm/activity';

setHeartbeatSink((b) => self.postMessage(b));
// A handler attempt that keeps reaching its checks is work, not a hang (realm/activity.ts).
onRealmActivity(() => beat());
Comlink.expose(labApi);
