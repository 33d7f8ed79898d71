// Validation of Kafka topics and consumer options: every problem is an issue with a path and
// a reason (zero partitions, a negative retention, an unknown assignment strategy…).

import type { EntitySpec, Scenario } from '../../scenario/types';
import type { ValidationIssue } from '../../scenario/validate-types';
import { Checker, isObj, type Obj } from '../shared/options';
import { STRATEGIES } from './assignors';
import { kafkaGroups } from './groups';
import { CLEANUP_POLICIES, ISOLATION_LEVELS, deadLetterTopicName, groupView, retryDeadLetterTopicName, retryTopicName } from './options';

export function validateKafka(entities: EntitySpec[], scenario: Scenario, path: (i: number) => string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const topics = new Set<string>();
  entities.forEach((e, i) => {
    const c = new Checker(issues, path(i));
    const o = e as Obj;
    if (e.type !== 'topic') return c.add('type', `Kafka has "topic" entities (with partitions), not "${e.type}"`);
    topics.add(e.name);
    if (o.partitions === undefined) c.add('partitions', 'a topic needs a partition count (an integer ≥ 1)');
    c.int(o, 'partitions', 1, 10_000, 'a topic has at least one partition');
    c.int(o, 'retentionMs', 1, Number.MAX_SAFE_INTEGER, 'retention.ms; use a large value to keep records long');
    if (o.retentionBytes !== undefined && o.retentionBytes !== -1) c.int(o, 'retentionBytes', 1, Number.MAX_SAFE_INTEGER, 'retention.bytes; -1 means unlimited');
    validateDurability(c, o);
    validateCompaction(c, o);
  });
  const instanceIds = new Map<string, string>();
  scenario.services.forEach((svc, i) => {
    if (!isObj(svc) || !Array.isArray(svc.handlers)) return;
    svc.handlers.forEach((h, j) => {
      if (!isObj(h) || typeof h.consumes !== 'string') return;
      const base = h.consumes.includes('/') ? h.consumes.slice(0, h.consumes.lastIndexOf('/')) : h.consumes;
      if (!topics.has(base)) return;
      const c = new Checker(issues, `services[${i}].handlers[${j}]`);
      if (h.options === undefined) return;
      if (!isObj(h.options)) return c.add('options', 'must be an object');
      const o = h.options;
      const oc = c.sub('options');
      if (o.groupId !== undefined && (typeof o.groupId !== 'string' || !o.groupId || o.groupId.includes('/'))) c.add('options.groupId', 'must be a non-empty name without "/"');
      if (o.groupInstanceId !== undefined) {
        if (typeof o.groupInstanceId !== 'string' || !o.groupInstanceId) c.add('options.groupInstanceId', 'group.instance.id must be a non-empty string (static membership)');
        else {
          const key = `${base}\u0000${typeof o.groupId === 'string' ? o.groupId : String(svc.name)}\u0000${o.groupInstanceId}`;
          const other = instanceIds.get(key);
          if (other) c.add('options.groupInstanceId', `group.instance.id "${o.groupInstanceId}" is already used by ${other} in the same group: a second consumer with the same id fences the first (FencedInstanceIdException)`);
          else instanceIds.set(key, `${String(svc.name)}/${String(h.name)}`);
        }
      }
      oc.oneOf(o, 'commit', ['auto', 'after-processing', 'before-processing']);
      oc.oneOf(o, 'autoOffsetReset', ['latest', 'earliest', 'none']);
      oc.oneOf(o, 'partitionAssignmentStrategy', STRATEGIES);
      oc.oneOf(o, 'isolationLevel', ISOLATION_LEVELS);
      for (const f of ['autoCommitIntervalMs', 'maxPollIntervalMs', 'sessionTimeoutMs', 'deliveryAttempts']) oc.int(o, f, 1);
      oc.bool(o, 'enableAutoCommit');
      oc.bool(o, 'deadLetterTopic');
      oc.known(o, ['groupId', 'groupInstanceId', 'commit', 'autoOffsetReset', 'partitionAssignmentStrategy', 'isolationLevel', 'autoCommitIntervalMs', 'maxPollIntervalMs', 'sessionTimeoutMs', 'deliveryAttempts', 'enableAutoCommit', 'deadLetterTopic', 'retryTopic']);
      if (o.retryTopic !== undefined && o.retryTopic !== true && o.retryTopic !== false) {
        if (!isObj(o.retryTopic)) c.add('options.retryTopic', 'true, or { attempts, backoffMs } (Spring @RetryableTopic: 3 attempts, 1000 ms)');
        else {
          const rc = oc.sub('retryTopic');
          rc.int(o.retryTopic, 'attempts', 2, 100, 'attempts in all, the first on the main topic (at least 2)');
          rc.int(o.retryTopic, 'backoffMs', 0);
        }
      }
    });
  });
  return issues;
}

/** Replication and producer configs of a topic (ref §3.3). */
function validateDurability(c: Checker, o: Obj): void {
  c.int(o, 'replicationFactor', 1, 10, 'replication.factor: how many brokers hold a copy (the cluster has as many brokers as the largest factor)');
  c.int(o, 'minInsyncReplicas', 1, 10, 'min.insync.replicas');
  c.bool(o, 'uncleanLeaderElection');
  c.bool(o, 'enableIdempotence');
  c.oneOf(o, 'acks', ['0', '1', 'all']);
  const rf = typeof o.replicationFactor === 'number' ? o.replicationFactor : 1;
  if (typeof o.minInsyncReplicas === 'number' && o.minInsyncReplicas > rf) c.add('minInsyncReplicas', `min.insync.replicas ${o.minInsyncReplicas} > replicationFactor ${rf}: every acks=all write would fail with NotEnoughReplicas`);
  if (o.enableIdempotence === true && o.acks !== undefined && o.acks !== 'all') c.add('enableIdempotence', `ConfigException: enable.idempotence=true requires acks=all, got acks=${String(o.acks)} (left unset, idempotence would be silently disabled)`);
}

/** cleanup.policy and the compaction configs (ref §3.6). */
function validateCompaction(c: Checker, o: Obj): void {
  c.oneOf(o, 'cleanupPolicy', CLEANUP_POLICIES);
  for (const f of ['segmentMs', 'segmentBytes', 'deleteRetentionMs']) c.int(o, f, 1, Number.MAX_SAFE_INTEGER);
  c.int(o, 'minCompactionLagMs', 0, Number.MAX_SAFE_INTEGER);
  if (o.minCleanableDirtyRatio !== undefined && (typeof o.minCleanableDirtyRatio !== 'number' || !(o.minCleanableDirtyRatio >= 0 && o.minCleanableDirtyRatio <= 1))) c.add('minCleanableDirtyRatio', 'min.cleanable.dirty.ratio is a number from 0 to 1 (default 0.5)');
}

export function kafkaNames(entities: EntitySpec[], scenario: Scenario): string[] {
  const names: string[] = [];
  for (const g of kafkaGroups(entities, scenario)) {
    names.push(groupView(g.topic, g.group));
    if (g.dlt) names.push(deadLetterTopicName(g.topic));
    if (g.retry) names.push(retryTopicName(g.topic), groupView(retryTopicName(g.topic), g.group), retryDeadLetterTopicName(g.topic));
  }
  return names;
}
