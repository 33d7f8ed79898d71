// The delivery pump: once per tick per entity (coalesced), competing receivers take messages
// round-robin while they have call slots or prefetch room (MaxConcurrentCalls + PrefetchCount),
// or, on a session entity, accept free sessions (sessions.ts). It sits on top of the other
// modules, which ask for it through SbCore.schedulePump.

import { handOver, nextActive } from './delivery';
import { pumpSessions } from './sessions';
import type { Entity, Receiver, SbCore } from './state';

export function schedulePump(core: SbCore, entity: Entity): void {
  if (entity.pumpScheduled || entity.receivers.length === 0) return;
  entity.pumpScheduled = true;
  core.host.at(core.host.now(), () => {
    entity.pumpScheduled = false;
    if (entity.opts.requiresSession) pumpSessions(core, entity);
    else pump(core, entity);
  });
}

function capacity(r: Receiver): number {
  return r.spec.concurrency + r.opts.prefetchCount - r.running - r.buffer.length;
}

/** Competing receivers take messages round-robin while they have call slots or prefetch room. */
function pump(core: SbCore, entity: Entity): void {
  const receivers = entity.receivers;
  let progress = true;
  while (progress && entity.active.length > 0) {
    progress = false;
    for (let k = 0; k < receivers.length; k++) {
      const r = receivers[(entity.roundRobin + k) % receivers.length];
      if (!r.up || capacity(r) <= 0) continue;
      const msg = nextActive(core, entity, entity.active);
      if (!msg) return;
      handOver(core, entity, r, msg, null);
      progress = true;
    }
    entity.roundRobin = (entity.roundRobin + 1) % receivers.length;
  }
}
