// The Kafka broker model: topics with partition logs, the Java producer's default partitioner
// (murmur2 of the key, sticky for keyless records), consumer groups with range, round-robin
// and (cooperative-)sticky assignment, rebalances when members join, time out (session.timeout.ms)
// or exceed max.poll.interval.ms, committed offsets with three commit modes (auto every
// auto.commit.interval.ms, after processing, before processing), retention by time and size,
// offset resets for replay, and the Spring-style blocking retry + `.DLT` pattern, since Kafka
// itself has no dead-letter queue. Each consumer group's view of a topic is an entity of its own
// ("orders/billing") so the trace fold and the no-loss check see every record per group.

import type { Broker, BrokerHost, ConsumerSpec, Message, Settlement } from '../types';
import type { EntitySpec, Scenario } from '../../scenario/types';
import type { Json } from '../../scenario/json';
import { Deque } from '../deque';
import { Alarm } from '../shared/alarm';
import { num, type Obj } from '../shared/options';
import { assign, type Assignment } from './assignors';
import { KAFKA_DEFAULTS, consumerOptions, deadLetterTopicName, groupView, retryDeadLetterTopicName, retryTopicName } from './options';
import { partitionForKey } from './murmur2';
import { assignmentText, partitionText } from './explain';
import type { Group, InFlight, Member, Partition, Topic } from './state';
import { kafkaGroups } from './groups';

export class KafkaBroker implements Broker {
  readonly kind = 'kafka' as const;
  private topics = new Map<string, Topic>();
  private views = new Map<string, Group>();
  private members = new Map<string, Member>();
  /** Each retry-topic consumer's second membership, in `<topic>-retry`'s group (same handler). */
  private retryMembers = new Map<string, Member>();
  private inFlight = new Map<string, InFlight>();
  private sticky = new Map<string, { topic: string; partition: number; bytes: number }>();

  constructor(specs: EntitySpec[], private readonly host: BrokerHost, scenario: Scenario) {
    for (const spec of specs) if (spec.type === 'topic') this.addTopic(spec.name, spec as Obj);
    for (const { topic, group, dlt, retry } of kafkaGroups(specs, scenario)) {
      const spec = specs.find((s) => s.name === topic) as Obj;
      if (dlt && !this.topics.has(deadLetterTopicName(topic))) this.addTopic(deadLetterTopicName(topic), spec);
      if (retry) {
        if (!this.topics.has(retryTopicName(topic))) this.addTopic(retryTopicName(topic), spec);
        if (!this.topics.has(retryDeadLetterTopicName(topic))) this.addTopic(retryDeadLetterTopicName(topic), spec);
        this.groupFor(retryTopicName(topic), group).retryOf = topic;
      }
      this.groupFor(topic, group);
    }
  }

  private addTopic(name: string, o: Obj): void {
    const count = num(o, 'partitions', 1);
    const partitions: Partition[] = Array.from({ length: count }, (_, index) => ({ index, records: new Deque(), logStart: 0, end: 0, bytes: 0 }));
    const topic: Topic = {
      name, partitions, groups: [], retentionMs: num(o, 'retentionMs', KAFKA_DEFAULTS.retentionMs), retentionBytes: num(o, 'retentionBytes', KAFKA_DEFAULTS.retentionBytes),
      retentionAlarm: undefined as unknown as Alarm, retentionTimed: typeof o?.retentionMs === 'number',
    };
    topic.retentionAlarm = new Alarm(this.host, () => this.applyRetention(topic));
    this.topics.set(name, topic);
  }

  private groupFor(topicName: string, id: string): Group {
    const view = groupView(topicName, id);
    let group = this.views.get(view);
    if (group) return group;
    const topic = this.topics.get(topicName)!;
    const n = topic.partitions.length;
    group = {
      id, topic, view, strategy: 'range', members: [], generation: 0, owner: new Array(n).fill(null), committed: new Array(n).fill(null),
      position: new Array(n).fill(0), processed: new Array(n).fill(0), inFlight: new Array(n).fill(null), attempts: new Array(n).fill(0),
      rebalancePending: [], pumpScheduled: false,
    };
    topic.groups.push(group);
    this.views.set(view, group);
    return group;
  }

  entityNames(): string[] {
    return [...this.topics.keys(), ...this.views.keys()];
  }

  // ── producing ──────────────────────────────────────────────────────────────────────────

