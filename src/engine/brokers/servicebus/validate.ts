// Validation of Service Bus entities and receiver options. Every problem is an issue with a
// path and a reason, never an exception: a scenario may come from a file or a link.

import type { EntitySpec, Scenario } from '../../scenario/types';
import type { ValidationIssue } from '../../scenario/validate-types';
import { Checker, isObj, type Obj } from '../shared/options';
import { SB_DEFAULTS, deadLetterQueueName, subscriptionName } from './options';
import { parseRule } from './rules';
import { MESSAGE_SIZE } from './message-size';

const QUEUE_FIELDS = ['lockDurationTicks', 'maxDeliveryCount', 'requiresSession', 'defaultMessageTimeToLiveTicks', 'deadLetteringOnMessageExpiration', 'requiresDuplicateDetection', 'duplicateDetectionHistoryTimeWindowTicks', 'forwardTo', 'forwardDeadLetteredMessagesTo', 'maxMessageSizeInKilobytes'];

/** ForwardTo / ForwardDeadLetteredMessagesTo name an existing queue or topic; no forwarding from session entities (ref §1.8). */
function checkForwarding(c: Checker, o: Obj, targets: Set<string>): void {
  for (const field of ['forwardTo', 'forwardDeadLetteredMessagesTo']) {
    const v = o[field];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !targets.has(v)) c.add(field, `no queue or topic named ${JSON.stringify(v)}: the destination must exist when the source entity is created`);
  }
  if (o.forwardTo !== undefined && o.requiresSession === true) c.add('forwardTo', 'auto-forwarding is not supported on session-enabled queues or subscriptions');
}

function checkEntityOptions(c: Checker, o: Obj): void {
  c.int(o, 'lockDurationTicks', 1, SB_DEFAULTS.lockDurationTicksMax, 'LockDuration is at most 5 minutes');
  c.int(o, 'maxDeliveryCount', 1, Number.MAX_SAFE_INTEGER, 'MaxDeliveryCount is at least 1 and cannot be disabled');
  c.int(o, 'defaultMessageTimeToLiveTicks', 1, Number.MAX_SAFE_INTEGER, 'DefaultMessageTimeToLive');
  c.bool(o, 'requiresSession');
  c.bool(o, 'deadLetteringOnMessageExpiration');
}

function checkDedup(c: Checker, o: Obj): void {
  c.bool(o, 'requiresDuplicateDetection');
  c.int(o, 'duplicateDetectionHistoryTimeWindowTicks', SB_DEFAULTS.duplicateDetectionWindowTicksMin, SB_DEFAULTS.duplicateDetectionWindowTicksMax, 'DuplicateDetectionHistoryTimeWindow is 20 s to 7 days');
}

/** MaxMessageSizeInKilobytes: 256 (the Standard tier's fixed limit) or a Premium entity's 1,024 to 102,400. */
function checkMessageSize(c: Checker, o: Obj): void {
  const v = o.maxMessageSizeInKilobytes;
  if (v === undefined || v === MESSAGE_SIZE.standardKilobytes) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < MESSAGE_SIZE.premiumKilobytesMin || v > MESSAGE_SIZE.premiumKilobytesMax) {
    c.add('maxMessageSizeInKilobytes', `must be 256 (Standard tier) or an integer from 1024 to 102400 (Premium: up to 100 MB), got ${JSON.stringify(v)}`);
  }
}

function checkRules(c: Checker, rules: unknown): void {
  if (rules === undefined) return;
  if (!Array.isArray(rules)) return c.add('rules', 'must be a list of rules ({ name, filter, action? })');
  const names = new Set<string>();
  rules.forEach((rule, k) => {
    const at = `rules[${k}]`;
    if (!isObj(rule) || typeof rule.name !== 'string' || !rule.name) return c.add(at, 'a rule needs a name');
    if (names.has(rule.name)) c.add(`${at}.name`, `another rule is already named "${rule.name}"`);
    names.add(rule.name);
    const f = rule.filter;
    const okFilter = f === undefined || typeof f === 'boolean' || (isObj(f) && (typeof f.sql === 'string' || isObj(f.correlation)));
    if (!okFilter) return c.add(`${at}.filter`, 'must be true, false, { sql: "…" } or { correlation: { … } }');
    if (rule.action !== undefined && typeof rule.action !== 'string') return c.add(`${at}.action`, 'must be a SQL action text ("SET p = …")');
    try {
      parseRule(rule);
    } catch (error) {
      c.add(isObj(f) && typeof f.sql === 'string' && !String((error as Error).message).includes('SET') ? `${at}.filter.sql` : `${at}`, `SQL: ${(error as Error).message}`);
    }
  });
}

