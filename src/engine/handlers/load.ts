// Loads a scenario's handler: a built-in by name, or source text compiled and evaluated in the
// sandbox with this run's clock and a seeded random stream. A problem becomes a validation
// issue pointing at the handler's code, with the line and column for source errors.

import type { HandlerSpec } from '../scenario/types';
import type { ValidationIssue } from '../scenario/validate-types';
import type { World } from '../world';
import type { Handler, HandlerOptions } from './api';
import { builtinHandlers } from './builtins';
import { CompileError, compileHandler, type CompiledHandler } from './compile';
import { declaredHandlerOptions, loadHandlerModule } from './sandbox';
import { describeThrown } from '../services/thrown';
import { snapshotThrown } from './failure';

const compiled = new Map<string, CompiledHandler>();

/** Compilation depends only on the text, so it is cached across runs. */
function compileCached(source: string, file: string): CompiledHandler {
  const key = `${file}\u0000${source}`;
  let js = compiled.get(key);
  if (js === undefined) {
    js = compileHandler(source, file);
    if (compiled.size > 200) compiled.clear();
    compiled.set(key, js);
  }
  return js;
}

/** A loaded handler, with the options its code declared (`defineHandler(name, fn, options)`). */
export interface LoadedHandler {
  fn: Handler;
  options?: HandlerOptions;
  /** Evaluates the module again, for a restarted service (source code only). */
  reload?: () => Handler;
}

export function loadHandler(spec: HandlerSpec, service: string, world: World, path: string): LoadedHandler | { issue: ValidationIssue } {
  const code = spec.code;
  if ('builtin' in code) {
    const factory = builtinHandlers[code.builtin];
    if (!factory) return { issue: { path: `${path}.builtin`, message: `no built-in handler named "${code.builtin}" (known: ${Object.keys(builtinHandlers).join(', ')})` } };
    return { fn: factory(code.options) };
  }
  const file = code.file ?? `${service}/${spec.name}.ts`;
  const rng = world.random(`code/${service}/${spec.name}`);
  try {
    const js = compileCached(code.source, file);
    const limits = { workMax: world.limits.handlerWorkMax, callDepthMax: world.limits.handlerCallDepthMax };
    const evaluate = () => loadHandlerModule(js, { now: () => world.now(), random: () => rng.next(), limits }, file);
    const fn = evaluate();
    const reload = (): Handler => {
      try {
        return evaluate();
      } catch (error) {
        // The module loaded once, so this is code that reads the clock or random at load time:
        // every attempt of this incarnation fails with what went wrong.
        const failure = snapshotThrown(error);
        return () => {
          throw new Error(`${file}: the module failed to load after the restart: ${describeThrown(failure)}`);
        };
      }
    };
    const options = declaredHandlerOptions(fn);
    return options ? { fn, options, reload } : { fn, reload };
  } catch (error) {
    if (error instanceof CompileError) return { issue: { path, message: `${file}:${error.line}:${error.column}: ${error.message.replace(/^.*?:\d+:\d+: /, '')}` } };
    return { issue: { path, message: `${file}: ${describeThrown(snapshotThrown(error))}` } };
  }
}