  publish(message: Message, destination: string): void {
    const topic = this.topics.get(destination);
    if (!topic) {
      this.host.record({ kind: 'message.unroutable', actor: 'broker', messageId: message.id, correlationId: message.correlationId, data: { destination }, text: `${destination} is a consumer group's view; producers write to topics` });
      return;
    }
    const bytes = recordBytes(message);
    const { partition, rule } = this.choosePartition(topic, message, bytes);
    this.append(topic, partition, rule, message, bytes);
  }

  /** The built-in partitioner (ref §3.2): explicit partition, else murmur2(key), else sticky. */
  private choosePartition(topic: Topic, message: Message, bytes: number): { partition: number; rule: 'key' | 'sticky' | 'explicit' } {
    const count = topic.partitions.length;
    const explicit = message.headers.partition;
    if (typeof explicit === 'number' && Number.isInteger(explicit) && explicit >= 0 && explicit < count) return { partition: explicit, rule: 'explicit' };
    if (message.key !== undefined) return { partition: partitionForKey(message.key, count), rule: 'key' };
    const stickyKey = `${message.producer}\u0000${topic.name}`;
    let s = this.sticky.get(stickyKey);
    if (!s || s.bytes >= KAFKA_DEFAULTS.batchSize) {
      const rng = this.host.random(`kafka/sticky/${message.producer}/${topic.name}`);
      let p = rng.int(count);
      if (s && count > 1 && p === s.partition) p = (p + 1 + rng.int(count - 1)) % count;
      s = { topic: topic.name, partition: p, bytes: 0 };
      this.sticky.set(stickyKey, s);
    }
    s.bytes += bytes;
    return { partition: s.partition, rule: 'sticky' };
  }

  private append(topic: Topic, index: number, rule: 'key' | 'sticky' | 'explicit', message: Message, bytes = recordBytes(message)): void {
    const partition = topic.partitions[index];
    const offset = partition.end++;
    partition.records.push({ message, offset, tick: this.host.now(), bytes });
    partition.bytes += bytes;
    const refs = { messageId: message.id, correlationId: message.correlationId };
    this.host.record({
      kind: 'message.partitioned', actor: topic.name, ...refs,
      data: { topic: topic.name, partition: index, offset, ...(message.key !== undefined ? { key: message.key } : {}), rule },
      text: partitionText(rule, index, topic.partitions.length, message.key, offset),
    });
    for (const group of topic.groups) {
      this.host.record({ kind: 'message.enqueued', actor: group.view, ...refs, data: { entity: group.view, props: { partition: index, offset } } });
      this.schedulePump(group);
    }
    const head = partition.records.peek()!;
    if ((topic.retentionBytes >= 0 && partition.bytes > topic.retentionBytes) || head.tick + topic.retentionMs <= this.host.now()) this.applyRetention(topic);
    // Only a configured retention.ms sets a timer: the 7-day default lies beyond any run and would keep it from ending.
    if (topic.retentionTimed && partition.records.length === 1) topic.retentionAlarm.request(this.host.now() + topic.retentionMs);
  }

  // ── group membership ───────────────────────────────────────────────────────────────────

  addConsumer(spec: ConsumerSpec): void {
    const opts = consumerOptions(spec.options, spec.service);
    const viewGroup = this.views.get(spec.entity);
    const group = viewGroup ?? this.groupFor(spec.entity, opts.groupId);
    if (viewGroup) opts.groupId = viewGroup.id;
    if (group.members.length === 0) group.strategy = opts.strategy;
    const member: Member = {
      spec, opts, group, up: true, incarnation: 0, joined: true, partitions: [], running: 0, roundRobin: 0, lastAutoCommit: this.host.now(),
      autoCommitAlarm: undefined as unknown as Alarm, pollAlarm: undefined as unknown as Alarm,
    };
    member.autoCommitAlarm = new Alarm(this.host, () => this.autoCommit(member));
    member.pollAlarm = new Alarm(this.host, () => this.checkPollInterval(member));
    group.members.push(member);
    this.members.set(spec.id, member);
    this.requestRebalance(group, `${spec.service} joined group ${group.id}`);
    const retryGroup = opts.retryTopic && !group.retryOf ? this.views.get(groupView(retryTopicName(group.topic.name), group.id)) : undefined;
    if (retryGroup) {
      // @RetryableTopic: the same listener also consumes the retry topic, in the same group.
      const rm: Member = { ...member, group: retryGroup, partitions: [], autoCommitAlarm: undefined as unknown as Alarm, pollAlarm: undefined as unknown as Alarm };
      rm.autoCommitAlarm = new Alarm(this.host, () => this.autoCommit(rm));
      rm.pollAlarm = new Alarm(this.host, () => this.checkPollInterval(rm));
      if (retryGroup.members.length === 0) retryGroup.strategy = opts.strategy;
      retryGroup.members.push(rm);
      this.retryMembers.set(spec.id, rm);
      this.requestRebalance(retryGroup, `${spec.service} joined group ${group.id} (retry topic)`);
    }
  }

