// The brokers' own machinery in the sequence diagram: Kafka's replicas, leaders, in-sync sets,
// compaction and group rebalances, RabbitMQ's publisher confirms, stream offsets and resource
// alarms (a blocked connection is a note on its service). Each is a
// note on the lifeline it concerns (a broker, a topic, a producer, a consumer); the builder in
// sequence-layout.ts places it like any other note.

import type { TraceEvent } from '../engine/trace/types';
import type { Tone } from './sequence-layout-types';

export interface BrokerNote {
  lifeline: string;
  text: string;
  tone: Tone;
}

const note = (lifeline: string, text: string, tone: Tone): BrokerNote => ({ lifeline, text, tone });

/** The note a broker-internal event draws (`label`: its message's type), or undefined for any other event. */
export function brokerNote(e: TraceEvent, label: string): BrokerNote | undefined {
  switch (e.kind) {
    case 'produce.failed':
      return note(e.data.producer, `✗ send ${label}: ${e.data.reason.split(':')[0]}${e.data.retrying ? ' (retries)' : ''}`, 'failure');
    case 'broker.crashed':
      return note(e.data.broker, '✸ broker crashed', 'failure');
    case 'broker.restarted':
      return note(e.data.broker, '↻ broker back (follower)', 'retry');
    case 'broker.lagging':
      return note(e.data.broker, `◷ followers stalled until ${e.data.untilTick} ms`, 'fault');
    case 'leader.elected':
      return note(e.data.leader ?? e.data.topic, e.data.leader ? `● leads ${e.data.topic}-${e.data.partition}${e.data.unclean ? ' (unclean)' : ''}` : `✗ ${e.data.topic}-${e.data.partition} offline`, e.data.unclean || !e.data.leader ? 'failure' : 'normal');
    case 'replica.truncated':
      return note(e.actor, `✗ ${e.data.topic}-${e.data.partition} from offset ${e.data.fromOffset}: ${e.data.records} record(s) gone`, 'failure');
    case 'log.compacted':
      return note(e.data.topic, `⊘ compacted ${e.data.topic}-${e.data.partition} to offset ${e.data.cleanedTo}: ${e.data.removed} removed`, 'skipped');
    case 'publish.confirmed':
      return e.data.outcome === 'ack' ? undefined : note(e.data.publisher, `✗ ${e.data.outcome === 'nack' ? 'basic.nack' : 'no confirm'}: ${label}${e.data.awaited ? ', its publish throws' : e.data.retrying ? ', publishes again' : ', gives up'}`, 'retry');
    case 'stream.attached':
      return note(e.data.consumer, `↺ attaches at offset ${e.data.offset} (x-stream-offset ${e.data.offsetSpec})`, 'retry');
    case 'group.rebalance-started':
      return note(e.data.member, `◷ rejoin waits for the old session until ${e.data.waitingUntilTick} ms`, 'fault');
    case 'broker.alarm-raised':
      return note(e.actor, `⚠ ${e.data.resource} alarm: publishers blocked`, 'fault');
    case 'broker.alarm-cleared':
      return note(e.actor, `✓ ${e.data.resource} alarm cleared`, 'normal');
    case 'connection.blocked':
      return note(e.actor, `❚❚ ${e.data.connection} blocked (${e.data.resource} alarm)`, 'fault');
    case 'connection.unblocked':
      return note(e.actor, `▶ ${e.data.connection} unblocked: ${e.data.held} held frame(s) sent`, 'retry');
    case 'isr.shrunk':
    case 'isr.expanded':
      return note(e.actor === 'controller' ? e.data.topic : e.actor, `ISR ${e.data.topic}-${e.data.partition} [${e.data.isr.join(', ')}]`, e.kind === 'isr.shrunk' ? 'fault' : 'normal');
    default:
      return undefined;
  }
}
