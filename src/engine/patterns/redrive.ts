// Dead-letter redrive: an operator moves dead-lettered messages back to their queue, one or
// all, after (hopefully) fixing the cause. The consequences show in the trace that follows:
// redriving before the fix dead-letters them again; redriving into a handler without an inbox
// or idempotency applies effects a second time for messages that had partly succeeded.

import type { World } from '../world';
import { injected } from '../faults/common';

/** Accepts the queue name or its dead-letter queue's ("orders" or "orders.dlq"). */
export function redriveDeadLetters(world: World, entity: string, messageIds?: string[]): number {
  const queue = entity.endsWith('.dlq') && !world.brokerOf.has(entity.slice(0, -4)) ? entity : entity.replace(/\.dlq$/, '');
  const broker = world.brokerOf.get(queue);
  const which = messageIds?.length ? messageIds.join(', ') : 'every message';
  if (!broker?.redrive) {
    injected(world, 'redrive', queue, `redrive of ${queue} did nothing: its broker cannot redrive`);
    return 0;
  }
  injected(world, 'redrive', queue, `operator redrives ${which} from ${queue}.dlq back to ${queue}: unless the cause is fixed they dead-letter again, and a handler without an inbox applies their effects again`);
  return broker.redrive(queue, messageIds);
}
