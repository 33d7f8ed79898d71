// Deploy: new handler code goes live in a service at a tick — the "what if we had shipped this
// fix at 3 s?" of a what-if branch. A deploy replaces the process, as in production: the old one
// stops (handlers running at that moment are cut off, their uncommitted work is discarded and
// their messages come back when the broker notices, exactly as after a crash), and the new one
// starts at once with every module evaluated from the top (nothing held in memory survives).
// Everything before the tick is the same run, event for event.
//
// Options a module declares (retry, circuitBreaker, concurrency) wire the run when it starts and
// are not re-read: new code that declares others fails its attempts with a message saying so.
// Validation compiles the new code (syntax errors point at the line) but never runs it.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { Issues, injected } from './common';
import { CompileError } from '../handlers/compile';
import { compileCached, inRealm } from '../handlers/load';
import { SCENARIO_BOUNDS } from '../scenario/bounds';

export interface DeployFault extends FaultSpec {
  type: 'deploy';
  service: string;
  atTick: number;
  /** Handler name → its new source code. */
  handlers: Record<string, string>;
}

/** The file name a deployed handler's code compiles as (the same as a scenario's own source). */
const fileOf = (service: string, handler: string) => `${service}/${handler}.ts`;

export const deployFault: FaultModel<DeployFault> = {
  type: 'deploy',
  title: 'Deploy new handler code',
  description: 'Replace handlers\' code in a service at a tick: the old process stops (running handlers are cut off) and the new one starts at once.',
  validate(spec, scenario) {
    const v = new Issues(spec, scenario).service().int('atTick', { required: true });
    const handlers = spec.handlers as unknown;
    if (typeof handlers !== 'object' || handlers === null || Array.isArray(handlers) || Object.keys(handlers).length === 0) {
      return v.add('handlers', 'must map at least one handler name of the service to its new source code').list;
    }
    const service = scenario.services.find((s) => s.name === spec.service);
    for (const [name, source] of Object.entries(handlers as Record<string, unknown>)) {
      if (service && !service.handlers.some((h) => h.name === name)) {
        v.add(`handlers.${name}`, `${spec.service} has no handler named "${name}" (it has ${service.handlers.map((h) => h.name).join(', ') || 'none'})`);
        continue;
      }
      if (typeof source !== 'string') {
        v.add(`handlers.${name}`, 'must be source code text');
        continue;
      }
      if (source.length > SCENARIO_BOUNDS.sourceCharsMax) {
        v.add(`handlers.${name}`, `is ${source.length.toLocaleString('en')} characters, at most ${SCENARIO_BOUNDS.sourceCharsMax.toLocaleString('en')}`);
        continue;
      }
      try {
        compileCached(source, fileOf(spec.service, name));
      } catch (error) {
        if (error instanceof CompileError) v.add(`handlers.${name}`, `${fileOf(spec.service, name)}:${error.line}:${error.column}: ${error.message.replace(/^.*?:\d+:\d+: /, '')}`);
        else throw error;
      }
    }
    return v.list;
  },
  install(spec, { world, lifecycle }) {
    world.at(spec.atTick, () => {
      const svc = world.services.get(spec.service)!;
      const names = Object.keys(spec.handlers);
      injected(world, 'deploy', spec.service, `deploy new code of ${names.join(', ')} to ${spec.service} at tick ${spec.atTick}: the old process stops, the new one starts`);
      for (const name of names) {
        const handler = svc.handlers.get(name);
        if (!handler) continue;
        const file = handler.source?.file ?? fileOf(spec.service, name);
        const declared = handler.source?.declared ?? '{}';
        handler.source = { js: compileCached(spec.handlers[name]!, file), file, declared };
        handler.fn = inRealm;
      }
      // A service that is down when the deploy lands starts with the new code; one that is up
      // is stopped and started again.
      if (svc.up) lifecycle.crash(svc, `deploy at tick ${spec.atTick}: the old process stopped`, null);
      lifecycle.restart(svc);
    });
  },
};
