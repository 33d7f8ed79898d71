// The page's handle on the simulator worker. The worker (and with it the engine) is created on
// first use, so first paint never waits for it; `disposeSimulator` ends it (tests, hot reload).

import * as Comlink from 'comlink';
import type { SimulatorApi } from './simulator-api';

export type Simulator = Comlink.Remote<SimulatorApi>;

let worker: Worker | undefined;
let remote: Simulator | undefined;

export function simulator(): Simulator {
  if (!remote) {
    worker = new Worker(new URL('./simulator.worker.ts', import.meta.url), { type: 'module', name: 'brokerlab-simulator' });
    remote = Comlink.wrap<SimulatorApi>(worker);
  }
  return remote;
}

export function disposeSimulator(): void {
  remote?.[Comlink.releaseProxy]();
  worker?.terminate();
  remote = undefined;
  worker = undefined;
}
