// Request lost: a call never reaches the external, which does nothing and records nothing; the
// caller times out exactly as when the answer is lost (reply-lost). A retry does the work (the
// first time), and code that marked the work done before the call skips it on the retry: the
// effect is lost. Matched like reply-lost (caller, external, operation, nth).
import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, type Scenario } from '../../src/engine/index';
import { validateFaults } from '../../src/engine/scenario/validate';
import type { FaultSpec } from '../../src/engine/scenario/types';

const handler = (body: string) => `import { defineHandler } from 'brokerlab';
export default defineHandler('Charge', async (msg, ctx) => {
  const { orderId, amount } = msg.body;
${body}
});`;

function payments(chargeSource: string): Scenario {
  return defineScenario({
    id: 'request-lost', title: 'request lost', broker: 'generic',
    entities: [{ type: 'queue', name: 'charges', lockDurationTicks: 60_000 }],
    messages: [{ type: 'ChargeOrder', kind: 'event', to: 'charges', keyField: 'orderId' }],
    services: [
      { name: 'Shop', handlers: [{ name: 'Checkout', code: { builtin: 'forward', options: { type: 'ChargeOrder' } } }] },
      { name: 'Payments', handlers: [{ name: 'Charge', consumes: 'charges', code: { source: chargeSource } }] },
    ],
    externals: [{ name: 'PaymentGateway', keyField: 'orderId', honoursIdempotencyKey: true }],
    workload: [{ kind: 'steady', service: 'Shop', handler: 'Checkout', count: 3, intervalTicks: 100, body: { orderId: 'order-{n}', amount: 20 } }],
    checks: [{ name: 'no-duplicate-effect' }, { name: 'no-loss', options: { effects: [{ type: 'ChargeOrder', external: 'PaymentGateway', field: 'orderId' }] } }],
  });
}

const lostSecond: FaultSpec[] = [{ type: 'request-lost', service: 'Payments', external: 'PaymentGateway', nth: 2 }];
const calls = (r: ReturnType<typeof runScenario>) => r.trace.filter((e) => e.kind === 'external.called').map((e) => e.kind === 'external.called' && `${e.data.outcome} ${e.data.key}`);

describe('request-lost', () => {
  it('the external never receives the call and does nothing; the caller times out and the retry does the work once (order-3 waits behind it)', () => {
    const r = runScenario(payments(handler(`  await ctx.call('PaymentGateway', 'charge', { orderId, amount }, { idempotencyKey: orderId });`)), { seed: 1, faults: lostSecond });
    const lost = r.trace.find((e) => e.kind === 'fault.injected' && e.data.fault === 'request-lost')!;
    expect(lost.text).toMatch(/2nd matching call of Payments to PaymentGateway\.charge was lost on the way: PaymentGateway never received it/);
    const failed = r.trace.find((e) => e.kind === 'call.failed' && e.messageId === lost.messageId)!;
    expect((failed.data as { reason: string }).reason).toBe('timeout');
    expect(failed.tick - lost.tick).toBe(30_000 - 5);
    expect(calls(r)).toEqual(['applied order-1', 'applied order-2', 'applied order-3']);
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });

  it('code that marks the charge done before calling skips it on the retry: the charge is lost', () => {
    const markFirst = handler(`  if (ctx.db.get('charged', orderId)) return;
  ctx.db.put('charged', orderId, { amount });
  await ctx.call('PaymentGateway', 'charge', { orderId, amount });`);
    const r = runScenario(payments(markFirst), { seed: 1, faults: lostSecond });
    expect(calls(r)).toEqual(['applied order-1', 'applied order-3']);
    const noLoss = r.checks.find((c) => c.name === 'no-loss')!;
    expect(noLoss.valid).toBe(false);
    expect(noLoss.errors[0]!.explanation).toMatch(/order-2/);
  });

  it('is validated like reply-lost', () => {
    const s = payments(handler(''));
    expect(validateFaults([{ type: 'request-lost', external: 'Bank' }], 'plan', s)[0]).toEqual({ path: 'plan[0].external', message: 'no external named "Bank" (known: PaymentGateway)' });
    expect(validateFaults([{ type: 'request-lost', messageType: 'ChargeOrder' }], 'plan', s)[0]!.path).toBe('plan[0].messageType');
  });
});
