// Retention and replay: retention.ms / retention.bytes delete the oldest records whether or not
// a group has read them (a group whose position falls behind the log start is reset by
// auto.offset.reset), and kafka-consumer-groups --reset-offsets rewinds or skips a group's
// committed offsets so its records are read again (or not) on the next assignment.

import type { Member, KafkaState, Group, Partition, Topic } from './state';
import { groupView } from './options';

/** retention.ms / retention.bytes (ref §3.6): the oldest records are deleted, read or not. */
export function applyRetention(k: KafkaState, topic: Topic): void {
  const now = k.host.now();
  let next: number | null = null;
  for (const partition of topic.partitions) {
    let deleted = 0;
    while (partition.records.length > 0) {
      const head = partition.records.peek()!;
      if (head.compacted) {
        // Already removed by compaction (its readers were told then): the log start moves past it.
        partition.records.shift();
        partition.logStart = head.offset + 1;
        continue;
      }
      const tooOld = head.tick + topic.retentionMs <= now;
      const tooBig = topic.retentionBytes >= 0 && partition.bytes > topic.retentionBytes;
      if (!tooOld && !tooBig) break;
      partition.records.shift();
      partition.bytes -= head.bytes;
      partition.logStart = head.offset + 1;
      deleted++;
      for (const group of topic.groups) {
        if (group.processed[partition.index] <= head.offset && !group.inFlight[partition.index]) {
          k.host.record({ kind: 'message.expired', actor: group.view, messageId: head.message.id, correlationId: head.message.correlationId, data: { entity: group.view }, text: `deleted by retention before group ${group.id} read offset ${head.offset}` });
        }
      }
    }
    if (deleted > 0) {
      k.host.record({ kind: 'retention.deleted', actor: topic.name, data: { topic: topic.name, partition: partition.index, logStartOffset: partition.logStart, deleted }, text: `retention deleted ${deleted} record(s) of partition ${partition.index}: the log now starts at offset ${partition.logStart}` });
      for (const group of topic.groups) {
        const owner = group.owner[partition.index];
        if (group.position[partition.index] < partition.logStart && owner) takeOverAfterRetention(k, group, partition, owner);
      }
    }
    const head = partition.records.peek();
    if (head && (next === null || head.tick + topic.retentionMs < next)) next = head.tick + topic.retentionMs;
  }
  if (next !== null && topic.retentionTimed) topic.retentionAlarm.request(next);
}

function takeOverAfterRetention(k: KafkaState, group: Group, partition: Partition, owner: Member): void {
  const start = owner.opts.autoOffsetReset === 'earliest' ? partition.logStart : partition.end;
  group.position[partition.index] = start;
  group.processed[partition.index] = Math.max(group.processed[partition.index], start);
  k.host.record({ kind: 'offset.reset', actor: group.view, data: { topic: group.topic.name, group: group.id, partition: partition.index, offset: start, reason: 'offset out of range' }, text: `position fell behind the log start (OffsetOutOfRange): auto.offset.reset=${owner.opts.autoOffsetReset} moves to ${start}` });
}

/**
 * Replay: reset a group's committed offsets (kafka-consumer-groups --reset-offsets), only while
 * the group has no live member (ref §3.6). Returns false when refused.
 */
export function resetOffsets(k: KafkaState, topicName: string, groupId: string, to: 'earliest' | 'latest' | number): boolean {
  const group = k.views.get(groupView(topicName, groupId));
  if (!group || group.members.some((m) => m.up && m.joined)) return false;
  for (const partition of group.topic.partitions) {
    const offset = to === 'earliest' ? partition.logStart : to === 'latest' ? partition.end : Math.max(partition.logStart, Math.min(to, partition.end));
    group.committed[partition.index] = offset;
    k.host.record({ kind: 'offset.reset', actor: group.view, data: { topic: topicName, group: groupId, partition: partition.index, offset, reason: `reset-offsets --to-${typeof to === 'number' ? 'offset' : to}` }, text: `group ${groupId}'s offset on partition ${partition.index} reset to ${offset}: records from there are read again on the next assignment` });
  }
  return true;
}
