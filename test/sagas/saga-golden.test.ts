// Golden tests of each saga's trace as mermaid text, with and without a payment failure, one
// order each so the diagrams stay readable. A change in the flow shows up as a diff of these
// files (update with `npx vitest run test/sagas -u` after checking the diff reads right).
import { describe, expect, it } from 'vitest';
import { runScenario, type Scenario } from '../../src/engine/index';
import { traceToMermaid } from '../../src/projections/mermaid';
import { sagaChoreographed } from '../../src/scenarios/saga-choreographed';
import { sagaOrchestrated } from '../../src/scenarios/saga-orchestrated';

function oneOrder(s: Scenario, customer: string): Scenario {
  return { ...s, workload: [{ ...s.workload[0], count: 1, body: { orderId: 'order-1', customer, sku: 'sku-1', qty: 1, amount: 40 } }] };
}

describe.each([
  ['choreographed', sagaChoreographed],
  ['orchestrated', sagaOrchestrated],
])('%s saga', (name, scenario) => {
  it.each([
    ['ok', 'cust-1'],
    ['payment-failed', 'cust-2'],
  ])('%s', async (variant, customer) => {
    const r = runScenario(oneOrder(scenario, customer), { seed: 1 });
    expect(r.checks.filter((c) => !c.valid)).toEqual([]);
    const status = (r.finalDb.Ordering.orders['order-1'] as { status: string }).status;
    expect(status).toBe(variant === 'ok' ? 'completed' : 'cancelled');
    const sagaEvents = r.trace.filter((e) => e.kind === 'saga.step-completed' || e.kind === 'saga.compensated').map((e) => `${e.kind === 'saga.compensated' ? 'undo ' : ''}${e.data.step}`);
    expect(sagaEvents).toEqual(variant === 'ok'
      ? ['order-placed', 'stock-reserved', 'payment-captured', 'shipped']
      : ['order-placed', 'stock-reserved', 'undo stock-reserved', 'undo order-placed']);
    await expect(traceToMermaid(r.trace)).toMatchFileSnapshot(`./__golden__/saga-${name}.${variant}.mmd`);
  });

  it('with the payment service down for good, the saga waits in cancelling-payment and the check calls it stuck', () => {
    const r = runScenario(oneOrder(sagaOrchestrated, 'cust-1'), { seed: 1, faults: [{ type: 'crash', service: 'Payments', atTick: 0, restartAfterTicks: null }] });
    expect(r.finalDb.OrderSaga.sagas['order-1']).toMatchObject({ state: 'cancelling-payment' });
    expect(r.checks.find((c) => c.name === 'saga-consistency')!.errors[0].anomaly).toBe('stuck-saga');
  });
});

describe('saga timeout (orchestrated)', () => {
  it('a payment service down past the timeout makes the orchestrator give up and compensate in reverse', () => {
    const r = runScenario(oneOrder(sagaOrchestrated, 'cust-1'), { seed: 1, faults: [{ type: 'crash', service: 'Payments', atTick: 0, restartAfterTicks: 20_000 }] });
    const saga = r.trace.filter((e) => e.kind === 'saga.compensated').map((e) => e.kind === 'saga.compensated' && e.data.step);
    // after the restart the queued charge is captured first, then the refund undoes it
    expect(saga).toEqual(['payment-captured', 'stock-reserved', 'order-placed']);
    expect(r.finalDb.Payments.payments['order-1']).toMatchObject({ status: 'refunded' });
    expect(r.checks.filter((c) => !c.valid)).toEqual([]);
    expect((r.finalDb.Ordering.orders['order-1'] as { reason: string }).reason).toBe('timed out in charging');
    expect(r.finalDb.Inventory.stock['sku-1']).toEqual({ onHand: 10, reserved: 0 });
  });

  it('with the payment service down for good, the saga waits in cancelling-payment and the check calls it stuck', () => {
    const r = runScenario(oneOrder(sagaOrchestrated, 'cust-1'), { seed: 1, faults: [{ type: 'crash', service: 'Payments', atTick: 0, restartAfterTicks: null }] });
    expect(r.finalDb.OrderSaga.sagas['order-1']).toMatchObject({ state: 'cancelling-payment' });
    expect(r.checks.find((c) => c.name === 'saga-consistency')!.errors[0].anomaly).toBe('stuck-saga');
  });
});
