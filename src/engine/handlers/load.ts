// Loads a scenario's handler: a built-in by name, or source text compiled and evaluated in its
// service's realm (realm.ts). A service's realm is its process: created when the service
// starts, replaced when it restarts after a crash, so every start evaluates the modules afresh.
// A problem at the first load becomes a validation issue pointing at the handler's code, with
// the line and column for source errors.

import type { HandlerSpec } from '../scenario/types';
import type { ValidationIssue } from '../scenario/validate-types';
import type { World } from '../world';
import type { Handler, HandlerOptions } from './api';
import type { ServiceRuntime } from '../services/invocation';
import { builtinHandlers } from './builtins';
import { CompileError, compileHandler } from './compile';
import { describeThrown } from '../services/thrown';
import { snapshotThrown } from './failure';
import { RealmFailure, RealmMeter, ServiceRealm } from './realm';
import { thrownError, type Described } from './realm-run';
import { fromRealm } from './realm-data';
import { isJson } from '../scenario/json';

const compiled = new Map<string, string>();

/** Compilation depends only on the text, so it is cached across runs. */
export function compileCached(source: string, file: string): string {
  const key = `${file}\u0000${source}`;
  let js = compiled.get(key);
  if (js === undefined) {
    js = compileHandler(source, file).js;
    if (compiled.size > 200) compiled.clear();
    compiled.set(key, js);
  }
  return js;
}

/** A loaded handler, with the options its code declared (`defineHandler(name, fn, options)`). */
export interface LoadedHandler {
  fn: Handler;
  options?: HandlerOptions;
  /** Source-code handlers: the compiled module, run in the service's realm. */
  source?: { js: string; file: string; declared: string };
}

/** Source-code handlers never run on the host; this stands in for them in the handler table. */
export const inRealm: Handler = () => {
  throw new Error('a source-code handler runs in its service realm, not on the host');
};

/** The service's realm, created on first use (a service without source handlers has none). */
export function serviceRealm(svc: ServiceRuntime, world: World): ServiceRealm {
  if (!svc.realm) {
    const rng = world.random(`code/${svc.name}`);
    svc.realm = new ServiceRealm(svc.name, {
      now: () => world.now(), random: () => rng.next(), workMax: world.limits.handlerWorkMax, callDepthMax: world.limits.handlerCallDepthMax, group: world,
    });
  }
  return svc.realm;
}

const OPTION_KEYS = ['retry', 'circuitBreaker', 'concurrency', 'producer', 'publisherConfirms'];

/** The options a module declared (`defineHandler(name, fn, options)`), checked as plain JSON data. */
function declaredOptions(text: string): HandlerOptions {
  const options = fromRealm(text);
  if (typeof options !== 'object' || options === null || Array.isArray(options) || !isJson(options)) {
    throw new TypeError('defineHandler options must be a plain object of JSON data ({ retry, circuitBreaker, concurrency, producer, publisherConfirms })');
  }
  const unknown = Object.keys(options).filter((k) => !OPTION_KEYS.includes(k));
  if (unknown.length > 0) throw new TypeError(`defineHandler: unknown option(s) ${unknown.join(', ')} (known: ${OPTION_KEYS.join(', ')})`);
  return options as HandlerOptions;
}

/** Evaluates a module in the service's realm; returns the options it declared, if any. */
function evaluate(svc: ServiceRuntime, world: World, handler: string, js: string, file: string): HandlerOptions | undefined {
  const realm = serviceRealm(svc, world);
  let reply: string;
  try {
    reply = realm.load(handler, js, file, new RealmMeter(world.limits.handlerWorkMax));
  } catch (error) {
    throw error instanceof RealmFailure ? error.error : error;
  }
  if (reply === '') return undefined;
  if (reply[0] === 'o') return declaredOptions(reply.slice(1));
  throw thrownError(realm, JSON.parse(reply.slice(1)) as Described);
}

export function loadHandler(spec: HandlerSpec, service: string, world: World, path: string): LoadedHandler | { issue: ValidationIssue } {
  const code = spec.code;
  if ('builtin' in code) {
    const factory = builtinHandlers[code.builtin];
    if (!factory) return { issue: { path: `${path}.builtin`, message: `no built-in handler named "${code.builtin}" (known: ${Object.keys(builtinHandlers).join(', ')})` } };
    return { fn: factory(code.options) };
  }
  const file = code.file ?? `${service}/${spec.name}.ts`;
  try {
    const js = compileCached(code.source, file);
    const options = evaluate(world.services.get(service)!, world, spec.name, js, file);
    const loaded: LoadedHandler = { fn: inRealm, source: { js, file, declared: declaredKey(options) } };
    if (options) loaded.options = options;
    return loaded;
  } catch (error) {
    if (error instanceof CompileError) return { issue: { path, message: `${file}:${error.line}:${error.column}: ${error.message.replace(/^.*?:\d+:\d+: /, '')}` } };
    return { issue: { path, message: `${file}: ${describeThrown(snapshotThrown(error))}` } };
  }
}

/** The options a module declared, as a comparable key (a deploy must not change them). */
export function declaredKey(options: HandlerOptions | undefined): string {
  return JSON.stringify(options ?? {});
}

/**
 * A restarted service is a new process: a fresh realm, every module evaluated again from the
 * top. A module that fails now (it loaded before, so it reads the clock or random at load
 * time) fails every attempt of this incarnation with what went wrong.
 */
export function restartRealm(svc: ServiceRuntime, world: World): void {
  svc.realm?.release();
  svc.realm = null;
  for (const handler of svc.handlers.values()) {
    const source = handler.source;
    if (!source) continue;
    delete source.loadError;
    try {
      const declared = declaredKey(evaluate(svc, world, handler.spec.name, source.js, source.file));
      if (declared !== source.declared) {
        // Options shape the run's wiring (retries, breaker, consumer concurrency), set when the
        // run was built; a module that now declares others (new code deployed) cannot change them.
        source.loadError = new Error(`${source.file}: the module now declares other options (${declared}) than when the service was built (${source.declared}); options are wired when the run starts, so change them from the start of the run`);
      }
    } catch (error) {
      source.loadError = new Error(`${source.file}: the module failed to load after the restart: ${describeThrown(snapshotThrown(error))}`);
    }
  }
}

/** A crash: the process and everything in its memory is gone. */
export function dropRealm(svc: ServiceRuntime): void {
  svc.realm?.release();
  svc.realm = null;
}
