// One run of the retry-policy lab: `clients` clients each need one call to succeed against the
// dependency (dependency.ts) and retry by one policy (policies.ts). A small discrete-event loop
// on the engine's agenda (kernel/event-queue.ts, ordered by tick then insertion) in integer
// ticks; every random number comes from named streams of the one seed — the network, the start
// times and each client's jitter — so every policy meets the same clients at the same start
// times, and the same inputs give the same numbers in Node and in the browser.
// Counted: calls that reached the dependency (for `occ`, the conditional writes, as the article
// counts them; each also made a read), calls refused locally by a guard, clients that succeeded
// or gave up, when the last client finished, and calls per `LAB_BIN_TICKS` bin over time.

import { EventQueue } from '../kernel/event-queue';
import { createRandom } from '../kernel/random';
import { CapacityServer, netDelayTicks, OccRow, type DependencyModel, type Network } from './dependency';
import { ClientBackoff, sharedGuard, type LabPolicyName, type PolicySettings } from './policies';

/** Width of one bin of the calls-over-time histogram. */
export const LAB_BIN_TICKS = 10;

export interface LabWorkload extends Network {
  clients: number;
  /** Clients start at a tick drawn uniformly in [0, startSpreadTicks) (0: all at once). */
  startSpreadTicks: number;
  dependency: DependencyModel;
  /** The run stops here (a policy that never finishes is cut, and says so). */
  ticksMax: number;
}

export interface LabRunStats {
  policy: LabPolicyName;
  seed: number;
  calls: number;
  /** Calls a guard refused locally (the breaker open, the budget empty): they never reached the dependency. */
  refused: number;
  succeeded: number;
  gaveUp: number;
  /** When the last client succeeded or gave up (ticksMax if the run was cut). */
  completionTicks: number;
  /** Calls that reached the dependency per LAB_BIN_TICKS, from tick 0. */
  callBins: number[];
  /** The most retries (not first calls) that reached the dependency within one bin: clustering. */
  peakRetriesPerBin: number;
  /** Capacity model: the most calls in service or queued at once; occ: 0. */
  peakInside: number;
  cut: boolean;
}

export function simulateRetries(workload: LabWorkload, policy: LabPolicyName, settings: PolicySettings, seed: number): LabRunStats {
  const root = createRandom(seed, 'retry-lab');
  const net = root.fork('net');
  const starts = root.fork('start');
  const agenda = new EventQueue();
  const guard = sharedGuard(policy, settings);
  const dependency = workload.dependency;
  const row = new OccRow();
  const server = dependency.kind === 'capacity' ? new CapacityServer(dependency) : null;
  const backoffs = Array.from({ length: workload.clients }, (_, i) => new ClientBackoff(policy, settings, root.fork(`client/${i}`)));
  const stats: LabRunStats = { policy, seed, calls: 0, refused: 0, succeeded: 0, gaveUp: 0, completionTicks: 0, callBins: [], peakRetriesPerBin: 0, peakInside: 0, cut: false };
  const retryBins: number[] = [];
  let now = 0;
  const at = (tick: number, run: () => void) => agenda.push(tick, run);
  const hop = () => netDelayTicks(workload, net);

  const called = (tick: number, retry: boolean) => {
    stats.calls++;
    const bin = Math.floor(tick / LAB_BIN_TICKS);
    stats.callBins[bin] = (stats.callBins[bin] ?? 0) + 1;
    if (retry) {
      retryBins[bin] = (retryBins[bin] ?? 0) + 1;
      stats.peakRetriesPerBin = Math.max(stats.peakRetriesPerBin, retryBins[bin]!);
    }
  };
  const finish = (ok: boolean) => {
    if (ok) stats.succeeded++;
    else stats.gaveUp++;
    stats.completionTicks = Math.max(stats.completionTicks, now);
  };
  const failed = (client: number, retries: number) => {
    const delay = backoffs[client]!.delayTicks(retries + 1);
    if (delay === null) finish(false);
    else at(now + delay, () => attempt(client, retries + 1));
  };
  const replied = (client: number, retries: number, ok: boolean) => {
    guard.settled(now, ok);
    if (ok) finish(true);
    else failed(client, retries);
  };
  const attempt = (client: number, retries: number) => {
    if (guard.admit(now, retries > 0) === 'refused') {
      // A budget that has no token left hands the failure back: the client gives up. An open
      // breaker fails the call at once, and the client backs off as from any failure.
      if (policy === 'retry-budget') finish(false);
      else failed(client, retries);
      return;
    }
    if (server) {
      at(now + hop(), () => {
        called(now, retries > 0);
        const taken = server.arrive(now, () => at(now + server.serviceTicks, () => {
          server.finish();
          at(now + hop(), () => replied(client, retries, true));
        }));
        if (!taken) at(now + hop(), () => replied(client, retries, false));
      });
      return;
    }
    // occ: read the version, then write it back conditionally.
    at(now + hop(), () => {
      const seen = row.read();
      at(now + hop() + hop(), () => {
        called(now, retries > 0);
        const ok = row.write(seen);
        at(now + hop(), () => replied(client, retries, ok));
      });
    });
  };

  for (let i = 0; i < workload.clients; i++) {
    const start = workload.startSpreadTicks > 0 ? starts.int(workload.startSpreadTicks) : 0;
    at(start, () => attempt(i, 0));
  }
  for (;;) {
    const item = agenda.pop();
    if (!item) break;
    if (item.tick > workload.ticksMax) {
      stats.cut = true;
      stats.completionTicks = workload.ticksMax;
      break;
    }
    now = item.tick;
    item.run();
  }
  for (let b = 0; b < stats.callBins.length; b++) stats.callBins[b] ??= 0;
  stats.peakInside = server?.peakInside ?? 0;
  stats.refused = guard.refused;
  return stats;
}
