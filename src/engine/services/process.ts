// The life of a service's process: a crash ends it (every running attempt is lost, its realm
// with all module state is dropped, its consumers leave the broker) and a restart starts a new
// one (handler modules evaluated afresh, consumers back, the outbox relay kicked). Only the
// service's database and the broker survive; what was in memory is gone, as in a real process.

import type { World } from '../world';
import { dropRealm, restartRealm } from '../handlers/load';
import type { Invocation, InvocationEnd, ServiceRuntime } from './invocation';
import type { SyncCalls } from './calls';
import type { Relay } from './outbox-relay';

/** What the process life needs from the service host (services/lifecycle). */
export interface ProcessHost {
  readonly calls: SyncCalls;
  readonly relays: ReadonlyMap<string, Relay>;
  /** Records how an invocation ended, once. */
  ended(inv: Invocation, end: InvocationEnd): void;
  restart(svc: ServiceRuntime): void;
}

/** Stops `svc`'s process; it restarts after `restartAfterTicks` (null: stays down). */
export function crashProcess(world: World, host: ProcessHost, svc: ServiceRuntime, why: string, restartAfterTicks: number | null): void {
  if (!svc.up) return;
  svc.up = false;
  svc.incarnation++;
  const dead = svc.invocations.toArray();
  const lost = dead.length;
  for (const inv of dead) inv.alive = false;
  svc.invocations.clear();
  host.calls.crashed(svc);
  dropRealm(svc);
  for (const inv of dead) host.ended(inv, { ok: false, error: `${svc.name} crashed`, crashed: true });
  world.record({
    kind: 'service.crashed', actor: svc.name, data: { service: svc.name, lostInvocations: lost },
    text: `${svc.name} crashed (${why}): ${lost} running handler(s) lost, uncommitted work discarded`,
  });
  for (const handler of svc.handlers.values()) {
    if (handler.consumerId) world.brokerOf.get(handler.spec.consumes!)?.consumerDown(handler.consumerId);
  }
  for (const broker of world.brokers) broker.serviceDown?.(svc.name);
  if (restartAfterTicks !== null) world.at(world.now() + restartAfterTicks, () => host.restart(svc));
}

/** Starts a new process for `svc` (nothing when it is already up). */
export function restartProcess(world: World, host: ProcessHost, svc: ServiceRuntime): void {
  if (svc.up) return;
  svc.up = true;
  world.record({
    kind: 'service.restarted', actor: svc.name, data: { service: svc.name },
    text: `${svc.name} restarted: memory is empty, its database kept everything committed`,
  });
  // A new process: every handler module is evaluated again, so nothing held in memory
  // (module-level variables, caches, an in-memory "inbox") survives the crash.
  restartRealm(svc, world);
  for (const handler of svc.handlers.values()) {
    if (handler.consumerId) world.brokerOf.get(handler.spec.consumes!)?.consumerUp(handler.consumerId);
  }
  host.relays.get(svc.name)?.kick();
}
