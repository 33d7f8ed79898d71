// Reply lost: an external system (payment gateway, courier) did what it was asked, but its
// answer never reaches the caller — a dropped connection, a proxy that timed out, a load
// balancer that reset the socket. The caller waits until its call's timeout and sees
// `timeout`, although the effect happened: "no answer" is not "not done". Code that treats a
// failed call as a refusal (records a decline, compensates, acks) is wrong here, and code that
// calls again without an Idempotency-Key does the effect twice. Matched by caller (`service`,
// `handler`), `external` and `operation`; nth / every / probability as every fault.

import type { FaultModel } from './registry';
import type { FaultSpec, Scenario } from '../scenario/types';
import type { ValidationIssue } from '../scenario/validate-types';
import { Issues, Matcher, faultRandom, injected, matchSpec, nth } from './common';

export interface ReplyLostFault extends FaultSpec {
  type: 'reply-lost';
  /** Only calls to this external (default: any). */
  external?: string;
  /** Only calls of this operation (default: any). */
  operation?: string;
}

/** A fault on calls to externals is matched by caller (service, handler), external and operation. */
export function validateCallFault(spec: FaultSpec & { external?: string; operation?: string }, scenario: Scenario): ValidationIssue[] {
  const v = new Issues(spec, scenario).match();
  if (spec.messageType !== undefined) v.add('messageType', 'a call is matched by its caller (service, handler), external and operation, not by message type');
  if (spec.external !== undefined && !(scenario.externals ?? []).some((x) => x.name === spec.external)) v.add('external', `no external named ${JSON.stringify(spec.external)} (known: ${(scenario.externals ?? []).map((x) => x.name).join(', ') || 'none'})`);
  if (spec.operation !== undefined && (typeof spec.operation !== 'string' || spec.operation === '')) v.add('operation', 'must name an operation');
  return v.list;
}

export const replyLostFault: FaultModel<ReplyLostFault> = {
  type: 'reply-lost',
  title: 'Reply lost',
  description: 'An external system does what a call asks, but its answer never reaches the caller, who times out (service = the caller).',
  validate: validateCallFault,
  install(spec, { world }) {
    const matcher = new Matcher(matchSpec(spec), faultRandom(world, spec));
    return {
      replyLost(call) {
        if (spec.external !== undefined && spec.external !== call.external) return null;
        if (spec.operation !== undefined && spec.operation !== call.operation) return null;
        if (!matcher.strike({ service: call.caller, handler: call.handler })) return null;
        const why = `${call.external} did ${call.operation} for the ${nth(matcher.count)} matching call, but its answer was lost on the way back: ${call.caller} waits until its timeout and cannot tell whether it happened`;
        injected(world, 'reply-lost', call.external, why, { messageId: call.callId, ...(call.correlationId ? { correlationId: call.correlationId } : {}) });
        return 'the answer was lost on the way back';
      },
    };
  },
};
