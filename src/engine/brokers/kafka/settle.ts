// What a handler's outcome does to its record. Kafka has no per-record settlement (ref §3.5,
// §3.8): a record is done when the handler returns (its offset is then committed per the commit
// mode), a throw makes Spring's DefaultErrorHandler seek back and retry it in place, blocking the
// partition, and ctx.deadLetter or exhausted attempts hand it to the retry/dead-letter topics.

import type { Settlement } from '../types';
import { finished } from './offsets';
import { pollAgain } from './membership';
import { schedulePump } from './pump';
import { giveUp, retryNonBlocking } from './retry-topics';
import type { KafkaState } from './state';
import { abortForDelivery } from './transactions';

/**
 * Kafka has no per-record settlement (ref §3.5, §3.8): a record is done when the handler
 * returns (its offset is then committed), a throw makes the error handler retry it, and
 * ctx.deadLetter publishes it to the dead-letter topic.
 */
export function settlementError(settlement: Settlement): string | undefined {
  if (settlement.outcome === 'dead-letter') return undefined;
  return 'Kafka has no per-record acknowledgement: a consumer commits offsets. Return normally and the offset is committed; throw to have the error handler retry the record; ctx.deadLetter(reason) publishes it to the dead-letter topic (ref §3.5, §3.8)';
}

export function settle(k: KafkaState, deliveryId: string, settlement: Settlement): void {
  // A transaction the handler left open (its callback threw) is aborted with it.
  if (k.transactions.size > 0) abortForDelivery(k, deliveryId);
  const flight = k.inFlight.get(deliveryId);
  if (!flight) return;
  k.inFlight.delete(deliveryId);
  const m = flight.member;
  const group = m.group;
  if (flight.incarnation !== m.incarnation) return;
  m.running = Math.max(0, m.running - 1);
  m.flights.delete(flight);
  const p = flight.partition;
  if (group.inFlight[p] === flight) group.inFlight[p] = null;
  const msg = flight.delivery.message;
  const owns = group.owner[p] === m && m.joined;
  if (settlement.outcome === 'complete') {
    k.host.record({ kind: 'message.acked', actor: group.view, messageId: msg.id, correlationId: msg.correlationId, deliveryId, data: { entity: group.view, consumer: m.spec.service } });
    finished(k, group, m, flight, owns);
  } else if (m.opts.retryTopic) {
    retryNonBlocking(k, group, m, flight, owns, settlement);
  } else if (settlement.outcome === 'dead-letter') {
    giveUp(k, group, m, flight, owns, settlement.reason, settlement.description);
  } else {
    const refs = { messageId: msg.id, correlationId: msg.correlationId, deliveryId };
    group.attempts[p]++;
    if (owns && group.attempts[p] < m.opts.deliveryAttempts) {
      group.position[p] = flight.offset;
      k.host.record({
        kind: 'message.abandoned', actor: group.view, ...refs, data: { entity: group.view, consumer: m.spec.service, requeued: true },
        text: `the handler failed: the error handler seeks back to offset ${flight.offset} (attempt ${group.attempts[p]} of ${m.opts.deliveryAttempts}, FixedBackOff(0, ${m.opts.deliveryAttempts - 1})); partition ${p} is blocked meanwhile`,
      });
    } else {
      giveUp(k, group, m, flight, owns, 'retries exhausted', settlement.outcome === 'fail' ? settlement.error : settlement.outcome);
    }
  }
  // Nothing of this member is running any more: no max.poll.interval deadline to watch, and its
  // next poll rejoins the group if it had left it.
  if (m.flights.size === 0) {
    m.pollAlarm.clear();
    pollAgain(k, m);
  }
  schedulePump(k, group);
}
