// Log compaction (ref §3.6; Kafka design "Log Compaction", topic configs cleanup.policy,
// segment.ms, min.cleanable.dirty.ratio, delete.retention.ms, min.compaction.lag.ms): a
// compacted topic keeps at least the last record of every key. A partition's log is a run of
// segments; the newest one (the active segment) is never compacted and rolls over only when a
// record is appended after segment.ms (or segment.bytes). The log cleaner looks every
// log.cleaner.backoff.ms and cleans a partition once its dirty part (written since the last
// cleaning, outside the active segment) is at least min.cleanable.dirty.ratio of the cleanable
// log: a record whose key has a later record in that part is removed, and a tombstone (a record
// with a null value) is removed once delete.retention.ms has passed. Offsets never change:
// readers skip the gaps. A group that had not read a removed record gets `message.compacted`.

import type { Message } from '../types';
import { KAFKA_DEFAULTS } from './options';
import type { KafkaState, LogRecord, Partition, Topic } from './state';

/** What a compacted topic needs per partition: where the active segment starts and how far the cleaner got. */
export interface CompactionState {
  activeBase: number;
  activeStartTick: number;
  activeBytes: number;
  /** The first offset written since the last cleaning (the cleaner's checkpoint). */
  firstDirty: number;
}

export interface CompactionConfig {
  /** cleanup.policy includes delete (retention also applies). */
  deletes: boolean;
  segmentMs: number;
  segmentBytes: number;
  minCleanableDirtyRatio: number;
  deleteRetentionMs: number;
  minCompactionLagMs: number;
  /** delete.retention.ms / min.compaction.lag.ms were configured: only then may they set timers (the defaults lie beyond any run). */
  timedTombstones: boolean;
  timedLag: boolean;
}

/** A compacted topic refuses records without a key (the broker's InvalidRecordException). */
export function compactionSendError(topic: Topic | undefined, message: Message): string | undefined {
  if (!topic?.compaction || message.key !== undefined) return undefined;
  return `InvalidRecordException: compacted topic ${topic.name} cannot accept a record without a key (cleanup.policy=compact keeps the latest record per key)`;
}

/** A record was appended: roll the active segment if it is older than segment.ms or full (ref §3.6). */
export function afterCompactedAppend(k: KafkaState, topic: Topic, partition: Partition, record: LogRecord): void {
  const cfg = topic.compaction!;
  const c = (partition.compaction ??= { activeBase: record.offset, activeStartTick: record.tick, activeBytes: 0, firstDirty: record.offset });
  if (c.activeBytes > 0 && (record.tick - c.activeStartTick >= cfg.segmentMs || c.activeBytes + record.bytes > cfg.segmentBytes)) {
    c.activeBase = record.offset;
    c.activeStartTick = record.tick;
    c.activeBytes = 0;
    requestCleaner(k, topic, k.host.now());
  }
  c.activeBytes += record.bytes;
}

/** The cleaner wakes on its log.cleaner.backoff.ms grid at or after `tick`. */
function requestCleaner(k: KafkaState, topic: Topic, tick: number): void {
  const backoff = KAFKA_DEFAULTS.logCleanerBackoffMs;
  topic.cleanerAlarm!.request(Math.floor(tick / backoff) * backoff + backoff);
}

