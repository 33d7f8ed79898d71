// Consumer-group membership: each group's view of a topic ("orders/billing"), members joining
// (a @RetryableTopic listener joins the `<topic>-retry` group too), dying and leaving after
// session.timeout.ms without heartbeats, restarting, and leaving when a handler runs past
// max.poll.interval.ms (rejoining on the next poll). Every change asks for a rebalance, except a
// static member (group.instance.id) coming back within its session: it gets its partitions back.
// A dynamic member that restarts joins as a new member, and the rebalance it starts waits until
// the coordinator drops the old one at its session timeout — its partitions stall until then.

import type { ConsumerSpec } from '../types';
import { Alarm } from '../shared/alarm';
import { consumerOptions, groupView, retryTopicName } from './options';
import { autoCommit } from './offsets';
import { orphan, requestRebalance } from './rebalance';
import { schedulePump } from './pump';
import type { Group, InFlight, KafkaState, Member } from './state';

export function groupFor(k: KafkaState, topicName: string, id: string): Group {
  const view = groupView(topicName, id);
  let group = k.views.get(view);
  if (group) return group;
  const topic = k.topics.get(topicName)!;
  const n = topic.partitions.length;
  group = {
    id, topic, view, strategy: 'range', members: [], generation: 0, owner: new Array(n).fill(null), committed: new Array(n).fill(null),
    position: new Array(n).fill(0), processed: new Array(n).fill(0), inFlight: new Array(n).fill(null), attempts: new Array(n).fill(0),
    rebalancePending: [], pumpScheduled: false, rebalanceScheduled: false, joinPending: false, isolation: 'read_uncommitted',
  };
  topic.groups.push(group);
  k.views.set(view, group);
  return group;
}

export function addConsumer(k: KafkaState, spec: ConsumerSpec): void {
  const opts = consumerOptions(spec.options, spec.service);
  const viewGroup = k.views.get(spec.entity);
  const group = viewGroup ?? groupFor(k, spec.entity, opts.groupId);
  if (viewGroup) opts.groupId = viewGroup.id;
  if (group.members.length === 0) {
    group.strategy = opts.strategy;
    group.isolation = opts.isolationLevel;
  }
  const member: Member = {
    spec, opts, group, up: true, incarnation: 0, joined: true, partitions: [], running: 0, flights: new Set(), leftOnPollTimeout: false, downIncarnation: -1, downTick: 0, awaitingJoin: false, roundRobin: 0, lastAutoCommit: k.host.now(),
    autoCommitAlarm: undefined as unknown as Alarm, pollAlarm: undefined as unknown as Alarm,
  };
  member.autoCommitAlarm = new Alarm(k.host, () => autoCommit(k, member));
  member.pollAlarm = new Alarm(k.host, () => checkPollInterval(k, member));
  group.members.push(member);
  k.members.set(spec.id, member);
  requestRebalance(k, group, `${spec.service} joined group ${group.id}`);
  const retryGroup = opts.retryTopic && !group.retryOf ? k.views.get(groupView(retryTopicName(group.topic.name), group.id)) : undefined;
  if (retryGroup) {
    // @RetryableTopic: the same listener also consumes the retry topic, in the same group.
    const rm: Member = { ...member, group: retryGroup, partitions: [], flights: new Set(), autoCommitAlarm: undefined as unknown as Alarm, pollAlarm: undefined as unknown as Alarm };
    rm.autoCommitAlarm = new Alarm(k.host, () => autoCommit(k, rm));
    rm.pollAlarm = new Alarm(k.host, () => checkPollInterval(k, rm));
    if (retryGroup.members.length === 0) retryGroup.strategy = opts.strategy;
    retryGroup.members.push(rm);
    k.retryMembers.set(spec.id, rm);
    requestRebalance(k, retryGroup, `${spec.service} joined group ${group.id} (retry topic)`);
  }
}

export function memberDown(k: KafkaState, m: Member | undefined): void {
  if (!m || !m.up) return;
  m.up = false;
  m.running = 0;
  m.flights.clear();
  m.leftOnPollTimeout = false;
  const incarnation = m.incarnation;
  m.downIncarnation = incarnation;
  m.downTick = k.host.now();
  k.host.at(k.host.now() + m.opts.sessionTimeoutMs, () => sessionExpired(k, m, incarnation));
}