  private requestRebalance(group: Group, reason: string): void {
    group.rebalancePending.push(reason);
    if (group.rebalancePending.length > 1) return;
    this.host.at(this.host.now(), () => {
      const reasons = group.rebalancePending;
      group.rebalancePending = [];
      this.runRebalance(group, reasons.join('; '));
    });
  }

  /** Reassigns partitions among live members (ref §3.4): eager strategies revoke everything, cooperative only what moves. */
  /** The rebalance fault: every group rebalances now. */
  rebalance(reason: string): void {
    for (const group of this.views.values()) if (group.members.length > 0) this.requestRebalance(group, reason);
  }

  private runRebalance(group: Group, reason: string): void {
    const live = group.members.filter((m) => m.joined);
    const previous: Assignment = new Map(live.map((m) => [m.spec.id, m.partitions]));
    const next = assign(group.strategy, group.topic.partitions.length, live.map((m) => m.spec.id), previous);
    const cooperative = group.strategy === 'cooperative-sticky';
    group.generation++;
    for (const p of group.topic.partitions.map((x) => x.index)) {
      const old = group.owner[p];
      const newOwner = live.find((m) => next.get(m.spec.id)!.includes(p)) ?? null;
      const keeps = old !== null && old === newOwner && old.up && old.joined;
      if (old && (!keeps || !cooperative)) this.revoke(group, p, old, keeps);
    }
    const assignment: Record<string, number[]> = {};
    for (const m of group.members) {
      const revoked = m.partitions.filter((p) => !cooperative || !next.get(m.spec.id)?.includes(p) || !m.joined);
      if (revoked.length > 0) this.host.record({ kind: 'partition.revoked', actor: group.view, data: { topic: group.topic.name, group: group.id, member: m.spec.service, partitions: revoked }, text: `${m.spec.service} gives up partition(s) ${revoked.join(', ')}${cooperative ? ' (cooperative: only the ones that move)' : ' (eager protocol: every partition is revoked first)'}` });
    }
    for (const m of live) assignment[m.spec.service] = next.get(m.spec.id)!;
    this.host.record({
      kind: 'group.rebalanced', actor: group.view, data: { topic: group.topic.name, group: group.id, generation: group.generation, strategy: group.strategy, reason, assignment },
      text: `rebalance of group ${group.id} (generation ${group.generation}, ${group.strategy}) because ${reason}: ${assignmentText(assignment)}`,
    });
    for (const m of group.members) {
      const mine = m.joined ? next.get(m.spec.id)! : [];
      const gained = mine.filter((p) => group.owner[p] !== m);
      m.partitions = mine;
      for (const p of gained) this.takeOver(group, p, m);
      if (m.joined) this.host.record({ kind: 'partition.assigned', actor: group.view, data: { topic: group.topic.name, group: group.id, member: m.spec.service, partitions: mine }, text: gained.length ? `${m.spec.service} now reads partition(s) ${gained.join(', ')} from their committed offsets` : undefined });
    }
    this.schedulePump(group);
  }

  /** The owner loses partition p. A live owner commits what it processed first (auto-commit on revocation). */
  private revoke(group: Group, p: number, owner: Member, keeps: boolean): void {
    const alive = owner.up && owner.joined;
    if (alive && owner.opts.commit === 'auto') this.commit(group, p, owner, group.processed[p], 'auto-commit before giving up the partition (onPartitionsRevoked)');
    const flight = group.inFlight[p];
    if (flight && (!owner.up || flight.incarnation !== owner.incarnation)) this.orphan(group, flight);
    group.owner[p] = keeps ? owner : null;
  }

