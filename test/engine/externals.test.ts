// External systems: a payment gateway records every call it receives, whatever the caller's
// transaction does next, and no-duplicate-effect reads those records — so a double charge shows
// even though the handler announces nothing. A send or call inside a transaction callback is
// traced as sent from inside an uncommitted transaction.
import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, ValidationError, type Scenario } from '../../src/engine/index';
import type { ExternalSpec, FaultSpec } from '../../src/engine/scenario/types';

function payments(chargeSource: string, gateway: Partial<ExternalSpec> = {}, extra: Partial<Scenario> = {}): Scenario {
  return defineScenario({
    id: 'externals', title: 'externals', broker: 'generic',
    entities: [{ type: 'queue', name: 'charges', lockDurationTicks: 5_000 }, { type: 'queue', name: 'receipts' }],
    messages: [{ type: 'ChargeOrder', kind: 'event', to: 'charges', keyField: 'orderId' }, { type: 'Charged', kind: 'event', to: 'receipts' }],
    services: [
      { name: 'Shop', handlers: [{ name: 'Checkout', code: { builtin: 'forward', options: { type: 'ChargeOrder' } } }] },
      { name: 'Payments', handlers: [{ name: 'Charge', consumes: 'charges', code: { source: chargeSource } }] },
    ],
    externals: [{ name: 'PaymentGateway', keyField: 'orderId', ...gateway }],
    workload: [{ kind: 'steady', service: 'Shop', handler: 'Checkout', count: 3, intervalTicks: 100, body: { orderId: 'order-{n}', amount: 20 } }],
    checks: [{ name: 'no-duplicate-effect' }],
    ...extra,
  });
}

const handler = (body: string) => `import { defineHandler } from 'brokerlab';
export default defineHandler('Charge', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
${body}
});`;

const ofKind = (r: ReturnType<typeof runScenario>, kind: string) => r.trace.filter((e) => e.kind === kind);
const calls = (r: ReturnType<typeof runScenario>) => ofKind(r, 'external.called').map((e) => e.kind === 'external.called' && `${e.data.outcome} ${e.data.key}${e.data.uncommitted ? ' uncommitted' : ''}`);
const crashMidTx: FaultSpec[] = [{ type: 'crash', service: 'Payments', point: 'mid-transaction', nth: 2, restartAfterTicks: 100 }];

// The inbox guards the database; the charge happens inside the transaction callback.
const chargeInsideTx = handler(`  if (ctx.inbox.seen()) return;
  await ctx.db.transaction(async (tx) => {
    const { receipt } = await ctx.call('PaymentGateway', 'charge', { orderId, amount }, KEY);
    tx.put('payments', orderId, { amount, receipt });
    tx.inbox.record();
  });`);

