// Topic subscription rules and their copy semantics. A subscription's rules each have a filter
// (true, false, correlation or SQL) and optionally an action. A message sent to the topic is
// offered to every subscription: all matching rules WITHOUT an action together yield ONE copy;
// every matching rule WITH an action yields its OWN copy, with the action applied and a
// `RuleName` property (ref §1.1). A subscription created without rules gets `$Default`, the
// true filter; one whose rules were all deleted receives nothing. Filters see properties only.

import type { Json } from '../../scenario/json';
import type { Message } from '../types';
import { applyAction, matches, parseSqlAction, parseSqlFilter, type SqlAction, type SqlExpr, type SqlProps, type SqlValue } from './sql-filter';

export const DEFAULT_RULE_NAME = '$Default';

/** Correlation filter fields: exact, case-sensitive equality, all ANDed. */
export const CORRELATION_FIELDS = ['CorrelationId', 'MessageId', 'To', 'ReplyTo', 'Subject', 'SessionId', 'ReplyToSessionId', 'ContentType'] as const;

export type RuleFilter =
  | { kind: 'true' }
  | { kind: 'false' }
  | { kind: 'correlation'; system: Record<string, string>; properties: Record<string, SqlValue> }
  | { kind: 'sql'; expr: SqlExpr; text: string };

export interface Rule {
  name: string;
  filter: RuleFilter;
  action: SqlAction | null;
}

export interface RuleCopy {
  message: Message;
  /** Rule(s) that produced it, for the explanation. */
  rules: string[];
}

/** Parses a rule spec (validated beforehand); throws SqlSyntaxError on bad SQL. */
export function parseRule(spec: Record<string, Json | undefined>): Rule {
  const f = spec.filter;
  let filter: RuleFilter;
  if (f === undefined || f === true) filter = { kind: 'true' };
  else if (f === false) filter = { kind: 'false' };
  else if (typeof f === 'object' && f !== null && !Array.isArray(f) && typeof f.sql === 'string') filter = { kind: 'sql', expr: parseSqlFilter(f.sql), text: f.sql };
  else {
    const c = ((f as Record<string, Json>).correlation ?? {}) as Record<string, Json>;
    const system: Record<string, string> = {};
    for (const k of CORRELATION_FIELDS) if (typeof c[k] === 'string') system[k] = c[k] as string;
    const properties = (c.properties ?? {}) as Record<string, SqlValue>;
    filter = { kind: 'correlation', system, properties };
  }
  return { name: String(spec.name ?? DEFAULT_RULE_NAME), filter, action: typeof spec.action === 'string' ? parseSqlAction(spec.action) : null };
}

export function defaultRules(): Rule[] {
  return [{ name: DEFAULT_RULE_NAME, filter: { kind: 'true' }, action: null }];
}

/** The properties a filter sees: system properties (sys.*) and application properties. */
export function messageProps(m: Message): SqlProps {
  const user: Record<string, SqlValue> = {};
  for (const [k, v] of Object.entries(m.headers)) if (v === null || typeof v !== 'object') user[k] = v as SqlValue;
  const subject = typeof m.headers.Subject === 'string' ? m.headers.Subject : m.type;
  const sys: Record<string, SqlValue> = {
    MessageId: typeof m.headers.MessageId === 'string' ? m.headers.MessageId : m.id,
    CorrelationId: m.correlationId,
    Subject: subject,
    Label: subject,
    ContentType: typeof m.headers.ContentType === 'string' ? m.headers.ContentType : 'application/json',
  };
  for (const k of ['To', 'ReplyTo', 'ReplyToSessionId'] as const) if (typeof m.headers[k] === 'string') sys[k] = m.headers[k] as string;
  const session = sessionIdOf(m);
  if (session !== undefined) sys.SessionId = session;
  return { sys, user };
}

export function sessionIdOf(m: Message): string | undefined {
  return typeof m.headers.SessionId === 'string' ? m.headers.SessionId : m.key;
}

export function filterMatches(filter: RuleFilter, props: SqlProps): boolean {
  switch (filter.kind) {
    case 'true': return true;
    case 'false': return false;
    case 'sql': return matches(filter.expr, props);
    case 'correlation':
      for (const [k, v] of Object.entries(filter.system)) if (props.sys[k === 'Subject' ? 'Subject' : k] !== v) return false;
      for (const [k, v] of Object.entries(filter.properties)) if (props.user[k] !== v) return false;
      return true;
  }
}

/** The copies one subscription receives (ref §1.1 copy semantics). */
export function subscriptionCopies(rules: readonly Rule[], message: Message): RuleCopy[] {
  const props = messageProps(message);
  const plain: string[] = [];
  const copies: RuleCopy[] = [];
  for (const rule of rules) {
    if (!filterMatches(rule.filter, props)) continue;
    if (!rule.action) {
      plain.push(rule.name);
      continue;
    }
    const after = applyAction(rule.action, props);
    const headers: Record<string, Json> = { ...message.headers };
    for (const k of Object.keys(props.user)) if (!(k in after.user)) delete headers[k];
    for (const [k, v] of Object.entries(after.user)) headers[k] = v;
    headers.RuleName = rule.name;
    copies.push({ message: { ...message, headers }, rules: [rule.name] });
  }
  if (plain.length > 0) copies.unshift({ message, rules: plain });
  return copies;
}
