// The page's handle on the lab worker, created on first use (the lab page only) and guarded by
// the same watchdog as the simulator (watchdog.ts): a worker that stops answering is replaced.

import * as Comlink from 'comlink';
import type { LabApi } from './lab-api';
import { Watchdog } from './watchdog';

export type LabWorker = Comlink.Remote<LabApi>;

let watchdog: Watchdog<LabWorker> | undefined;

export function labWorker(): LabWorker {
  watchdog ??= new Watchdog<LabWorker>({
    create: () => {
      const worker = new Worker(new URL('./lab.worker.ts', import.meta.url), { type: 'module', name: 'brokerlab-lab' });
      return { worker, remote: Comlink.wrap<LabApi>(worker) };
    },
    release: (remote) => remote[Comlink.releaseProxy](),
  });
  return watchdog.remote;
}

export function disposeLabWorker(): void {
  watchdog?.dispose();
  watchdog = undefined;
}