export function validateServiceBus(entities: EntitySpec[], scenario: Scenario, path: (i: number) => string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const topics = new Set<string>();
  const targets = new Set(entities.filter((e) => e.type === 'queue' || e.type === 'topic').map((e) => e.name));
  entities.forEach((e, i) => {
    const c = new Checker(issues, path(i));
    const o = e as Obj;
    if (e.type === 'queue') {
      checkEntityOptions(c, o);
      checkForwarding(c, o, targets);
      checkDedup(c, o);
      checkMessageSize(c, o);
    } else if (e.type === 'topic') {
      topics.add(e.name);
      checkDedup(c, o);
      checkMessageSize(c, o);
      c.int(o, 'defaultMessageTimeToLiveTicks', 1, Number.MAX_SAFE_INTEGER, 'DefaultMessageTimeToLive');
      const subs = o.subscriptions;
      if (subs !== undefined && !Array.isArray(subs)) return c.add('subscriptions', 'must be a list of subscriptions ({ name, rules?, … })');
      const names = new Set<string>();
      (subs ?? []).forEach((sub, j) => {
        const sc = new Checker(issues, `${path(i)}.subscriptions[${j}]`);
        if (!isObj(sub) || typeof sub.name !== 'string' || !sub.name || sub.name.includes('/')) return sc.add('name', 'a subscription needs a name without "/"');
        if (names.has(sub.name)) sc.add('name', `another subscription of ${e.name} is already named "${sub.name}"`);
        names.add(sub.name);
        checkEntityOptions(sc, sub);
        checkForwarding(sc, sub, targets);
        checkRules(sc, sub.rules);
      });
    } else {
      c.add('type', `Service Bus has "queue" and "topic" (with subscriptions), not "${e.type}"`);
    }
    for (const k of Object.keys(o)) if (k.endsWith('Ms') || k === 'lockDuration') c.add(k, `unknown option; times are given in ticks (ms), e.g. ${QUEUE_FIELDS.filter((f) => f.endsWith('Ticks')).join(', ')}`);
  });
  validateReceivers(issues, scenario, entities, topics);
  return issues;
}

/** Entities a receiver cannot open: those with ForwardTo, and dead-letter queues that forward. */
function forwardingEntities(entities: EntitySpec[]): Set<string> {
  const out = new Set<string>();
  const add = (name: string, o: Obj) => {
    if (typeof o.forwardTo === 'string') out.add(name);
    if (typeof o.forwardDeadLetteredMessagesTo === 'string') out.add(deadLetterQueueName(name));
  };
  for (const e of entities) {
    if (e.type === 'queue') add(e.name, e as Obj);
    else if (e.type === 'topic') for (const sub of ((e as Obj).subscriptions as Obj[] | undefined) ?? []) if (isObj(sub)) add(subscriptionName(e.name, String(sub.name)), sub);
  }
  return out;
}

function validateReceivers(issues: ValidationIssue[], scenario: Scenario, entities: EntitySpec[], topics: Set<string>): void {
  const names = new Set(serviceBusNames(entities));
  const forwarding = forwardingEntities(entities);
  scenario.services.forEach((svc, i) => {
    if (!isObj(svc) || !Array.isArray(svc.handlers)) return;
    svc.handlers.forEach((h, j) => {
      if (!isObj(h) || typeof h.consumes !== 'string') return;
      const c = new Checker(issues, `services[${i}].handlers[${j}]`);
      if (topics.has(h.consumes)) return c.add('consumes', `receivers read a subscription, not the topic: use "${subscriptionName(h.consumes, '<subscription>')}"`);
      if (forwarding.has(h.consumes)) return c.add('consumes', `cannot create a message receiver on an entity with auto-forwarding enabled: ${h.consumes} hands every message on as it arrives; receive from its destination`);
      if (!names.has(h.consumes)) return;
      const o = h.options;
      if (o === undefined) return;
      if (!isObj(o)) return c.add('options', 'must be an object');
      const oc = c.sub('options');
      oc.oneOf(o, 'receiveMode', ['PeekLock', 'ReceiveAndDelete']);
      oc.int(o, 'prefetchCount', 0);
      oc.bool(o, 'autoCompleteMessages');
      oc.int(o, 'maxAutoLockRenewalDurationTicks', 0);
      oc.int(o, 'maxConcurrentSessions', 1);
      oc.known(o, ['receiveMode', 'prefetchCount', 'autoCompleteMessages', 'maxAutoLockRenewalDurationTicks', 'maxConcurrentSessions']);
    });
  });
  scenario.messages.forEach((m, i) => {
    if (isObj(m) && typeof m.to === 'string' && names.has(m.to) && (m.to.includes('/Subscriptions/') || m.to.endsWith('/$deadletterqueue'))) {
      issues.push({ path: `messages[${i}].to`, message: `senders send to queues and topics; ${m.to} can only be received from` });
    }
  });
}

/** Subscriptions and dead-letter queues, besides the declared queues and topics. */
export function serviceBusNames(entities: EntitySpec[]): string[] {
  const names: string[] = [];
  for (const e of entities) {
    if (e.type === 'queue') names.push(e.name, deadLetterQueueName(e.name));
    else if (e.type === 'topic') {
      names.push(e.name);
      for (const sub of (e.subscriptions as Obj[] | undefined) ?? []) {
        const n = subscriptionName(e.name, String(sub.name));
        names.push(n, deadLetterQueueName(n));
      }
    }
  }
  return names;
}
