// Request lost: a call to an external system (payment gateway, courier) never reaches it — the
// connection dropped before the request got through. The external does nothing and records
// nothing; the caller waits until its call's timeout and sees `timeout`. From the caller's side
// this is the same as a lost answer (reply-lost), where the effect *did* happen: the caller
// cannot tell the two apart, so it must call again (or the work is lost) and the repeat must be
// safe (an Idempotency-Key). Code that marks the work done before the call, and skips the call
// when it sees the mark again, loses it here. Matched like reply-lost: caller (`service`,
// `handler`), `external`, `operation`; nth / every / probability as every fault.

import type { FaultModel } from './registry';
import type { FaultSpec } from '../scenario/types';
import { Matcher, faultRandom, injected, matchSpec, nth } from './common';
import { validateCallFault } from './reply-lost';

export interface RequestLostFault extends FaultSpec {
  type: 'request-lost';
  /** Only calls to this external (default: any). */
  external?: string;
  /** Only calls of this operation (default: any). */
  operation?: string;
}

export const requestLostFault: FaultModel<RequestLostFault> = {
  type: 'request-lost',
  title: 'Request lost',
  description: 'A call never reaches the external system, which does nothing; the caller times out, as when an answer is lost (service = the caller).',
  validate: validateCallFault,
  install(spec, { world }) {
    const matcher = new Matcher(matchSpec(spec), faultRandom(world, spec));
    return {
      requestLost(call) {
        if (spec.external !== undefined && spec.external !== call.external) return null;
        if (spec.operation !== undefined && spec.operation !== call.operation) return null;
        if (!matcher.strike({ service: call.caller, handler: call.handler })) return null;
        const why = `the ${nth(matcher.count)} matching call of ${call.caller} to ${call.external}.${call.operation} was lost on the way: ${call.external} never received it and did nothing; ${call.caller} waits until its timeout and cannot tell this from a lost answer`;
        injected(world, 'request-lost', call.external, why, { messageId: call.callId, ...(call.correlationId ? { correlationId: call.correlationId } : {}) });
        return 'the request was lost on the way';
      },
    };
  },
};
