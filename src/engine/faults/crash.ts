// Crash: a service's process dies — at a tick, or when one of its handlers reaches a named
// crash point ("after-commit-before-publish": the dual-write question). Every running handler
// of the service dies with it and uncommitted work is discarded; the database keeps what was
// committed. The service restarts `restartAfterTicks` later (default 1,000; null stays down).

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { CRASH_POINTS, type CrashPoint } from '../services/invocation';
import { Issues, Matcher, faultRandom, injected, matchSpec, nth } from './common';

export interface CrashFault extends FaultSpec {
  type: 'crash';
  service: string;
  atTick?: number;
  point?: CrashPoint;
  handler?: string;
  messageType?: string;
  nth?: number;
  restartAfterTicks?: number | null;
}

export const CRASH_RESTART_DEFAULT_TICKS = 1000;

export const crashFault: FaultModel<CrashFault> = {
  type: 'crash',
  title: 'Crash a service',
  description: 'Kill a service at a tick or at a named crash point; it restarts after a delay with its database intact and its memory empty.',
  validate(spec, scenario) {
    const v = new Issues(spec, scenario).match({ serviceRequired: true }).int('atTick').oneOf('point', CRASH_POINTS);
    if ((spec.atTick === undefined) === (spec.point === undefined)) v.add('', 'give either atTick or point (a crash point name)');
    if (spec.restartAfterTicks !== undefined && spec.restartAfterTicks !== null) v.int('restartAfterTicks', { min: 1 });
    return v.list;
  },
  install(spec, { world, lifecycle }) {
    const restart = spec.restartAfterTicks === undefined ? CRASH_RESTART_DEFAULT_TICKS : spec.restartAfterTicks;
    const then = restart === null ? 'it stays down' : `restart in ${restart} ms`;
    if (spec.atTick !== undefined) {
      world.at(spec.atTick, () => {
        const svc = world.services.get(spec.service)!;
        if (!svc.up) return;
        injected(world, 'crash', spec.service, `crash ${spec.service} at tick ${spec.atTick} (${then})`);
        lifecycle.crash(svc, `fault at tick ${spec.atTick}`, restart);
      });
      return;
    }
    const matcher = new Matcher(matchSpec(spec), faultRandom(world, spec));
    return {
      crashAt(inv, point) {
        if (point !== spec.point) return null;
        if (!matcher.strike({ service: inv.service.name, handler: inv.handler.spec.name, messageType: inv.message.type })) return null;
        injected(world, 'crash', spec.service, `crash ${spec.service} at ${point} in ${inv.handler.spec.name} (${nth(matcher.count)} time there; ${then})`, {
          messageId: inv.message.id || undefined, correlationId: inv.message.correlationId || undefined, deliveryId: inv.delivery?.id,
          details: { point, handler: inv.handler.spec.name },
        });
        return { restartAfterTicks: restart };
      },
    };
  },
};
