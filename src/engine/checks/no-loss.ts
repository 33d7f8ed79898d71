// no-loss: every message a broker accepted ends processed (acked) or dead-lettered. A copy
// that was dropped or expired without a dead-letter queue is `lost`; a message nobody could
// route is `unroutable`; one still waiting in the broker when the run ended is `unprocessed`.
// RabbitMQ has no dead-letter queue of its own: a dead-letter exchange routes to ordinary
// queues, and a copy that arrived there by dead-lettering (it carries `x-death`) and waits
// is dead-lettered, not unprocessed. A record Kafka's log compaction removed before a group read
// it (a newer record of its key replaces it) is not a loss either.

import type { Check, CheckError } from './types';
import type { TraceEvent } from '../trace/types';

interface CopyState {
  open: number;
  /** Arrived by dead-lettering (RabbitMQ x-death): waiting there is not a loss. */
  parked: boolean;
  firstRef: number;
  refs: number[];
}

export const noLoss: Check = {
  name: 'no-loss',
  title: 'No message lost',
  description: 'Every accepted message ends processed or dead-lettered.',
  run({ trace }) {
    const errors: CheckError[] = [];
    const copies = new Map<string, CopyState>();
    const key = (entity: string, id: string) => `${entity}\u0000${id}`;
    for (const e of trace) {
      if (!e.messageId) continue;
      switch (e.kind) {
        case 'message.enqueued': {
          const k = key(e.data.entity, e.messageId);
          const c = copies.get(k) ?? { open: 0, parked: false, firstRef: e.seq, refs: [] };
          c.open++;
          if (e.data.props?.['x-death'] !== undefined) c.parked = true;
          c.refs.push(e.seq);
          copies.set(k, c);
          break;
        }
        case 'message.acked':
        case 'message.dead-lettered':
        // Kafka log compaction removed a record its group had not read: by design a compacted
        // topic keeps only the latest record per key, and the group reads that one instead.
        case 'message.compacted':
          settle(copies.get(key(e.data.entity, e.messageId)), e);
          break;
        case 'message.dropped':
        case 'message.expired': {
          const c = copies.get(key(e.data.entity, e.messageId));
          settle(c, e);
          errors.push({
            anomaly: 'lost',
            explanation: `${e.messageId} vanished from ${e.data.entity} at tick ${e.tick} (${e.kind === 'message.expired' ? 'expired' : e.data.reason}) without being processed or dead-lettered`,
            eventRefs: c ? [...c.refs] : [e.seq],
          });
          break;
        }
        case 'message.unroutable':
          errors.push({
            anomaly: 'unroutable',
            explanation: `${e.messageId} was published to ${e.data.destination} at tick ${e.tick}, but no queue received it`,
            eventRefs: [...publishRefs(trace, e.messageId), e.seq],
          });
          break;
      }
    }
    for (const [k, c] of copies) {
      if (c.open <= 0 || c.parked) continue;
      const [entity, id] = k.split('\u0000');
      errors.push({
        anomaly: 'unprocessed',
        explanation: `${id} was still in ${entity} when the run ended: accepted, never processed or dead-lettered`,
        eventRefs: c.refs,
      });
    }
    return errors;
  },
};

function settle(c: CopyState | undefined, e: TraceEvent): void {
  if (!c) return;
  c.open = Math.max(0, c.open - 1);
  c.refs.push(e.seq);
}

function publishRefs(trace: readonly TraceEvent[], messageId: string): number[] {
  return trace.filter((e) => e.kind === 'message.published' && e.messageId === messageId).map((e) => e.seq);
}
