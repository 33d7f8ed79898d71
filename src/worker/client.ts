// The page's handle on the simulator worker. The worker (and with it the engine) is created on
// first use, so first paint never waits for it; `disposeSimulator` ends it (tests, hot reload).
// Every call goes through the watchdog (watchdog.ts): a worker that stops answering is replaced.

import * as Comlink from 'comlink';
import type { SimulatorApi } from './simulator-api';
import { Watchdog, type RestartEvent } from './watchdog';

export type Simulator = Comlink.Remote<SimulatorApi>;

let watchdog: Watchdog<Simulator> | undefined;

function guard(): Watchdog<Simulator> {
  watchdog ??= new Watchdog<Simulator>({
    create: () => {
      const worker = new Worker(new URL('./simulator.worker.ts', import.meta.url), { type: 'module', name: 'brokerlab-simulator' });
      return { worker, remote: Comlink.wrap<SimulatorApi>(worker) };
    },
    release: (remote) => remote[Comlink.releaseProxy](),
  });
  return watchdog;
}

export function simulator(): Simulator {
  return guard().remote;
}

/** Hear about worker restarts (to tell the user and replay what worked); returns unsubscribe. */
export function onSimulatorRestart(listener: (event: RestartEvent) => void): () => void {
  return guard().onRestart(listener);
}

export function disposeSimulator(): void {
  watchdog?.dispose();
  watchdog = undefined;
}