  /** A record in flight on a dead member: it comes back to the new owner, or is lost if already committed. */
  private orphan(group: Group, flight: InFlight): void {
    group.inFlight[flight.partition] = null;
    this.inFlight.delete(flight.delivery.id);
    const m = flight.delivery.message;
    const refs = { messageId: m.id, correlationId: m.correlationId, deliveryId: flight.delivery.id };
    if (flight.committedEarly) {
      this.host.record({ kind: 'message.dropped', actor: group.view, ...refs, data: { entity: group.view, reason: 'committed before processing, consumer died' }, text: `lost: offset ${flight.offset + 1} was committed before processing (at-most-once) and ${flight.member.spec.service} died mid-way; nobody reads offset ${flight.offset} again` });
    } else {
      this.host.record({ kind: 'message.abandoned', actor: group.view, ...refs, data: { entity: group.view, consumer: flight.member.spec.service, requeued: true }, text: `offset ${flight.offset} of partition ${flight.partition} was in flight and uncommitted when ${flight.member.spec.service} died: the next owner reads it again` });
    }
  }

  /** A member gets partition p: it starts at the committed offset, or where auto.offset.reset says. */
  private takeOver(group: Group, p: number, m: Member): void {
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
      this.host.record({
        kind: 'offset.reset', actor: group.view, data: { topic: group.topic.name, group: group.id, partition: p, offset: start, reason: committed === null ? 'no committed offset' : 'committed offset deleted by retention' },
        text: `${committed === null ? `no committed offset for partition ${p}` : `offset ${committed} of partition ${p} was deleted by retention`}: auto.offset.reset=${m.opts.autoOffsetReset} starts at ${start}${m.opts.autoOffsetReset === 'latest' && start > partition.logStart ? ` (records ${partition.logStart}…${start - 1} are skipped)` : ''}`,
      });
    }
    group.processed[p] = group.position[p];
  }

  consumerDown(consumerId: string): void {
    this.memberDown(this.members.get(consumerId));
    this.memberDown(this.retryMembers.get(consumerId));
  }

  private memberDown(m: Member | undefined): void {
    if (!m || !m.up) return;
    m.up = false;
    m.running = 0;
    const incarnation = m.incarnation;
    this.host.at(this.host.now() + m.opts.sessionTimeoutMs, () => {
      if (m.up || m.incarnation !== incarnation || !m.joined) return;
      m.joined = false;
      this.requestRebalance(m.group, `${m.spec.service} sent no heartbeat for session.timeout.ms ${m.opts.sessionTimeoutMs}`);
    });
  }

  consumerUp(consumerId: string): void {
    this.memberUp(this.members.get(consumerId));
    this.memberUp(this.retryMembers.get(consumerId));
  }

  private memberUp(m: Member | undefined): void {
    if (!m || m.up) return;
    m.up = true;
    m.incarnation++;
    m.lastAutoCommit = this.host.now();
    const group = m.group;
    if (m.joined) {
      // Restarted before the session timed out: the new process rejoins at once; the dead one's records come back.
      for (const p of m.partitions) {
        const flight = group.inFlight[p];
        if (flight && flight.incarnation !== m.incarnation) this.orphan(group, flight);
        group.owner[p] = null;
      }
    }
    m.joined = true;
    this.requestRebalance(group, `${m.spec.service} (re)joined group ${group.id}`);
  }

  // ── consuming ──────────────────────────────────────────────────────────────────────────

  private schedulePump(group: Group): void {
    if (group.pumpScheduled || group.members.length === 0) return;
    group.pumpScheduled = true;
    this.host.at(this.host.now(), () => {
      group.pumpScheduled = false;
      for (const m of group.members) this.pump(m);
    });
  }

  /** Each owned partition has at most one record in flight, so records of a partition are processed in order (ref §3.1). */
  private pump(m: Member): void {
    const group = m.group;
    if (!m.up || !m.joined || m.partitions.length === 0) return;
    let progress = true;
    while (progress && m.running < m.spec.concurrency) {
      progress = false;
      for (let k = 0; k < m.partitions.length && m.running < m.spec.concurrency; k++) {
        const p = m.partitions[(m.roundRobin + k) % m.partitions.length];
        if (group.owner[p] !== m || group.inFlight[p] || group.position[p] >= group.topic.partitions[p].end) continue;
        if (group.retryOf && this.backingOff(group, p)) continue;
        this.deliver(group, m, p);
        progress = true;
      }
      m.roundRobin = (m.roundRobin + 1) % m.partitions.length;
    }
  }

  /** A retry-topic record not yet due: the partition is paused until its back-off ends (ref §3.8). */
  private backingOff(group: Group, p: number): boolean {
    const partition = group.topic.partitions[p];
    const due = partition.records.at(group.position[p] - partition.logStart)?.message.headers['retry_topic-backoff-timestamp'];
    const now = this.host.now();
    if (typeof due !== 'number' || due <= now) return false;
    if (group.wakeAt === undefined || group.wakeAt <= now || due < group.wakeAt) {
      group.wakeAt = due;
      this.host.at(due, () => {
        if (group.wakeAt === due) group.wakeAt = undefined;
        this.schedulePump(group);
      });
    }
    return true;
  }

  private deliver(group: Group, m: Member, p: number): void {
    const partition = group.topic.partitions[p];
    const offset = group.position[p];
    const record = partition.records.at(offset - partition.logStart)!;
    group.position[p] = offset + 1;
    const retried = record.message.headers['retry_topic-attempts'];
    const attempt = m.opts.retryTopic ? (typeof retried === 'number' ? retried : 1) : group.attempts[p] + 1;
    const props: Record<string, Json> = { partition: p, offset, committedOffset: group.committed[p], groupId: group.id, timestamp: record.tick, deliveryAttempt: attempt };
    if (record.message.key !== undefined) props.key = record.message.key;
    const delivery = { id: this.host.nextId('d'), message: record.message, entity: group.view, consumerId: m.spec.id, props };
    const flight: InFlight = { delivery, partition: p, offset, member: m, incarnation: m.incarnation, deliveredTick: this.host.now(), committedEarly: false };
    group.inFlight[p] = flight;
    this.inFlight.set(delivery.id, flight);
    m.running++;
    this.host.record({
      kind: 'message.delivered', actor: group.view, messageId: record.message.id, correlationId: record.message.correlationId, deliveryId: delivery.id,
      data: { entity: group.view, consumer: m.spec.service, props },
      text: group.attempts[p] > 0 ? `offset ${offset} of partition ${p} again (attempt ${group.attempts[p] + 1} of ${m.opts.deliveryAttempts}): the partition waits behind it` : undefined,
    });
    if (m.opts.commit === 'before-processing') {
      flight.committedEarly = true;
      this.commit(group, p, m, offset + 1, 'committed before processing: if the consumer dies now, this record is never read again (at-most-once)');
    }
    m.pollAlarm.request(flight.deliveredTick + m.opts.maxPollIntervalMs);
    this.host.deliver(delivery);
  }

  /**
   * Kafka has no per-record settlement (ref §3.5, §3.8): a record is done when the handler
   * returns (its offset is then committed), a throw makes the error handler retry it, and
   * ctx.deadLetter publishes it to the dead-letter topic.
   */
  settlementError(settlement: Settlement): string | undefined {
    if (settlement.outcome === 'dead-letter') return undefined;
    return 'Kafka has no per-record acknowledgement: a consumer commits offsets. Return normally and the offset is committed; throw to have the error handler retry the record; ctx.deadLetter(reason) publishes it to the dead-letter topic (ref §3.5, §3.8)';
  }

  settle(deliveryId: string, settlement: Settlement): void {
    const flight = this.inFlight.get(deliveryId);
    if (!flight) return;
    this.inFlight.delete(deliveryId);
    const m = flight.member;
    const group = m.group;
    if (flight.incarnation !== m.incarnation) return;
    m.running = Math.max(0, m.running - 1);
    const p = flight.partition;
    if (group.inFlight[p] === flight) group.inFlight[p] = null;
    const msg = flight.delivery.message;
    const refs = { messageId: msg.id, correlationId: msg.correlationId, deliveryId };
    const owns = group.owner[p] === m && m.joined;
    if (settlement.outcome === 'complete') {
      this.host.record({ kind: 'message.acked', actor: group.view, ...refs, data: { entity: group.view, consumer: m.spec.service } });
      this.finished(group, m, flight, owns);
    } else if (m.opts.retryTopic) {
      this.retryNonBlocking(group, m, flight, owns, settlement);
    } else if (settlement.outcome === 'dead-letter') {
      this.giveUp(group, m, flight, owns, settlement.reason, settlement.description);
    } else {
      group.attempts[p]++;
      if (owns && group.attempts[p] < m.opts.deliveryAttempts) {
        group.position[p] = flight.offset;
        this.host.record({
          kind: 'message.abandoned', actor: group.view, ...refs, data: { entity: group.view, consumer: m.spec.service, requeued: true },
          text: `the handler failed: the error handler seeks back to offset ${flight.offset} (attempt ${group.attempts[p]} of ${m.opts.deliveryAttempts}, FixedBackOff(0, ${m.opts.deliveryAttempts - 1})); partition ${p} is blocked meanwhile`,
        });
      } else {
        this.giveUp(group, m, flight, owns, 'retries exhausted', settlement.outcome === 'fail' ? settlement.error : settlement.outcome);
      }
    }
    // Nothing of this member is running any more: no max.poll.interval deadline to watch.
    if (!group.inFlight.some((f) => f && f.member === m)) m.pollAlarm.clear();
    this.schedulePump(group);
  }

  /**
   * Spring @RetryableTopic (ref §3.8): a failed record is published to `<topic>-retry` with a
   * back-off and the offset moves on (the partition is not blocked; per-key order is lost); after
   * the last attempt, or for ctx.deadLetter, it goes to `<topic>-dlt`.
   */
  private retryNonBlocking(group: Group, m: Member, flight: InFlight, owns: boolean, settlement: Settlement): void {
    const rt = m.opts.retryTopic!;
    const base = group.retryOf ?? group.topic.name;
    const msg = flight.delivery.message;
    const refs = { messageId: msg.id, correlationId: msg.correlationId, deliveryId: flight.delivery.id };
    const attempt = typeof msg.headers['retry_topic-attempts'] === 'number' ? (msg.headers['retry_topic-attempts'] as number) : 1;
    const error = settlement.outcome === 'fail' ? settlement.error : settlement.outcome === 'dead-letter' ? `${settlement.reason}${settlement.description ? `: ${settlement.description}` : ''}` : settlement.outcome;
    const headers: Record<string, Json> = { ...msg.headers, 'kafka_original-topic': (msg.headers['kafka_original-topic'] as Json) ?? group.topic.name, 'kafka_exception-message': error };
    const retryName = retryTopicName(base);
    if (settlement.outcome !== 'dead-letter' && attempt < rt.attempts) {
      const due = this.host.now() + rt.backoffMs;
      const to = this.topics.get(retryName)!;
      this.host.record({
        kind: 'message.forwarded', actor: group.view, ...refs, data: { entity: group.view, to: retryName, attempt: attempt + 1, dueTick: due },
        text: `attempt ${attempt} of ${rt.attempts} failed: published to ${retryName} (not before ${due}, back-off ${rt.backoffMs} ms) and the offset moves on — ${group.topic.name} partition ${flight.partition} is not blocked, so order per key is lost`,
      });
      this.append(to, Math.min(flight.partition, to.partitions.length - 1), 'explicit', { ...msg, headers: { ...headers, 'retry_topic-attempts': attempt + 1, 'retry_topic-backoff-timestamp': due } });
    } else {
      const dltName = retryDeadLetterTopicName(base);
      const dlt = this.topics.get(dltName)!;
      const reason = settlement.outcome === 'dead-letter' ? settlement.reason : 'retries exhausted';
      this.host.record({
        kind: 'message.dead-lettered', actor: group.view, ...refs, data: { entity: group.view, dlq: dltName, reason, description: error },
        text: settlement.outcome === 'dead-letter' ? `published to ${dltName} without further retries (a non-retryable failure)` : `attempt ${attempt} of ${rt.attempts} failed: published to ${dltName}, the dead-letter topic (@RetryableTopic)`,
      });
      this.append(dlt, Math.min(flight.partition, dlt.partitions.length - 1), 'explicit', { ...msg, headers });
    }
    this.finished(group, m, flight, owns);
  }

  /** After the last attempt: publish to `<topic>.DLT` (same partition) if configured, else log and skip. */
  private giveUp(group: Group, m: Member, flight: InFlight, owns: boolean, reason: string, description?: string): void {
    const msg = flight.delivery.message;
    const refs = { messageId: msg.id, correlationId: msg.correlationId, deliveryId: flight.delivery.id };
    const dlt = this.topics.get(deadLetterTopicName(group.topic.name));
    if (m.opts.deadLetterTopic && dlt) {
      this.host.record({
        kind: 'message.dead-lettered', actor: group.view, ...refs, data: { entity: group.view, dlq: dlt.name, reason, ...(description ? { description } : {}) },
        text: `published to ${dlt.name}, partition ${flight.partition} (DeadLetterPublishingRecoverer) after ${group.attempts[flight.partition] || 1} attempt(s), then the offset moves on`,
      });
      const headers = { ...msg.headers, 'kafka_dlt-original-topic': group.topic.name, 'kafka_dlt-original-partition': flight.partition, 'kafka_dlt-original-offset': flight.offset, 'kafka_dlt-exception-message': description ?? reason };
      this.append(dlt, Math.min(flight.partition, dlt.partitions.length - 1), 'explicit', { ...msg, headers });
    } else {
      this.host.record({
        kind: 'message.dropped', actor: group.view, ...refs, data: { entity: group.view, reason: `${reason}: logged and skipped` },
        text: `given up after ${group.attempts[flight.partition] || 1} attempt(s): Kafka has no dead-letter queue, the default recoverer logs the record and the offset moves on (set deadLetterTopic to publish it to ${deadLetterTopicName(group.topic.name)})`,
      });
    }
    this.finished(group, m, flight, owns);
  }

  private finished(group: Group, m: Member, flight: InFlight, owns: boolean): void {
    const p = flight.partition;
    group.attempts[p] = 0;
    if (!owns) {
      if (m.opts.commit === 'after-processing') this.commitFailed(group, p, m, flight.offset + 1, `partition ${p} is no longer assigned to ${m.spec.service} (CommitFailedException): the new owner will process offset ${flight.offset} again`);
      return;
    }
    group.processed[p] = Math.max(group.processed[p], flight.offset + 1);
    if (m.opts.commit === 'after-processing') this.commit(group, p, m, flight.offset + 1, undefined);
    else if (m.opts.commit === 'auto') this.scheduleAutoCommit(m);
  }

  // ── commits ────────────────────────────────────────────────────────────────────────────

  private commit(group: Group, p: number, m: Member, offset: number, why: string | undefined): void {
    if (group.committed[p] !== null && group.committed[p]! >= offset) return;
    group.committed[p] = offset;
    this.host.record({ kind: 'offset.committed', actor: group.view, data: { topic: group.topic.name, group: group.id, partition: p, offset }, text: why ?? `${m.spec.service} committed offset ${offset} of partition ${p} (the next record to read)` });
  }

  private commitFailed(group: Group, p: number, m: Member, offset: number, reason: string): void {
    this.host.record({ kind: 'offset.commit-failed', actor: group.view, data: { topic: group.topic.name, group: group.id, partition: p, offset, reason }, text: `${m.spec.service}'s commit of offset ${offset} failed: ${reason}` });
  }

  /** enable.auto.commit: positions of finished records are committed every auto.commit.interval.ms (ref §3.5). */
  private scheduleAutoCommit(m: Member): void {
    m.autoCommitAlarm.request(Math.max(this.host.now(), m.lastAutoCommit + m.opts.autoCommitIntervalMs));
  }

  private autoCommit(m: Member): void {
    if (!m.up || !m.joined) return;
    m.lastAutoCommit = this.host.now();
    for (const p of m.partitions) {
      if (m.group.owner[p] === m) this.commit(m.group, p, m, m.group.processed[p], `auto-commit (every auto.commit.interval.ms ${m.opts.autoCommitIntervalMs}) of offset ${m.group.processed[p]} on partition ${p}`);
    }
  }

  /** A handler that runs past max.poll.interval.ms makes its member leave the group (ref §3.4). */
  private checkPollInterval(m: Member): void {
    const now = this.host.now();
    let oldest: InFlight | null = null;
    for (const f of m.group.inFlight) if (f && f.member === m && f.incarnation === m.incarnation && (!oldest || f.deliveredTick < oldest.deliveredTick)) oldest = f;
    if (!oldest || !m.up || !m.joined) return;
    if (oldest.deliveredTick + m.opts.maxPollIntervalMs > now) return m.pollAlarm.request(oldest.deliveredTick + m.opts.maxPollIntervalMs);
    m.joined = false;
    this.requestRebalance(m.group, `${m.spec.service} did not poll within max.poll.interval.ms ${m.opts.maxPollIntervalMs} (still processing offset ${oldest.offset}) and left the group`);
    // It rejoins on its next poll, once the slow record is done.
    const rejoin = () => {
      if (!m.up || m.joined) return;
      if (m.group.inFlight.some((f) => f && f.member === m && f.incarnation === m.incarnation)) return void this.host.at(this.host.now() + 1_000, rejoin);
      m.joined = true;
      this.requestRebalance(m.group, `${m.spec.service} polled again and rejoined`);
    };
    this.host.at(now + 1_000, rejoin);
  }

  // ── retention and replay ───────────────────────────────────────────────────────────────

  /** retention.ms / retention.bytes (ref §3.6): the oldest records are deleted, read or not. */
  private applyRetention(topic: Topic): void {
    const now = this.host.now();
    let next: number | null = null;
    for (const partition of topic.partitions) {
      let deleted = 0;
      while (partition.records.length > 0) {
        const head = partition.records.peek()!;
        const tooOld = head.tick + topic.retentionMs <= now;
        const tooBig = topic.retentionBytes >= 0 && partition.bytes > topic.retentionBytes;
        if (!tooOld && !tooBig) break;
        partition.records.shift();
        partition.bytes -= head.bytes;
        partition.logStart = head.offset + 1;
        deleted++;
        for (const group of topic.groups) {
          if (group.processed[partition.index] <= head.offset && !group.inFlight[partition.index]) {
            this.host.record({ kind: 'message.expired', actor: group.view, messageId: head.message.id, correlationId: head.message.correlationId, data: { entity: group.view }, text: `deleted by retention before group ${group.id} read offset ${head.offset}` });
          }
        }
      }
      if (deleted > 0) {
        this.host.record({ kind: 'retention.deleted', actor: topic.name, data: { topic: topic.name, partition: partition.index, logStartOffset: partition.logStart, deleted }, text: `retention deleted ${deleted} record(s) of partition ${partition.index}: the log now starts at offset ${partition.logStart}` });
        for (const group of topic.groups) {
          const owner = group.owner[partition.index];
          if (group.position[partition.index] < partition.logStart && owner) this.takeOverAfterRetention(group, partition, owner);
        }
      }
      const head = partition.records.peek();
      if (head && (next === null || head.tick + topic.retentionMs < next)) next = head.tick + topic.retentionMs;
    }
    if (next !== null && topic.retentionTimed) topic.retentionAlarm.request(next);
  }

  private takeOverAfterRetention(group: Group, partition: Partition, owner: Member): void {
    const start = owner.opts.autoOffsetReset === 'earliest' ? partition.logStart : partition.end;
    group.position[partition.index] = start;
    group.processed[partition.index] = Math.max(group.processed[partition.index], start);
    this.host.record({ kind: 'offset.reset', actor: group.view, data: { topic: group.topic.name, group: group.id, partition: partition.index, offset: start, reason: 'offset out of range' }, text: `position fell behind the log start (OffsetOutOfRange): auto.offset.reset=${owner.opts.autoOffsetReset} moves to ${start}` });
  }

  /**
   * Replay: reset a group's committed offsets (kafka-consumer-groups --reset-offsets), only while
   * the group has no live member (ref §3.6). Returns false when refused.
   */
  resetOffsets(topicName: string, groupId: string, to: 'earliest' | 'latest' | number): boolean {
    const group = this.views.get(groupView(topicName, groupId));
    if (!group || group.members.some((m) => m.up && m.joined)) return false;
    for (const partition of group.topic.partitions) {
      const offset = to === 'earliest' ? partition.logStart : to === 'latest' ? partition.end : Math.max(partition.logStart, Math.min(to, partition.end));
      group.committed[partition.index] = offset;
      this.host.record({ kind: 'offset.reset', actor: group.view, data: { topic: topicName, group: groupId, partition: partition.index, offset, reason: `reset-offsets --to-${typeof to === 'number' ? 'offset' : to}` }, text: `group ${groupId}'s offset on partition ${partition.index} reset to ${offset}: records from there are read again on the next assignment` });
    }
    return true;
  }
}

/** Rough serialized size: key + JSON body, enough for batch.size and retention.bytes. */
function recordBytes(message: Message): number {
  return (message.key?.length ?? 0) + JSON.stringify(message.body).length + 16;
}
