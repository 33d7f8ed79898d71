// Built-in handlers, named in scenarios by `{ builtin: name, options }`. They are native code
// for the workloads that must be fast (benchmarks) or are not the point of a lesson; every
// handler people are meant to read and edit is source text instead.

import type { Handler } from './api';
import type { Json } from '../scenario/json';
import { registry } from '../scenario/named';

type BuiltinFactory = (options: Json | undefined) => Handler;

export const builtinHandlers: Record<string, BuiltinFactory> = registry({
  /** Does nothing and succeeds: the message is acked. */
  ack: () => () => undefined,
  /** Spends `workTicks` of simulated time, then succeeds. */
  work: (options) => {
    const ticks = Number((options as { workTicks?: number } | undefined)?.workTicks ?? 1);
    return (_msg, ctx) => {
      ctx.work(ticks);
    };
  },
  /** Publishes (or sends) the message type given in options with the incoming body. */
  forward: (options) => {
    const { type, kind } = (options ?? {}) as { type?: string; kind?: 'event' | 'command' };
    return (msg, ctx) => {
      if (!type) throw new Error('forward needs options.type');
      if (kind === 'command') ctx.send(type, msg.body);
      else ctx.publish(type, msg.body);
    };
  },
});
