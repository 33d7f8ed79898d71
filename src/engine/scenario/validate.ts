// Scenario validation. Input may come from a file or a link, so nothing about its shape is
// assumed: every problem becomes an issue with the path and the reason
// (`services[1].handlers[0].consumes: no entity named "orders"`), never a stack trace.

import type { Scenario } from './types';
import { SCENARIO_FORMAT_VERSION } from './types';
import type { ValidationIssue } from './validate-types';
import { brokerModels } from '../brokers/registry';
import { checks } from '../checks/registry';
import { faultModels } from '../faults/registry';
import { validateRecoverability } from '../patterns/retry/recoverability';
import { validateCircuitBreaker } from '../patterns/circuit-breaker';
import { FIELD_TYPES } from '../patterns/contracts';
import { FAULT_BOUNDS, LIMITS_CEILING, SCENARIO_BOUNDS, TICK_VALUE_MAX } from './bounds';
import { validateSeed, validateShape } from './validate-shape';
import { onBroker, validateBrokerSwitch } from './broker-switch';
import { hasOwn } from './named';
import { builtinHandlers } from '../handlers/builtins';

const BROKER_KINDS = ['generic', 'servicebus', 'rabbitmq', 'kafka'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isName = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const isPosInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;
const isNonNegInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isTick = (v: unknown) => isNonNegInt(v) && (v as number) <= TICK_VALUE_MAX;

export function validateScenario(input: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  if (!isObj(input)) return [{ path: '', message: 'a scenario must be an object' }];
  // Plain bounded data first: nothing below reads a getter, a cycle or a 100,000-level nesting.
  const shape = validateShape(input, '', { longStringKeys: { source: SCENARIO_BOUNDS.sourceCharsMax } });
  if (shape.length > 0) return shape;
  const s = input as Obj;
  if (s.formatVersion !== SCENARIO_FORMAT_VERSION) {
    add('formatVersion', typeof s.formatVersion === 'number' && s.formatVersion > SCENARIO_FORMAT_VERSION
      ? `format ${s.formatVersion} is newer than this Brokerlab understands (${SCENARIO_FORMAT_VERSION}); reload to get the latest version`
      : `expected ${SCENARIO_FORMAT_VERSION}, got ${JSON.stringify(s.formatVersion)}`);
  }
  if (!isName(s.id)) add('id', 'must be a non-empty string');
  if (!isName(s.title)) add('title', 'must be a non-empty string');
  if (!BROKER_KINDS.includes(s.broker as string)) add('broker', `must be one of ${BROKER_KINDS.join(', ')}, got ${JSON.stringify(s.broker)}`);
  for (const field of ['entities', 'messages', 'services', 'workload'] as const) {
    if (!Array.isArray(s[field])) add(field, 'must be a list');
  }
  for (const field of ['entities', 'messages', 'services', 'workload', 'checks'] as const) {
    const list = s[field];
    if (Array.isArray(list) && list.length > SCENARIO_BOUNDS.listMax) add(field, `too many: ${list.length} (at most ${SCENARIO_BOUNDS.listMax})`);
  }
  if (Array.isArray(s.faults) && s.faults.length > FAULT_BOUNDS.faultsMax) add('faults', `too many faults: ${s.faults.length} (at most ${FAULT_BOUNDS.faultsMax})`);
  if (Array.isArray(s.services)) {
    const withCode = s.services.filter((svc) => isObj(svc) && Array.isArray(svc.handlers) && svc.handlers.some((h) => isObj(h) && isObj(h.code) && typeof h.code.source === 'string')).length;
    if (withCode > SCENARIO_BOUNDS.codeServicesMax) add('services', `${withCode} services run handler code; at most ${SCENARIO_BOUNDS.codeServicesMax} may (each is a process with a realm of up to 32 MB)`);
  }
  if (issues.length > 0) return issues;
  const switchIssues = validateBrokerSwitch(s as unknown as Scenario);
  if (switchIssues.length > 0) return [...issues, ...switchIssues];
  // On a broker the switch maps to, the native entities are what runs: validate those.
  const scenario = onBroker(s as unknown as Scenario);

  const entityNames = validateEntities(scenario, add, issues);
  validateMessages(scenario, entityNames, add);
  validateServices(scenario, entityNames, add);
  if (s.externals !== undefined) validateExternals(scenario, entityNames, add);
  validateWorkload(scenario, add);
  (scenario.checks ?? []).forEach((c, i) => {
    if (!isObj(c) || !isName(c.name)) add(`checks[${i}].name`, 'must be a check name');
    else if (!checks[c.name]) add(`checks[${i}].name`, `no check named "${c.name}" (known: ${Object.keys(checks).join(', ')})`);
    else for (const x of checks[c.name].validate?.(c.options as never, scenario) ?? []) add(`checks[${i}].options${x.path ? `.${x.path}` : ''}`, x.message);
  });
  issues.push(...validateFaults(scenario.faults, 'faults', scenario));
  if (s.limits !== undefined) validateLimits(s.limits, add);
  if (s.permissions !== undefined) validatePermissions(scenario, entityNames, add);
  if (s.seeds !== undefined) {
    if (!Array.isArray(s.seeds) || s.seeds.length === 0 || s.seeds.length > SCENARIO_BOUNDS.listMax) add('seeds', `must be a list of 1 to ${SCENARIO_BOUNDS.listMax} seeds`);
    else s.seeds.forEach((x, i) => issues.push(...validateSeed(x, `seeds[${i}]`)));
  }
  validateDb(scenario, add);
  return issues;
}

/** `limits`: each a positive integer, at most its ceiling (LIMITS_CEILING). */
function validateLimits(limits: unknown, add: (p: string, m: string) => void): void {
  if (!isObj(limits)) return add('limits', 'must be an object');
  for (const [k, v] of Object.entries(limits)) {
    const ceiling = hasOwn(LIMITS_CEILING, k) ? (LIMITS_CEILING as Record<string, number>)[k] : undefined;
    if (ceiling === undefined) add(`limits.${k}`, `unknown limit (known: ${Object.keys(LIMITS_CEILING).join(', ')})`);
    else if (v !== undefined && (!isPosInt(v) || (v as number) > ceiling)) add(`limits.${k}`, `must be a positive integer up to ${ceiling.toLocaleString('en')}, got ${JSON.stringify(v)}`);
  }
}

/** Preloaded database rows: bounded in number, values plain JSON (the shape walk checked them). */
function validateDb(s: Scenario, add: (p: string, m: string) => void): void {
  let rows = 0;
  s.services.forEach((svc, i) => {
    if (!isObj(svc) || svc.db === undefined) return;
    if (!isObj(svc.db)) return add(`services[${i}].db`, 'must map table names to { key: value }');
    for (const [table, content] of Object.entries(svc.db)) {
      if (!isObj(content)) add(`services[${i}].db.${table}`, 'must map keys to values');
      else rows += Object.keys(content).length;
    }
  });
  if (rows > SCENARIO_BOUNDS.dbRowsMax) add('services', `too many preloaded database rows: ${rows} (at most ${SCENARIO_BOUNDS.dbRowsMax})`);
}

export function validateFaults(faults: unknown, path: string, scenario: Scenario): ValidationIssue[] {
  if (faults === undefined) return [];
  if (!Array.isArray(faults)) return [{ path, message: 'must be a list' }];
  if (faults.length > FAULT_BOUNDS.faultsMax) return [{ path, message: `too many faults: ${faults.length} (at most ${FAULT_BOUNDS.faultsMax})` }];
  const shape = validateShape(faults, path);
  if (shape.length > 0) return shape;
  const issues: ValidationIssue[] = [];
  faults.forEach((f, i) => {
    const at = `${path}[${i}]`;
    if (!isObj(f) || !isName(f.type)) return issues.push({ path: `${at}.type`, message: 'must name a fault type' });
    const model = faultModels[f.type];
    if (!model) return issues.push({ path: `${at}.type`, message: `no fault named "${f.type}" (known: ${Object.keys(faultModels).join(', ') || 'none'})` });
    issues.push(...model.validate(f as never, scenario).map((x) => ({ path: x.path ? `${at}.${x.path}` : at, message: x.message })));
  });
  return issues;
}

/** `permissions`: service → { send?: entities, listen?: entities, reveal?: boolean } (patterns/governance). */
function validatePermissions(s: Scenario, entities: Set<string>, add: (p: string, m: string) => void): void {
  if (!isObj(s.permissions)) return add('permissions', 'must map service names to { send?, listen?, reveal? }');
  for (const [svc, g] of Object.entries(s.permissions)) {
    const at = `permissions.${svc}`;
    if (!s.services.some((x) => isObj(x) && x.name === svc)) add(at, `no service named "${svc}"`);
    if (!isObj(g)) {
      add(at, 'must be { send?, listen?, reveal? }');
      continue;
    }
    for (const k of ['send', 'listen'] as const) {
      const list = g[k];
      if (list === undefined) continue;
      if (!Array.isArray(list)) add(`${at}.${k}`, 'must be a list of entity names');
      else list.forEach((e, i) => {
        if (e !== '*' && (!isName(e) || !entities.has(e))) add(`${at}.${k}[${i}]`, `no entity named ${JSON.stringify(e)}`);
      });
    }
    if (g.reveal !== undefined && typeof g.reveal !== 'boolean') add(`${at}.reveal`, 'must be true or false');
  }
}

function validateEntities(s: Scenario, add: (p: string, m: string) => void, issues: ValidationIssue[]): Set<string> {
  const names = new Set<string>();
  const byBroker = new Map<string, { indices: number[] }>();
  s.entities.forEach((e, i) => {
    if (!isObj(e)) return add(`entities[${i}]`, 'must be an object');
    if (!isName(e.name)) return add(`entities[${i}].name`, 'must be a non-empty string');
    if (!isName(e.type)) return add(`entities[${i}].type`, 'must name an entity type');
    if (names.has(e.name)) add(`entities[${i}].name`, `another entity is already named "${e.name}"`);
    names.add(e.name);
    const kind = e.broker ?? s.broker;
    if (!BROKER_KINDS.includes(kind)) return add(`entities[${i}].broker`, `unknown broker "${kind}"`);
    const group = byBroker.get(kind) ?? { indices: [] };
    group.indices.push(i);
    byBroker.set(kind, group);
  });
  for (const [kind, group] of byBroker) {
    const model = brokerModels[kind as keyof typeof brokerModels];
    if (!model) {
      add(`entities[${group.indices[0]}].broker`, `the ${kind} broker model is not available yet`);
      continue;
    }
    const entities = group.indices.map((i) => s.entities[i]);
    const modelIssues = model.validate(entities, s, (j) => `entities[${group.indices[j]}]`);
    issues.push(...modelIssues);
    if (modelIssues.length === 0) for (const name of model.derivedNames?.(entities, s) ?? []) names.add(name);
  }
  return names;
}

function validateMessages(s: Scenario, entities: Set<string>, add: (p: string, m: string) => void): void {
  const types = new Set<string>();
  s.messages.forEach((m, i) => {
    if (!isObj(m)) return add(`messages[${i}]`, 'must be an object');
    if (!isName(m.type)) return add(`messages[${i}].type`, 'must be a non-empty string');
    if (types.has(m.type)) add(`messages[${i}].type`, `message type "${m.type}" is declared twice`);
    types.add(m.type);
    if (m.kind !== 'event' && m.kind !== 'command') add(`messages[${i}].kind`, 'must be "event" or "command"');
    if (!isName(m.to) || !entities.has(m.to)) add(`messages[${i}].to`, `no entity named ${JSON.stringify(m.to)}`);
    if (m.version !== undefined && !isPosInt(m.version)) add(`messages[${i}].version`, 'must be a positive integer');
    if (m.schema !== undefined) validateSchema(m.schema, `messages[${i}].schema`, add);
  });
}

/** `schema`: version ("1", "2"…) → field → { type, required?, personal? } (patterns/contracts). */
function validateSchema(schema: unknown, at: string, add: (p: string, m: string) => void): void {
  if (!isObj(schema)) return add(at, 'must map versions ("1", "2", …) to fields');
  for (const [v, fields] of Object.entries(schema)) {
    if (!/^[1-9]\d*$/.test(v)) add(`${at}.${v}`, 'versions are positive integers ("1", "2", …)');
    if (!isObj(fields)) {
      add(`${at}.${v}`, 'must map field names to { type, required?, personal? }');
      continue;
    }
    for (const [name, f] of Object.entries(fields)) {
      if (!isObj(f) || !FIELD_TYPES.includes(f.type as never)) add(`${at}.${v}.${name}.type`, `must be one of ${FIELD_TYPES.join(', ')}`);
      else for (const k of ['required', 'personal'] as const) if (f[k] !== undefined && typeof f[k] !== 'boolean') add(`${at}.${v}.${name}.${k}`, 'must be true or false');
    }
  }
}

function validateServices(s: Scenario, entities: Set<string>, add: (p: string, m: string) => void): void {
  const names = new Set<string>();
  s.services.forEach((svc, i) => {
    const at = `services[${i}]`;
    if (!isObj(svc)) return add(at, 'must be an object');
    if (!isName(svc.name)) return add(`${at}.name`, 'must be a non-empty string');
    if (names.has(svc.name)) add(`${at}.name`, `another service is already named "${svc.name}"`);
    names.add(svc.name);
    if (svc.calls !== undefined) {
      if (!isObj(svc.calls)) add(`${at}.calls`, 'must be { latencyTicks?, backlog? }');
      else for (const k of ['latencyTicks', 'backlog'] as const) if (svc.calls[k] !== undefined && !isNonNegInt(svc.calls[k])) add(`${at}.calls.${k}`, 'must be a non-negative integer');
    }
    if (svc.rabbitmq !== undefined) {
      const connection = isObj(svc.rabbitmq) ? (svc.rabbitmq as { publisherConnection?: unknown }).publisherConnection : undefined;
      if (!isObj(svc.rabbitmq)) add(`${at}.rabbitmq`, "must be { publisherConnection?: 'shared' | 'separate' }");
      else if (connection !== undefined && connection !== 'shared' && connection !== 'separate') add(`${at}.rabbitmq.publisherConnection`, `must be "shared" or "separate", got ${JSON.stringify(connection)}`);
    }
    if (!Array.isArray(svc.handlers)) return add(`${at}.handlers`, 'must be a list');
    if (svc.handlers.length > SCENARIO_BOUNDS.listMax) return add(`${at}.handlers`, `too many: ${svc.handlers.length} (at most ${SCENARIO_BOUNDS.listMax})`);
    const relay = (svc.outbox as { relay?: unknown } | undefined)?.relay;
    if (relay !== undefined && relay !== 'polling' && relay !== 'log-tailing') add(`${at}.outbox.relay`, `must be "polling" or "log-tailing", got ${JSON.stringify(relay)}`);
    const window = (svc.inbox as { dedupWindowTicks?: unknown } | undefined)?.dedupWindowTicks;
    if (window !== undefined && !isPosInt(window)) add(`${at}.inbox.dedupWindowTicks`, 'must be a positive integer');
    const handlerNames = new Set<string>();
    svc.handlers.forEach((h, j) => {
      const hp = `${at}.handlers[${j}]`;
      if (!isObj(h)) return add(hp, 'must be an object');
      if (!isName(h.name)) return add(`${hp}.name`, 'must be a non-empty string');
      if (handlerNames.has(h.name)) add(`${hp}.name`, `another handler of ${svc.name} is already named "${h.name}"`);
      handlerNames.add(h.name);
      if (h.consumes !== undefined && (!isName(h.consumes) || !entities.has(h.consumes))) add(`${hp}.consumes`, `no entity named ${JSON.stringify(h.consumes)}`);
      if (h.concurrency !== undefined && !isPosInt(h.concurrency)) add(`${hp}.concurrency`, 'must be a positive integer');
      if (h.expects !== undefined) {
        if (!isObj(h.expects)) add(`${hp}.expects`, 'must map message types to the contract version this handler reads');
        else for (const [type, v] of Object.entries(h.expects)) {
          const spec = s.messages.find((m) => isObj(m) && m.type === type);
          if (!spec) add(`${hp}.expects.${type}`, `no message type "${type}" in the catalog`);
          else if (!isPosInt(v) || !isObj(spec.schema) || !(String(v) in spec.schema)) add(`${hp}.expects.${type}`, `${type} has no schema version ${JSON.stringify(v)}`);
        }
      }
      if (h.retry !== undefined) for (const x of validateRecoverability(h.retry, `${hp}.retry`)) add(x.path, x.message);
      if (h.circuitBreaker !== undefined) for (const x of validateCircuitBreaker(h.circuitBreaker, `${hp}.circuitBreaker`)) add(x.path, x.message);
      const code = h.code as unknown;
      if (!isObj(code) || (typeof code.builtin !== 'string' && typeof code.source !== 'string')) add(`${hp}.code`, 'must be { builtin: name } or { source: text }');
      else if (typeof code.builtin === 'string' && !hasOwn(builtinHandlers, code.builtin)) add(`${hp}.code.builtin`, `no built-in handler named ${JSON.stringify(code.builtin)} (known: ${Object.keys(builtinHandlers).join(', ')})`);
    });
  });
}

/** `externals`: [{ name, description?, keyField?, honoursIdempotencyKey?, latencyTicks? }]. */
function validateExternals(s: Scenario, entities: Set<string>, add: (p: string, m: string) => void): void {
  if (!Array.isArray(s.externals)) return add('externals', 'must be a list of { name, keyField?, honoursIdempotencyKey?, latencyTicks? }');
  const services = new Set(s.services.filter(isObj).map((x) => x.name));
  const names = new Set<string>();
  s.externals.forEach((x, i) => {
    const at = `externals[${i}]`;
    if (!isObj(x)) return add(at, 'must be an object');
    if (!isName(x.name)) return add(`${at}.name`, 'must be a non-empty string');
    if (names.has(x.name)) add(`${at}.name`, `another external is already named "${x.name}"`);
    else if (services.has(x.name)) add(`${at}.name`, `a service is already named "${x.name}"`);
    else if (entities.has(x.name)) add(`${at}.name`, `a broker entity is already named "${x.name}"`);
    names.add(x.name);
    const known = ['name', 'description', 'keyField', 'honoursIdempotencyKey', 'latencyTicks'];
    for (const k of Object.keys(x)) if (!known.includes(k)) add(`${at}.${k}`, `unknown option (known: ${known.join(', ')})`);
    if (x.description !== undefined && typeof x.description !== 'string') add(`${at}.description`, 'must be a string');
    if (x.keyField !== undefined && !isName(x.keyField)) add(`${at}.keyField`, 'must name a body field');
    if (x.honoursIdempotencyKey !== undefined && typeof x.honoursIdempotencyKey !== 'boolean') add(`${at}.honoursIdempotencyKey`, 'must be true or false');
    if (x.latencyTicks !== undefined && !isNonNegInt(x.latencyTicks)) add(`${at}.latencyTicks`, 'must be a non-negative integer');
  });
}

function validateWorkload(s: Scenario, add: (p: string, m: string) => void): void {
  s.workload.forEach((w, i) => {
    const at = `workload[${i}]`;
    if (!isObj(w)) return add(at, 'must be an object');
    if (w.kind !== 'steady' && w.kind !== 'burst') add(`${at}.kind`, 'must be "steady" or "burst"');
    if (w.publish !== undefined) {
      if (w.service !== undefined || w.handler !== undefined) add(`${at}.publish`, 'give either publish (a message type) or service and handler, not both');
      else if (!s.messages.some((m) => isObj(m) && m.type === w.publish)) add(`${at}.publish`, `no message type ${JSON.stringify(w.publish)} in the catalog`);
      validateWorkloadTiming(w, at, add);
      return;
    }
    const svc = s.services.find((x) => isObj(x) && x.name === w.service);
    if (!svc) return add(`${at}.service`, `no service named ${JSON.stringify(w.service)}`);
    const handler = Array.isArray(svc.handlers) ? svc.handlers.find((h) => isObj(h) && h.name === w.handler) : undefined;
    if (!handler) add(`${at}.handler`, `${svc.name} has no handler named ${JSON.stringify(w.handler)}`);
    else if (handler.consumes) add(`${at}.handler`, `${svc.name}.${handler.name} consumes ${handler.consumes}; the workload can only call entry handlers (without "consumes")`);
    validateWorkloadTiming(w, at, add);
  });
}

function validateWorkloadTiming(w: Obj, at: string, add: (p: string, m: string) => void): void {
  if (!isPosInt(w.count) || (w.count as number) > SCENARIO_BOUNDS.workloadCountMax) add(`${at}.count`, `must be a positive integer up to ${SCENARIO_BOUNDS.workloadCountMax.toLocaleString('en')}, got ${JSON.stringify(w.count)}`);
  if (w.startTick !== undefined && !isTick(w.startTick)) add(`${at}.startTick`, `must be a non-negative integer up to ${TICK_VALUE_MAX}`);
  if (w.intervalTicks !== undefined && !isTick(w.intervalTicks)) add(`${at}.intervalTicks`, `must be a non-negative integer up to ${TICK_VALUE_MAX}`);
}
