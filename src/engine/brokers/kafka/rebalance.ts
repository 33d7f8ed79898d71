// Rebalancing a consumer group (ref §3.4): reasons gathered within a tick trigger one rebalance,
// which computes a new assignment with the group's strategy, revokes partitions (eager
// strategies revoke everything, cooperative-sticky only what moves; a live owner in auto mode
// commits first), returns records in flight on dead members, and starts each new owner at the
// committed offset or where auto.offset.reset says.

import { assign, type Assignment } from './assignors';
import { assignmentText } from './explain';
import { commit } from './offsets';
import { schedulePump } from './pump';
import type { Group, InFlight, KafkaState, Member } from './state';

export function requestRebalance(k: KafkaState, group: Group, reason: string): void {
  group.rebalancePending.push(reason);
  if (group.rebalanceScheduled) return;
  group.rebalanceScheduled = true;
  k.host.at(k.host.now(), () => {
    group.rebalanceScheduled = false;
    // A rebalance cannot complete while it waits for a member that no longer heartbeats: the
    // reasons wait too, and run when the old member's session expires (membership.ts).
    if (group.members.some((m) => m.awaitingJoin)) return;
    const reasons = group.rebalancePending;
    group.rebalancePending = [];
    runRebalance(k, group, reasons.join('; '));
  });
}

/** The rebalance fault: every group rebalances now (only the groups of `entity`, a topic or a view, when named). */
export function rebalanceAll(k: KafkaState, reason: string, entity?: string): void {
  for (const group of k.views.values()) {
    if (entity !== undefined && group.topic.name !== entity && group.view !== entity) continue;
    if (group.members.length > 0) requestRebalance(k, group, reason);
  }
}

/** Reassigns partitions among live members (ref §3.4): eager strategies revoke everything, cooperative only what moves. */
function runRebalance(k: KafkaState, group: Group, reason: string): void {
  const live = group.members.filter((m) => m.joined);
  const previous: Assignment = new Map(live.map((m) => [m.spec.id, m.partitions]));
  const next = assign(group.strategy, group.topic.partitions.length, live.map((m) => m.spec.id), previous);
  const cooperative = group.strategy === 'cooperative-sticky';
  group.generation++;
  for (const p of group.topic.partitions.map((x) => x.index)) {
    const old = group.owner[p];
    const newOwner = live.find((m) => next.get(m.spec.id)!.includes(p)) ?? null;
    const keeps = old !== null && old === newOwner && old.up && old.joined;
    if (old && (!keeps || !cooperative)) revoke(k, group, p, old, keeps);
  }
  const assignment: Record<string, number[]> = {};
  for (const m of group.members) {
    const revoked = m.partitions.filter((p) => !cooperative || !next.get(m.spec.id)?.includes(p) || !m.joined);
    if (revoked.length > 0) k.host.record({ kind: 'partition.revoked', actor: group.view, data: { topic: group.topic.name, group: group.id, member: m.spec.service, partitions: revoked }, text: `${m.spec.service} gives up partition(s) ${revoked.join(', ')}${cooperative ? ' (cooperative: only the ones that move)' : ' (eager protocol: every partition is revoked first)'}` });
  }
  for (const m of live) assignment[m.spec.service] = next.get(m.spec.id)!;
  k.host.record({
    kind: 'group.rebalanced', actor: group.view, data: { topic: group.topic.name, group: group.id, generation: group.generation, strategy: group.strategy, reason, assignment },
    text: `rebalance of group ${group.id} (generation ${group.generation}, ${group.strategy}) because ${reason}: ${assignmentText(assignment)}`,
  });
  for (const m of group.members) {
    const mine = m.joined ? next.get(m.spec.id)! : [];
    const gained = mine.filter((p) => group.owner[p] !== m);
    m.partitions = mine;
    for (const p of gained) takeOver(k, group, p, m);
    if (m.joined) k.host.record({ kind: 'partition.assigned', actor: group.view, data: { topic: group.topic.name, group: group.id, member: m.spec.service, partitions: mine }, text: gained.length ? `${m.spec.service} now reads partition(s) ${gained.join(', ')} from their committed offsets` : undefined });
  }
  schedulePump(k, group);
}

