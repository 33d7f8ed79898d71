// Retry and dead-letter topics. Kafka itself has no dead-letter queue, so this is Spring's
// pattern: @RetryableTopic republishes a failed record to `<topic>-retry` with a back-off and
// finally to `<topic>-dlt` (non-blocking: the offset moves on), while the blocking
// DefaultErrorHandler's DeadLetterPublishingRecoverer publishes to `<topic>.DLT` after the last
// attempt, or, without one, logs the record and skips it.

import type { Settlement } from '../types';
import type { Json } from '../../scenario/json';
import { deadLetterTopicName, retryDeadLetterTopicName, retryTopicName } from './options';
import { finished } from './offsets';
import { append } from './topics';
import type { Group, InFlight, KafkaState, Member } from './state';

/**
 * Spring @RetryableTopic (ref §3.8): a failed record is published to `<topic>-retry` with a
 * back-off and the offset moves on (the partition is not blocked; per-key order is lost); after
 * the last attempt, or for ctx.deadLetter, it goes to `<topic>-dlt`.
 */
export function retryNonBlocking(k: KafkaState, group: Group, m: Member, flight: InFlight, owns: boolean, settlement: Settlement): void {
  const rt = m.opts.retryTopic!;
  const base = group.retryOf ?? group.topic.name;
  const msg = flight.delivery.message;
  const refs = { messageId: msg.id, correlationId: msg.correlationId, deliveryId: flight.delivery.id };
  const attempt = typeof msg.headers['retry_topic-attempts'] === 'number' ? (msg.headers['retry_topic-attempts'] as number) : 1;
  const error = settlement.outcome === 'fail' ? settlement.error : settlement.outcome === 'dead-letter' ? `${settlement.reason}${settlement.description ? `: ${settlement.description}` : ''}` : settlement.outcome;
  const headers: Record<string, Json> = { ...msg.headers, 'kafka_original-topic': (msg.headers['kafka_original-topic'] as Json) ?? group.topic.name, 'kafka_exception-message': error };
  const retryName = retryTopicName(base);
  if (settlement.outcome !== 'dead-letter' && attempt < rt.attempts) {
    const due = k.host.now() + rt.backoffMs;
    const to = k.topics.get(retryName)!;
    k.host.record({
      kind: 'message.forwarded', actor: group.view, ...refs, data: { entity: group.view, to: retryName, attempt: attempt + 1, dueTick: due },
      text: `attempt ${attempt} of ${rt.attempts} failed: published to ${retryName} (not before ${due}, back-off ${rt.backoffMs} ms) and the offset moves on — ${group.topic.name} partition ${flight.partition} is not blocked, so order per key is lost`,
    });
    append(k, to, Math.min(flight.partition, to.partitions.length - 1), 'explicit', { ...msg, headers: { ...headers, 'retry_topic-attempts': attempt + 1, 'retry_topic-backoff-timestamp': due } });
  } else {
    const dltName = retryDeadLetterTopicName(base);
    const dlt = k.topics.get(dltName)!;
    const reason = settlement.outcome === 'dead-letter' ? settlement.reason : 'retries exhausted';
    k.host.record({
      kind: 'message.dead-lettered', actor: group.view, ...refs, data: { entity: group.view, dlq: dltName, reason, description: error },
      text: settlement.outcome === 'dead-letter' ? `published to ${dltName} without further retries (a non-retryable failure)` : `attempt ${attempt} of ${rt.attempts} failed: published to ${dltName}, the dead-letter topic (@RetryableTopic)`,
    });
    append(k, dlt, Math.min(flight.partition, dlt.partitions.length - 1), 'explicit', { ...msg, headers });
  }
  finished(k, group, m, flight, owns);
}

/** After the last attempt: publish to `<topic>.DLT` (same partition) if configured, else log and skip. */
export function giveUp(k: KafkaState, group: Group, m: Member, flight: InFlight, owns: boolean, reason: string, description?: string): void {
  const msg = flight.delivery.message;
  const refs = { messageId: msg.id, correlationId: msg.correlationId, deliveryId: flight.delivery.id };
  const dlt = k.topics.get(deadLetterTopicName(group.topic.name));
  if (m.opts.deadLetterTopic && dlt) {
    k.host.record({
      kind: 'message.dead-lettered', actor: group.view, ...refs, data: { entity: group.view, dlq: dlt.name, reason, ...(description ? { description } : {}) },
      text: `published to ${dlt.name}, partition ${flight.partition} (DeadLetterPublishingRecoverer) after ${group.attempts[flight.partition] || 1} attempt(s), then the offset moves on`,
    });
    const headers = { ...msg.headers, 'kafka_dlt-original-topic': group.topic.name, 'kafka_dlt-original-partition': flight.partition, 'kafka_dlt-original-offset': flight.offset, 'kafka_dlt-exception-message': description ?? reason };
    append(k, dlt, Math.min(flight.partition, dlt.partitions.length - 1), 'explicit', { ...msg, headers });
  } else {
    k.host.record({
      kind: 'message.dropped', actor: group.view, ...refs, data: { entity: group.view, reason: `${reason}: logged and skipped` },
      text: `given up after ${group.attempts[flight.partition] || 1} attempt(s): Kafka has no dead-letter queue, the default recoverer logs the record and the offset moves on (set deadLetterTopic to publish it to ${deadLetterTopicName(group.topic.name)})`,
    });
  }
  finished(k, group, m, flight, owns);
}
