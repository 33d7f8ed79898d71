// Topology state: what each broker entity holds, derived from the trace alone. An entity holds
// a message from its arrival (enqueued, or dead-lettered into it) until it leaves (acked,
// dead-lettered onward, dropped, expired); a delivered-but-unsettled message is still held,
// locked by its consumer. Counting up to a tick gives the topology "at time t" for scrubbing.

import type { TraceEvent } from '../engine/trace/types';

export interface EntityStats {
  /** Messages the entity holds: ready or in flight to a consumer. */
  depth: number;
  /** Arrivals: enqueued, or dead-lettered into it. */
  enqueued: number;
  delivered: number;
  acked: number;
  /** Messages moved from this entity to its dead-letter queue. */
  deadLettered: number;
}

interface Tally extends Omit<EntityStats, 'depth'> {
  held: Set<string>;
}

/** Per-entity stats from the trace events with `tick <= tickMax` (all when omitted). */
export function entityStats(trace: readonly TraceEvent[], tickMax = Number.POSITIVE_INFINITY): Map<string, EntityStats> {
  const tallies = new Map<string, Tally>();
  const of = (entity: string): Tally => {
    let tally = tallies.get(entity);
    if (!tally) {
      tally = { held: new Set(), enqueued: 0, delivered: 0, acked: 0, deadLettered: 0 };
      tallies.set(entity, tally);
    }
    return tally;
  };
  // A DLQ may also record `message.enqueued` for a dead-lettered message: count it once.
  const arrive = (entity: string, messageId = '') => {
    const tally = of(entity);
    if (tally.held.has(messageId)) return;
    tally.held.add(messageId);
    tally.enqueued += 1;
  };
  const leave = (entity: string, messageId = '') => of(entity).held.delete(messageId);
  for (const event of trace) {
    if (event.tick > tickMax) break;
    switch (event.kind) {
      case 'message.enqueued': arrive(event.data.entity, event.messageId); break;
      case 'message.delivered': of(event.data.entity).delivered += 1; break;
      case 'message.acked': of(event.data.entity).acked += 1; leave(event.data.entity, event.messageId); break;
      case 'message.dead-lettered':
        of(event.data.entity).deadLettered += 1;
        leave(event.data.entity, event.messageId);
        arrive(event.data.dlq, event.messageId);
        break;
      case 'message.dropped':
      case 'message.expired': leave(event.data.entity, event.messageId); break;
      default: break;
    }
  }
  const stats = new Map<string, EntityStats>();
  for (const [entity, { held, ...counts }] of tallies) stats.set(entity, { depth: held.size, ...counts });
  return stats;
}