/** The owner loses partition p. A live owner commits what it processed first (auto-commit on revocation). */
function revoke(k: KafkaState, group: Group, p: number, owner: Member, keeps: boolean): void {
  const alive = owner.up && owner.joined;
  if (alive && owner.opts.commit === 'auto') commit(k, group, p, owner, group.processed[p], 'auto-commit before giving up the partition (onPartitionsRevoked)');
  const flight = group.inFlight[p];
  if (flight && (!owner.up || flight.incarnation !== owner.incarnation)) orphan(k, group, flight);
  group.owner[p] = keeps ? owner : null;
}

/** A record in flight on a dead member: it comes back to the new owner, or is lost if already committed. */
export function orphan(k: KafkaState, group: Group, flight: InFlight): void {
  group.inFlight[flight.partition] = null;
  k.inFlight.delete(flight.delivery.id);
  const m = flight.delivery.message;
  const refs = { messageId: m.id, correlationId: m.correlationId, deliveryId: flight.delivery.id };
  if (flight.committedInTransaction) {
    // Its offset was committed with the transaction (sendOffsetsToTransaction) before the member
    // died: the record is done, and the next owner starts after it (ref §3.7).
    k.host.record({ kind: 'message.acked', actor: group.view, ...refs, data: { entity: group.view, consumer: flight.member.spec.service }, text: `done: offset ${flight.offset + 1} was committed inside ${flight.member.spec.service}'s Kafka transaction before it died; nobody reads offset ${flight.offset} again` });
  } else if (flight.committedEarly) {
    k.host.record({ kind: 'message.dropped', actor: group.view, ...refs, data: { entity: group.view, reason: 'committed before processing, consumer died' }, text: `lost: offset ${flight.offset + 1} was committed before processing (at-most-once) and ${flight.member.spec.service} died mid-way; nobody reads offset ${flight.offset} again` });
  } else {
    k.host.record({ kind: 'message.abandoned', actor: group.view, ...refs, data: { entity: group.view, consumer: flight.member.spec.service, requeued: true }, text: `offset ${flight.offset} of partition ${flight.partition} was in flight and uncommitted when ${flight.member.spec.service} died: the next owner reads it again` });
  }
}

/** A member gets partition p: it starts at the committed offset, or where auto.offset.reset says. */
function takeOver(k: KafkaState, group: Group, p: number, m: Member): void {
  const partition = group.topic.partitions[p];
  const committed = group.committed[p];
  group.owner[p] = m;
  group.attempts[p] = 0;
  const stillRunning = group.inFlight[p];
  // A record still running on a member that left keeps running there; the new owner does not wait for it.
  if (stillRunning && stillRunning.member !== m) group.inFlight[p] = null;
  if (committed !== null && committed >= partition.logStart) {
    group.position[p] = stillRunning && stillRunning.member === m ? stillRunning.offset + 1 : committed;
  } else {
    const start = m.opts.autoOffsetReset === 'earliest' ? partition.logStart : partition.end;
    group.position[p] = start;
    k.host.record({
      kind: 'offset.reset', actor: group.view, data: { topic: group.topic.name, group: group.id, partition: p, offset: start, reason: committed === null ? 'no committed offset' : 'committed offset deleted by retention' },
      text: `${committed === null ? `no committed offset for partition ${p}` : `offset ${committed} of partition ${p} was deleted by retention`}: auto.offset.reset=${m.opts.autoOffsetReset} starts at ${start}${m.opts.autoOffsetReset === 'latest' && start > partition.logStart ? ` (records ${partition.logStart}…${start - 1} are skipped)` : ''}`,
    });
  }
  group.processed[p] = group.position[p];
}