/** One look of the log cleaner at a topic's partitions. */
export function runCleaner(k: KafkaState, topic: Topic): void {
  const cfg = topic.compaction!;
  const now = k.host.now();
  let next: number | null = null;
  const later = (tick: number) => {
    if (next === null || tick < next) next = tick;
  };
  for (const partition of topic.partitions) {
    const c = partition.compaction;
    if (!c) continue;
    // Records newer than min.compaction.lag.ms stay out of this cleaning.
    let end = c.activeBase;
    for (let o = Math.max(c.firstDirty, partition.logStart); o < end; o++) {
      const r = partition.records.at(o - partition.logStart)!;
      if (r.tick > now - cfg.minCompactionLagMs) {
        end = o;
        if (cfg.timedLag) later(r.tick + cfg.minCompactionLagMs);
        break;
      }
    }
    if (end > c.firstDirty) cleanPartition(k, topic, partition, c, end, cfg);
    if (cfg.timedTombstones) {
      // A tombstone that is due but stays (the log was not dirty enough) waits for the next cleaning.
      const tomb = oldestTombstone(partition, c.firstDirty);
      if (tomb && tomb.tick + cfg.deleteRetentionMs > now) later(tomb.tick + cfg.deleteRetentionMs);
    }
  }
  if (next !== null) requestCleaner(k, topic, Math.max(now, next - 1));
}

function cleanPartition(k: KafkaState, topic: Topic, partition: Partition, c: CompactionState, end: number, cfg: CompactionConfig): void {
  const now = k.host.now();
  let dirty = 0;
  let total = 0;
  const latest = new Map<string, number>();
  for (let o = partition.logStart; o < end; o++) {
    const r = partition.records.at(o - partition.logStart)!;
    if (r.compacted) continue;
    total += r.bytes;
    if (o >= c.firstDirty) {
      dirty += r.bytes;
      latest.set(r.message.key ?? '', o);
    }
  }
  if (total === 0 || dirty / total < cfg.minCleanableDirtyRatio) return;
  let removed = 0;
  let tombstones = 0;
  for (let o = partition.logStart; o < end; o++) {
    const r = partition.records.at(o - partition.logStart)!;
    if (r.compacted) continue;
    const newer = latest.get(r.message.key ?? '');
    const superseded = newer !== undefined && newer > o;
    const expiredTombstone = !superseded && r.message.body === null && r.tick + cfg.deleteRetentionMs <= now;
    if (!superseded && !expiredTombstone) continue;
    remove(k, topic, partition, r, superseded ? newer! : null);
    removed++;
    if (expiredTombstone) tombstones++;
  }
  c.firstDirty = end;
  k.host.record({
    kind: 'log.compacted', actor: topic.name,
    data: { topic: topic.name, partition: partition.index, cleanedTo: end, removed, tombstonesRemoved: tombstones, activeSegmentBase: c.activeBase },
    text: `the log cleaner compacted ${topic.name}-${partition.index} up to offset ${end} (dirty ratio ${(dirty / total).toFixed(2)} ≥ min.cleanable.dirty.ratio ${cfg.minCleanableDirtyRatio}): ${removed} record(s) removed${tombstones ? `, ${tombstones} of them tombstone(s) older than delete.retention.ms ${cfg.deleteRetentionMs}` : ''}; the latest record of every key stays, offsets keep their gaps, and the active segment from offset ${c.activeBase} is not compacted`,
  });
}

function remove(k: KafkaState, topic: Topic, partition: Partition, r: LogRecord, supersededBy: number | null): void {
  partition.records.markCompacted(r.offset - partition.logStart);
  partition.bytes -= r.bytes;
  const key = r.message.key ?? '';
  for (const group of topic.groups) {
    if (group.position[partition.index] > r.offset) continue;
    k.host.record({
      kind: 'message.compacted', actor: group.view, messageId: r.message.id, correlationId: r.message.correlationId,
      data: { entity: group.view, topic: topic.name, partition: partition.index, offset: r.offset, key, supersededBy },
      text: supersededBy !== null
        ? `compacted away before group ${group.id} read it: key ${key} has a newer record at offset ${supersededBy}, which the group reads instead`
        : `the tombstone for key ${key} was removed after delete.retention.ms before group ${group.id} read it: the group never learns the key was deleted`,
    });
  }
}

function oldestTombstone(partition: Partition, before: number): LogRecord | undefined {
  for (let o = partition.logStart; o < before; o++) {
    const r = partition.records.at(o - partition.logStart);
    if (r && !r.compacted && r.message.body === null) return r;
  }
  return undefined;
}