/** The incarnation `dead` sent no heartbeat for session.timeout.ms: the coordinator drops it (ref §3.4). */
function sessionExpired(k: KafkaState, m: Member, dead: number): void {
  if (!m.joined) return;
  const group = m.group;
  const why = `${m.spec.service} sent no heartbeat for session.timeout.ms ${m.opts.sessionTimeoutMs}`;
  if (m.opts.groupInstanceId !== null) {
    // A static member that came back in time kept its place; only a session that is still dead expires.
    if (m.up || m.downIncarnation !== dead) return;
    m.joined = false;
    return requestRebalance(k, group, `${why} (static member ${m.opts.groupInstanceId})`);
  }
  if (m.up && m.awaitingJoin && m.incarnation === dead + 1) {
    // The old member is gone: the restarted consumer's join completes now.
    m.awaitingJoin = false;
    group.joinPending = false;
    for (const p of m.partitions) {
      const flight = group.inFlight[p];
      if (flight && flight.incarnation !== m.incarnation) orphan(k, group, flight);
      if (group.owner[p] === m) group.owner[p] = null;
    }
    m.partitions = [];
    return requestRebalance(k, group, `${why} and the coordinator removed its old member; the restarted ${m.spec.service} joins as a new member`);
  }
  // Still down (or restarted and down again: the newer session's own timer decides).
  if (m.up || m.incarnation !== dead) return;
  m.joined = false;
  m.awaitingJoin = false;
  group.joinPending = false;
  requestRebalance(k, group, why);
}

export function memberUp(k: KafkaState, m: Member | undefined): void {
  if (!m || m.up) return;
  m.up = true;
  m.leftOnPollTimeout = false;
  m.incarnation++;
  m.lastAutoCommit = k.host.now();
  const group = m.group;
  if (!m.joined) {
    m.joined = true;
    return requestRebalance(k, group, `${m.spec.service} (re)joined group ${group.id}`);
  }
  if (m.opts.groupInstanceId !== null) return staticRejoin(k, m);
  // Dynamic membership: the new process has a new member id. The rebalance it starts cannot
  // complete before the old member, which no longer heartbeats, times out.
  m.awaitingJoin = true;
  const until = m.downTick + m.opts.sessionTimeoutMs;
  const eager = group.strategy !== 'cooperative-sticky';
  if (eager) group.joinPending = true;
  const mine = m.partitions.length ? `its partition(s) ${m.partitions.join(', ')} are read by nobody` : 'it reads nothing';
  k.host.record({
    kind: 'group.rebalance-started', actor: group.view,
    data: { topic: group.topic.name, group: group.id, member: m.spec.service, waitingUntilTick: until, stopsGroup: eager },
    text: `${m.spec.service} restarted and joins group ${group.id} as a new member (no group.instance.id): the rebalance waits for its old member, which sends no heartbeats, until session.timeout.ms ${m.opts.sessionTimeoutMs} runs out at tick ${until}; until then ${mine}${eager ? ` — and with the eager protocol (${group.strategy}) the other members have stopped fetching too` : ' (cooperative: the others keep their partitions)'}`,
  });
}

/**
 * Static membership (group.instance.id, KIP-345): a member that comes back within
 * session.timeout.ms is recognised by its instance id and gets its partitions back — no
 * rebalance. It resumes each at the committed offset; what the dead process had in flight is read again.
 */
function staticRejoin(k: KafkaState, m: Member): void {
  const group = m.group;
  for (const p of m.partitions) {
    const flight = group.inFlight[p];
    if (flight && flight.incarnation !== m.incarnation) orphan(k, group, flight);
    group.attempts[p] = 0;
    const committed = group.committed[p];
    if (committed !== null && committed >= group.topic.partitions[p].logStart) group.position[p] = committed;
    group.processed[p] = group.position[p];
  }
  k.host.record({
    kind: 'partition.assigned', actor: group.view, data: { topic: group.topic.name, group: group.id, member: m.spec.service, partitions: m.partitions },
    text: `${m.spec.service} came back within session.timeout.ms with group.instance.id ${m.opts.groupInstanceId}: the coordinator hands it the same partition(s) ${m.partitions.join(', ') || '(none)'} without a rebalance (generation ${group.generation} stays); it resumes at the committed offsets`,
  });
  schedulePump(k, group);
}

/**
 * A handler that runs past max.poll.interval.ms makes its member leave the group (ref §3.4,
 * [K-CCFG] [K-CONSUMER]). The deadline is read from the member's own running records, which a
 * takeover by another member does not touch.
 */
function checkPollInterval(k: KafkaState, m: Member): void {
  const now = k.host.now();
  let oldest: InFlight | null = null;
  for (const f of m.flights) if (!oldest || f.deliveredTick < oldest.deliveredTick) oldest = f;
  if (!oldest || !m.up || !m.joined) return;
  if (oldest.deliveredTick + m.opts.maxPollIntervalMs > now) return m.pollAlarm.request(oldest.deliveredTick + m.opts.maxPollIntervalMs);
  m.joined = false;
  m.leftOnPollTimeout = true;
  requestRebalance(k, m.group, `${m.spec.service} did not poll within max.poll.interval.ms ${m.opts.maxPollIntervalMs} (still processing offset ${oldest.offset}) and left the group`);
}

/**
 * The member's next poll, once every handler it was running has returned: a member that left
 * on max.poll.interval.ms rejoins the group now, and not earlier — its poll loop was busy.
 */
export function pollAgain(k: KafkaState, m: Member): void {
  if (!m.up || m.joined || !m.leftOnPollTimeout || m.flights.size > 0) return;
  m.leftOnPollTimeout = false;
  m.joined = true;
  requestRebalance(k, m.group, `${m.spec.service} polled again and rejoined (its handler has returned)`);
}
