// External systems: the payment gateway, the e-mail provider, the courier — participants
// outside every service's database. A side effect is what the outside world saw, so an
// external records every call it receives (`external.called`), whoever made it and whatever
// the caller's transaction later does: a rollback or a crash does not take a charge back.
// Effect checks read these records, never a handler's own account of what it did.
//
// An external may honour the `Idempotency-Key` of a call, as Stripe does: the first call with a
// key is applied and its answer kept; a later call with the same key gets that answer again
// and nothing happens (`replayed`); the same key with another operation or body is refused.
// Keys are kept for the whole run (Stripe prunes them after 24 hours; docs/fidelity.md).

import type { World } from '../world';
import type { ExternalSpec } from '../scenario/types';
import type { Json } from '../scenario/json';
import { cloneJson } from '../scenario/json';

declare module '../trace/types' {
  interface TraceDataMap {
    /**
     * An external system received a call. `outcome`: 'applied' (the effect happened),
     * 'replayed' (a repeated Idempotency-Key: the first answer again, no new effect) or
     * 'refused' (a key reused for another request). `key` is the business key of the effect
     * (the external's keyField, else the body). `uncommitted`: sent from inside a transaction
     * that had not committed yet.
     */
    'external.called': {
      external: string;
      operation: string;
      body: Json;
      key: string;
      caller: string;
      handler: string;
      callId: string;
      outcome: 'applied' | 'replayed' | 'refused';
      receipt?: string;
      idempotencyKey?: string;
      uncommitted?: true;
    };
  }
}

/** Default one-way latency of a call to an external. */
export const DEFAULT_EXTERNAL_LATENCY_TICKS = 5;

/** One call as it reaches an external. */
export interface ExternalCall {
  external: string;
  operation: string;
  body: Json;
  caller: string;
  handler: string;
  callId: string;
  idempotencyKey?: string;
  uncommitted: boolean;
  /** The ids of the invocation that made the call (its message, flow, delivery). */
  refs: { messageId?: string; correlationId?: string; causationId?: string; deliveryId?: string };
}

export type ExternalAnswer = { ok: true; value: Json } | { ok: false; error: string };

/** The business key of a call: the keyField's value, else the body as JSON. */
export function effectKey(spec: Pick<ExternalSpec, 'keyField'> | undefined, body: Json): string {
  if (spec?.keyField && body && typeof body === 'object' && !Array.isArray(body)) {
    const v = (body as Record<string, Json>)[spec.keyField];
    if (v !== undefined) return typeof v === 'string' ? v : JSON.stringify(v);
  }
  return JSON.stringify(body);
}

interface Kept {
  operation: string;
  body: string;
  answer: Json;
}

export class Externals {
  readonly specs = new Map<string, ExternalSpec>();
  private readonly counters = new Map<string, number>();
  private readonly keys = new Map<string, Kept>();

  constructor(private readonly world: World) {
    for (const spec of world.scenario.externals ?? []) this.specs.set(spec.name, spec);
  }

  has(name: string): boolean {
    return this.specs.has(name);
  }

  latencyTicks(name: string): number {
    return this.specs.get(name)?.latencyTicks ?? DEFAULT_EXTERNAL_LATENCY_TICKS;
  }

  /** The external receives a call: records it and answers. */
  receive(call: ExternalCall): ExternalAnswer {
    const spec = this.specs.get(call.external)!;
    const bodyText = JSON.stringify(call.body);
    const key = effectKey(spec, call.body);
    const ref = `${call.external}|${call.idempotencyKey}`;
    const kept = spec.honoursIdempotencyKey && call.idempotencyKey !== undefined ? this.keys.get(ref) : undefined;
    const base = {
      external: call.external, operation: call.operation, body: cloneJson(call.body), key, caller: call.caller, handler: call.handler, callId: call.callId,
      ...(call.idempotencyKey !== undefined ? { idempotencyKey: call.idempotencyKey } : {}),
      ...(call.uncommitted ? { uncommitted: true as const } : {}),
    };
    const record = (outcome: 'applied' | 'replayed' | 'refused', text: string, receipt?: string) =>
      this.world.record({ kind: 'external.called', actor: call.external, ...call.refs, data: { ...base, outcome, ...(receipt ? { receipt } : {}) }, text });
    const sent = call.uncommitted ? ' (sent from inside an uncommitted transaction: a rollback or crash will not undo it)' : '';
    if (kept && (kept.operation !== call.operation || kept.body !== bodyText)) {
      record('refused', `${call.external} refused ${call.operation}: Idempotency-Key ${call.idempotencyKey} was already used for another request`);
      return { ok: false, error: `Idempotency-Key ${call.idempotencyKey} was already used for another request` };
    }
    if (kept) {
      const receipt = (kept.answer as { receipt: string }).receipt;
      record('replayed', `${call.external} has seen Idempotency-Key ${call.idempotencyKey}: it answers as the first time (${receipt}) and does nothing again`, receipt);
      return { ok: true, value: cloneJson(kept.answer) };
    }
    const n = (this.counters.get(call.external) ?? 0) + 1;
    this.counters.set(call.external, n);
    const receipt = `${call.external}-${n}`;
    const answer: Json = { receipt, operation: call.operation };
    if (spec.honoursIdempotencyKey && call.idempotencyKey !== undefined) this.keys.set(ref, { operation: call.operation, body: bodyText, answer });
    const ignored = !spec.honoursIdempotencyKey && call.idempotencyKey !== undefined ? ` (it ignores the Idempotency-Key ${call.idempotencyKey})` : '';
    record('applied', `${call.external} did ${call.operation} for ${key}${ignored}${sent}`, receipt);
    return { ok: true, value: cloneJson(answer) };
  }
}
