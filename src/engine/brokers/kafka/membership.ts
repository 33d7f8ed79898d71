// Consumer-group membership: each group's view of a topic ("orders/billing"), members joining
// (a @RetryableTopic listener joins the `<topic>-retry` group too), dying and leaving after
// session.timeout.ms without heartbeats, restarting, and leaving when a handler runs past
// max.poll.interval.ms (rejoining on the next poll). Every change asks for a rebalance.

import type { ConsumerSpec } from '../types';
import { Alarm } from '../shared/alarm';
import { consumerOptions, groupView, retryTopicName } from './options';
import { autoCommit } from './offsets';
import { orphan, requestRebalance } from './rebalance';
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
    rebalancePending: [], pumpScheduled: false,
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
  if (group.members.length === 0) group.strategy = opts.strategy;
  const member: Member = {
    spec, opts, group, up: true, incarnation: 0, joined: true, partitions: [], running: 0, flights: new Set(), leftOnPollTimeout: false, roundRobin: 0, lastAutoCommit: k.host.now(),
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
  k.host.at(k.host.now() + m.opts.sessionTimeoutMs, () => {
    if (m.up || m.incarnation !== incarnation || !m.joined) return;
    m.joined = false;
    requestRebalance(k, m.group, `${m.spec.service} sent no heartbeat for session.timeout.ms ${m.opts.sessionTimeoutMs}`);
  });
}

export function memberUp(k: KafkaState, m: Member | undefined): void {
  if (!m || m.up) return;
  m.up = true;
  m.leftOnPollTimeout = false;
  m.incarnation++;
  m.lastAutoCommit = k.host.now();
  const group = m.group;
  if (m.joined) {
    // Restarted before the session timed out: the new process rejoins at once; the dead one's records come back.
    for (const p of m.partitions) {
      const flight = group.inFlight[p];
      if (flight && flight.incarnation !== m.incarnation) orphan(k, group, flight);
      group.owner[p] = null;
    }
  }
  m.joined = true;
  requestRebalance(k, group, `${m.spec.service} (re)joined group ${group.id}`);
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
