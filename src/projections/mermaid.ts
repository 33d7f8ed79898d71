// Trace → mermaid `sequenceDiagram` text. Participants are the services and broker entities in
// order of first appearance; events are dashed arrows (-->>), commands solid (->>); deliveries
// go from the entity to the consumer, redeliveries are marked ↻ with their count; failures,
// crashes, dead-letters and faults are notes or crossed arrows, so the text reads on its own;
// Kafka's cluster brokers (kafka-1…) are participants too, with replication, acks and failovers.
// Pure, so the CLI, the exports and the tests all produce the same text.

import type { TraceEvent } from '../engine/trace/types';

export interface MermaidOptions {
  /** First and last trace seq to include (inclusive). */
  fromSeq?: number;
  toSeq?: number;
  /** Show acks as return arrows. */
  acks?: boolean;
  /** Show database commits as notes. */
  commits?: boolean;
}

/**
 * Any name or text made safe to sit in one mermaid statement. Names come from scenarios, links
 * and handler errors, so they are untrusted: mermaid reads `%%{init: …}%%` directives anywhere
 * in the text (one could restyle the diagram with CSS that loads a URL), `%%` starts a comment,
 * `;` and line breaks end a statement (a name could start a `click`/`link` line of its own),
 * `#…;` is an entity code, and `<…>` would be HTML in a label. So: line breaks and `;`/`#`
 * become spaces or commas, `<>` look-alike angles, and every `%%` is broken up (`% %`), which
 * leaves no directive, comment or statement a name can open.
 */
