// Committed offsets and the three commit modes (ref §3.5): auto (enable.auto.commit commits the
// finished positions every auto.commit.interval.ms and on revocation), after-processing (each
// record's offset + 1 once its handler returns) and before-processing (at hand-over, hence
// at-most-once). A member that lost its partition cannot commit (CommitFailedException).

import type { Group, InFlight, KafkaState, Member } from './state';

export function commit(k: KafkaState, group: Group, p: number, m: Member, offset: number, why: string | undefined): void {
  if (group.committed[p] !== null && group.committed[p]! >= offset) return;
  group.committed[p] = offset;
  k.host.record({ kind: 'offset.committed', actor: group.view, data: { topic: group.topic.name, group: group.id, partition: p, offset }, text: why ?? `${m.spec.service} committed offset ${offset} of partition ${p} (the next record to read)` });
}

function commitFailed(k: KafkaState, group: Group, p: number, m: Member, offset: number, reason: string): void {
  k.host.record({ kind: 'offset.commit-failed', actor: group.view, data: { topic: group.topic.name, group: group.id, partition: p, offset, reason }, text: `${m.spec.service}'s commit of offset ${offset} failed: ${reason}` });
}

/** A record is done (handled, skipped or sent on to a retry/dead-letter topic): the offset moves on and is committed per the mode. */
export function finished(k: KafkaState, group: Group, m: Member, flight: InFlight, owns: boolean): void {
  const p = flight.partition;
  group.attempts[p] = 0;
  if (!owns) {
    // Only active members may commit (ref §3.4): commitSync throws, an auto-commit fails and is logged.
    const how = m.opts.commit === 'auto' ? 'its auto-commit on the next poll fails (logged)' : 'commitSync throws';
    const why = m.joined ? `partition ${p} is no longer assigned to ${m.spec.service}` : `${m.spec.service} is no longer a member of group ${group.id}`;
    if (m.opts.commit !== 'before-processing') commitFailed(k, group, p, m, flight.offset + 1, `${why}: ${how} with CommitFailedException; the partition's owner reads offset ${flight.offset} again from the committed offset`);
    return;
  }
  group.processed[p] = Math.max(group.processed[p], flight.offset + 1);
  if (m.opts.commit === 'after-processing') commit(k, group, p, m, flight.offset + 1, undefined);
  else if (m.opts.commit === 'auto') scheduleAutoCommit(k, m);
}

/** enable.auto.commit: positions of finished records are committed every auto.commit.interval.ms (ref §3.5). */
function scheduleAutoCommit(k: KafkaState, m: Member): void {
  m.autoCommitAlarm.request(Math.max(k.host.now(), m.lastAutoCommit + m.opts.autoCommitIntervalMs));
}

export function autoCommit(k: KafkaState, m: Member): void {
  if (!m.up || !m.joined || m.awaitingJoin) return;
  m.lastAutoCommit = k.host.now();
  for (const p of m.partitions) {
    if (m.group.owner[p] === m) commit(k, m.group, p, m, m.group.processed[p], `auto-commit (every auto.commit.interval.ms ${m.opts.autoCommitIntervalMs}) of offset ${m.group.processed[p]} on partition ${p}`);
  }
}