describe('external systems', () => {
  it('record each call with its caller, message and answer a receipt after latency both ways', () => {
    const r = runScenario(payments(handler(`  const answer = await ctx.call('PaymentGateway', 'charge', { orderId, amount });
  ctx.log(answer.receipt + ' at ' + ctx.now());`), { latencyTicks: 7 }));
    const recorded = ofKind(r, 'external.called');
    expect(calls(r)).toEqual(['applied order-1', 'applied order-2', 'applied order-3']);
    const first = recorded[0];
    expect(first.actor).toBe('PaymentGateway');
    expect(first.kind === 'external.called' && first.data).toMatchObject({ external: 'PaymentGateway', operation: 'charge', body: { orderId: 'order-1', amount: 20 }, caller: 'Payments', handler: 'Charge', receipt: 'PaymentGateway-1' });
    const delivered = ofKind(r, 'message.delivered')[0];
    expect(first.messageId).toBe(delivered.messageId);
    expect(first.tick - delivered.tick).toBe(7);
    expect(ofKind(r, 'handler.logged').map((e) => e.kind === 'handler.logged' && e.data.text)[0]).toBe(`PaymentGateway-1 at ${delivered.tick + 14}`);
    expect(ofKind(r, 'call.started').every((e) => e.kind === 'call.started' && e.data.external === true)).toBe(true);
    expect(r.checks[0].valid).toBe(true);
  });

  it('keep what they did when the caller crashes before its commit: the redelivery charges again, and no-duplicate-effect says why', () => {
    const r = runScenario(payments(chargeInsideTx.replace('KEY', 'undefined')), { seed: 1, faults: crashMidTx });
    expect(calls(r)).toEqual(['applied order-1 uncommitted', 'applied order-2 uncommitted', 'applied order-3 uncommitted', 'applied order-2 uncommitted']);
    const check = r.checks.find((c) => c.name === 'no-duplicate-effect')!;
    expect(check.valid).toBe(false);
    expect(check.errors[0].explanation).toBe('crash Payments at mid-transaction in Charge (2nd time there; restart in 100 ms) → Payments crashed at 110 → lock expired at 5,100 → redelivered at 5,100 (delivery 2) → Payments called PaymentGateway before its inbox record committed, from inside that transaction: a crash or rollback undoes the record, not the call → PaymentGateway received charge twice for order-2');
    const refs = check.errors[0].eventRefs;
    for (const e of ofKind(r, 'external.called').filter((x) => x.kind === 'external.called' && x.data.key === 'order-2')) expect(refs).toContain(e.seq);
    // The database, in contrast, rolled back: one payment row per order.
    expect(Object.keys(r.finalDb.Payments.payments)).toHaveLength(3);
  });

  it('that honour Idempotency-Keys replay the first answer instead of acting again', () => {
    const key = "{ idempotencyKey: 'charge-' + orderId }";
    const honoured = runScenario(payments(chargeInsideTx.replace('KEY', key), { honoursIdempotencyKey: true }), { seed: 1, faults: crashMidTx });
    expect(calls(honoured)).toEqual(['applied order-1 uncommitted', 'applied order-2 uncommitted', 'applied order-3 uncommitted', 'replayed order-2 uncommitted']);
    expect(honoured.checks[0].valid).toBe(true);
    expect(honoured.finalDb.Payments.payments['order-2']).toEqual({ amount: 20, receipt: 'PaymentGateway-2' });
    // A gateway that ignores keys charges again, and the explanation says so.
    const ignored = runScenario(payments(chargeInsideTx.replace('KEY', key)), { seed: 1, faults: crashMidTx });
    expect(ignored.checks[0].errors[0].explanation).toMatch(/PaymentGateway received charge twice for order-2 \(PaymentGateway does not honour Idempotency-Keys\)$/);
  });

  it('refuse an Idempotency-Key reused for another request, and the call fails', () => {
    const r = runScenario(payments(handler(`  await ctx.call('PaymentGateway', 'charge', { orderId, amount }, { idempotencyKey: 'same-key' });`), { honoursIdempotencyKey: true }));
    // Every redelivery of order-2 and order-3 is refused again, until the broker gives up.
    expect(new Set(calls(r))).toEqual(new Set(['applied order-1', 'refused order-2', 'refused order-3']));
    expect(calls(r).filter((c) => c === 'applied order-1')).toHaveLength(1);
    const failed = ofKind(r, 'call.failed')[0];
    expect(failed.kind === 'call.failed' && failed.data.error).toBe('Idempotency-Key same-key was already used for another request');
  });

  it('a publish inside a transaction callback leaves before the commit and is marked so', () => {
    const r = runScenario(payments(handler(`  await ctx.db.transaction(async (tx) => {
    tx.put('payments', orderId, { amount });
    ctx.publish('Charged', { orderId });
  });
  ctx.publish('Charged', { orderId, after: true });`)));
    const published = ofKind(r, 'message.published').filter((e) => e.kind === 'message.published' && e.data.type === 'Charged');
    expect(published.map((e) => e.kind === 'message.published' && e.data.uncommitted === true)).toEqual([true, false, true, false, true, false]);
    expect(published[0].text).toMatch(/sent from inside an uncommitted transaction/);
  });

  it('are validated with a path and a reason', () => {
    const bad = payments(handler(''), {}, {
      externals: [
        { name: 'Payments' },
        { name: 'Gateway', latencyTicks: -1, honoursIdempotencyKey: 'yes' as unknown as boolean, colour: 'red' } as unknown as ExternalSpec,
        { name: 'Gateway' },
      ],
    });
    let error: unknown;
    try {
      runScenario(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual(expect.arrayContaining([
      { path: 'externals[0].name', message: 'a service is already named "Payments"' },
      { path: 'externals[1].colour', message: 'unknown option (known: name, description, keyField, honoursIdempotencyKey, latencyTicks)' },
      { path: 'externals[1].honoursIdempotencyKey', message: 'must be true or false' },
      { path: 'externals[1].latencyTicks', message: 'must be a non-negative integer' },
      { path: 'externals[2].name', message: 'another external is already named "Gateway"' },
    ]));
  });

  it('no-duplicate-effect refuses to watch nothing, and names unknown externals', () => {
    const nothing = { ...payments(handler('')), externals: [] };
    expect(() => runScenario(nothing)).toThrow(/checks\[0\]\.options: watches nothing, so it could never fail/);
    const unknown = { ...payments(handler('')), checks: [{ name: 'no-duplicate-effect', options: { externals: ['Bank'] } }] };
    expect(() => runScenario(unknown)).toThrow(/checks\[0\]\.options\.externals\[0\]: no external named "Bank"/);
  });
});