export function mermaidText(text: string): string {
  return text
    .replace(/[;#]/g, ',')
    .replace(/[\r\n\u2028\u2029\u0085\v\f]+/g, ' ')
    .replace(/[<>]/g, (c) => (c === '<' ? '‹' : '›'))
    .replace(/%(?=%)/g, '% ')
    .trim();
}

export function traceToMermaid(trace: readonly TraceEvent[], options: MermaidOptions = {}): string {
  const from = options.fromSeq ?? 0;
  const to = options.toSeq ?? Number.POSITIVE_INFINITY;
  const ids = new Map<string, string>();
  const lines: string[] = [];
  const kinds = new Map<string, 'event' | 'command'>();
  const types = new Map<string, string>();
  const p = (name: string): string => {
    let id = ids.get(name);
    if (!id) {
      id = `P${ids.size}`;
      ids.set(name, id);
    }
    return id;
  };
  for (const e of trace) {
    if (e.kind === 'message.published' && e.messageId) {
      kinds.set(e.messageId, e.data.messageKind);
      types.set(e.messageId, e.data.type);
    }
    if (e.seq < from || e.seq > to) continue;
    const line = eventLine(e, p, kinds, types, options);
    if (line) lines.push(line);
  }
  const header = [...ids].map(([name, id]) => `  participant ${id} as ${mermaidText(name)}`);
  return ['sequenceDiagram', ...header, ...lines.map((l) => `  ${l}`)].join('\n') + '\n';
}

function eventLine(
  e: TraceEvent,
  p: (name: string) => string,
  kinds: Map<string, 'event' | 'command'>,
  types: Map<string, string>,
  options: MermaidOptions,
): string | null {
  const id = e.messageId ?? '';
  const arrow = kinds.get(id) === 'command' ? '->>' : '-->>';
  const label = (extra = '') => mermaidText(`${types.get(id) ?? id} ${id}${extra}`);
  switch (e.kind) {
    case 'message.published':
      return `${p(e.actor)}${arrow}${p(e.data.destination)}: ${e.data.uncommitted ? '◌ ' : ''}${label(e.data.via === 'outbox' ? ' (outbox)' : e.data.uncommitted ? ' (before commit)' : '')}`;
    case 'message.delivered': {
      const count = Number(e.data.props.deliveryCount ?? e.data.props.DeliveryCount ?? 1);
      return `${p(e.data.entity)}${arrow}${p(e.data.consumer)}: ${label(count > 1 ? ` ↻ ${count}` : '')}`;
    }
    case 'message.acked':
      return options.acks ? `${p(e.data.consumer)}-->>${p(e.data.entity)}: ack ${mermaidText(id)}` : null;
    case 'handler.failed':
      return `Note over ${p(e.actor)}: ✗ ${mermaidText(e.data.error).slice(0, 80)}`;
    case 'message.dead-lettered':
      return `${p(e.data.entity)}-x${p(e.data.dlq)}: ☠ ${label(` ${e.data.reason}`)}`;
    case 'message.lock-expired':
      return `Note over ${p(e.data.entity)}: ◷ lock expired ${mermaidText(id)}`;
    case 'service.crashed':
      return `Note over ${p(e.data.service)}: ✸ crashed`;
    case 'service.restarted':
      return `Note over ${p(e.data.service)}: ↺ restarted`;
    case 'fault.injected':
      return `Note over ${p(e.data.target)}: ⚡ ${mermaidText(e.data.fault)}`;
    case 'inbox.duplicate-skipped':
      return `Note over ${p(e.actor)}: ⇉ duplicate ${mermaidText(id)} skipped`;
    case 'db.committed':
      return options.commits && e.data.writes.length ? `Note over ${p(e.data.service)}: ✓ commit ${e.data.writes.length} write(s)` : null;
    case 'message.unroutable':
      return `Note over ${p(e.actor)}: ✗ ${label(' unroutable')}`;
    case 'call.started':
      return `${p(e.data.from)}->>${p(e.data.to)}: ${mermaidText(`${e.data.uncommitted ? '◌ ' : ''}call ${e.data.operation} ${id}${e.data.uncommitted ? ' (before commit)' : ''}`)}`;
    case 'external.called': {
      const d = e.data;
      const what = d.outcome === 'applied' ? `◆ ${d.operation} ${d.key}` : d.outcome === 'replayed' ? `⇉ ${d.operation} ${d.key} replayed, same key` : `✗ ${d.operation} refused, key reused`;
      return `Note over ${p(d.external)}: ${mermaidText(what)}`;
    }
    case 'call.completed':
      return `${p(e.data.to)}-->>${p(e.data.from)}: ${mermaidText(`↩ ${e.data.operation} ${id} (${e.data.durationTicks} ms)`)}`;
    case 'call.failed':
      return `${p(e.data.to)}--x${p(e.data.from)}: ${mermaidText(`✗ ${e.data.operation} ${id}: ${e.data.reason}`)}`;
    default:
      return kafkaClusterLine(e, p, label);
  }
}

/** Broker-node events, as the live diagram draws them: Kafka brokers (kafka-1…) and the RabbitMQ node are participants of their own. */
function kafkaClusterLine(e: TraceEvent, p: (name: string) => string, label: (extra?: string) => string): string | null {
  switch (e.kind) {
    case 'replica.fetched':
      return `${p(e.data.leader)}-->>${p(e.data.broker)}: ${mermaidText(`replicate ${e.data.topic}-${e.data.partition} …${e.data.logEndOffset - 1} (high watermark ${e.data.highWatermark})`)}`;
    case 'produce.acknowledged':
      return `${p(e.actor)}-->>${p(e.data.producer)}: ${mermaidText(`↩ ack ${label()} @${e.data.offset} (acks=${e.data.acks})`)}`;
    case 'produce.failed':
      return `Note over ${p(e.data.producer)}: ${mermaidText(`✗ send ${label()}: ${e.data.reason.split(':')[0]}${e.data.retrying ? ' (retries)' : ''}`)}`;
    case 'broker.alarm-raised':
      return `Note over ${p(e.actor)}: ${mermaidText(`⚠ ${e.data.resource} alarm: publishers blocked`)}`;
    case 'broker.alarm-cleared':
      return `Note over ${p(e.actor)}: ${mermaidText(`✓ ${e.data.resource} alarm cleared`)}`;
    case 'connection.blocked':
      return `Note over ${p(e.actor)}: ${mermaidText(`❚❚ ${e.data.connection} blocked (${e.data.resource} alarm)`)}`;
    case 'connection.unblocked':
      return `Note over ${p(e.actor)}: ${mermaidText(`▶ ${e.data.connection} unblocked: ${e.data.held} held frame(s) sent`)}`;
    case 'broker.crashed':
      return `Note over ${p(e.data.broker)}: ✸ broker crashed`;
    case 'broker.restarted':
      return `Note over ${p(e.data.broker)}: ↻ broker back (follower)`;
    case 'broker.lagging':
      return `Note over ${p(e.data.broker)}: ◷ followers stalled until ${e.data.untilTick} ms`;
    case 'leader.elected':
      return e.data.leader
        ? `Note over ${p(e.data.leader)}: ${mermaidText(`● leads ${e.data.topic}-${e.data.partition}${e.data.unclean ? ' (unclean)' : ''}`)}`
        : `Note over ${p(e.data.topic)}: ${mermaidText(`✗ ${e.data.topic}-${e.data.partition} offline`)}`;
    case 'replica.truncated':
      return `Note over ${p(e.actor)}: ${mermaidText(`✗ ${e.data.topic}-${e.data.partition} from offset ${e.data.fromOffset}: ${e.data.records} record(s) gone`)}`;
    case 'log.compacted':
      return `Note over ${p(e.data.topic)}: ${mermaidText(`⊘ compacted ${e.data.topic}-${e.data.partition} to offset ${e.data.cleanedTo}: ${e.data.removed} removed`)}`;
    case 'publish.confirmed':
      return e.data.outcome === 'ack' ? null : `Note over ${p(e.data.publisher)}: ${mermaidText(`✗ ${e.data.outcome === 'nack' ? 'basic.nack' : 'no confirm'}: ${label()}${e.data.awaited ? ', its publish throws' : e.data.retrying ? ', publishes again' : ', gives up'}`)}`;
    case 'stream.attached':
      return `Note over ${p(e.data.consumer)}: ${mermaidText(`↺ attaches at offset ${e.data.offset} (x-stream-offset ${e.data.offsetSpec})`)}`;
    case 'group.rebalance-started':
      return `Note over ${p(e.data.member)}: ${mermaidText(`◷ rejoin waits for the old session until ${e.data.waitingUntilTick} ms`)}`;
    case 'isr.shrunk':
    case 'isr.expanded':
      return `Note over ${p(e.actor === 'controller' ? e.data.topic : e.actor)}: ${mermaidText(`ISR ${e.data.topic}-${e.data.partition} [${e.data.isr.join(', ')}]`)}`;
    default:
      return null;
  }
}
