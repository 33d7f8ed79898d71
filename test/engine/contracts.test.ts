// Message contracts: consumers read bodies with the schema version they were built against;
// additive changes keep them working, breaking changes fail them with a reason naming the
// field, and the contract-compatible check says which message broke which consumer.
import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, validateScenario, type Scenario } from '../../src/engine/index';

const schema = {
  '1': { orderId: { type: 'string' as const }, total: { type: 'number' as const } },
  '2': { orderId: { type: 'string' as const }, total: { type: 'number' as const }, currency: { type: 'string' as const, required: false } },
};

function scenario(body: Record<string, unknown>, version: number): Scenario {
  return defineScenario({
    id: 'contracts', title: 'contracts', broker: 'generic',
    entities: [{ type: 'topic', name: 'orders', subscribers: ['billing', 'reports'] }, { type: 'queue', name: 'billing', maxDeliveryCount: 2 }, { type: 'queue', name: 'reports', maxDeliveryCount: 2 }],
    messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', version: 1, schema }],
    services: [
      { name: 'Ordering', handlers: [{ name: 'Place', code: { source: `export default (req, ctx) => { ctx.publish('OrderPlaced', ${JSON.stringify(body)}, { version: ${version} }); }` } }] },
      { name: 'Billing', handlers: [{ name: 'Invoice', consumes: 'billing', expects: { OrderPlaced: 1 }, code: { source: `export default (msg, ctx) => { ctx.log('total ' + msg.body.total); }` } }] },
      { name: 'Reports', handlers: [{ name: 'Record', consumes: 'reports', expects: { OrderPlaced: 2 }, code: { source: `export default (msg, ctx) => { ctx.log((msg.body.currency ?? 'EUR')); }` } }] },
    ],
    workload: [{ kind: 'steady', service: 'Ordering', handler: 'Place', count: 1, body: {} }],
    checks: [{ name: 'contract-compatible' }, { name: 'no-loss' }],
  });
}

const check = (r: ReturnType<typeof runScenario>, name: string) => r.checks.find((c) => c.name === name)!;

describe('message contracts', () => {
  it('an additive v2 (a new optional field) keeps the v1 consumer working', () => {
    const r = runScenario(scenario({ orderId: 'o-1', total: 10, currency: 'USD' }, 2));
    expect(check(r, 'contract-compatible').valid).toBe(true);
    expect(r.trace.filter((e) => e.kind === 'handler.failed')).toHaveLength(0);
    const pub = r.trace.find((e) => e.kind === 'message.published')!;
    expect((pub.data as { headers: Record<string, unknown> }).headers.schemaVersion).toBe(2);
  });

  it('a v1 message is readable by a v2 consumer when the new field is optional', () => {
    const r = runScenario(scenario({ orderId: 'o-1', total: 10 }, 1));
    expect(check(r, 'contract-compatible').valid).toBe(true);
  });

  it('a breaking change (total renamed) fails the old consumer with a reason naming the field, and dead-letters', () => {
    const r = runScenario(scenario({ orderId: 'o-1', amount: 10, currency: 'USD' }, 2));
    const failed = r.trace.filter((e) => e.kind === 'handler.failed').map((e) => e.data as { service: string; error: string; transient: boolean });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0].error).toMatch(/ContractViolation: cannot read OrderPlaced m-1 \(published as v2\) with Billing\.Invoice's v1 contract: missing required field "total" \(number\)/);
    expect(failed[0].transient).toBe(false);
    const c = check(r, 'contract-compatible');
    expect(c.valid).toBe(false);
    expect(c.errors.map((e) => e.anomaly).sort()).toEqual(['breaking-change', 'breaking-change', 'invalid-message']);
    expect(c.errors.find((e) => e.anomaly === 'breaking-change')!.explanation).toMatch(/Billing\.Invoice reads v1 and cannot: missing required field "total"/);
  });

  it('a wrong type is a breaking change too', () => {
    const r = runScenario(scenario({ orderId: 'o-1', total: '10' }, 1));
    expect(check(r, 'contract-compatible').errors[0].explanation).toMatch(/field "total" should be number, got string/);
  });

  it('validates schemas and expects', () => {
    const s = scenario({}, 1);
    s.messages[0].schema = { one: { x: { type: 'text' } } } as never;
    s.services[1].handlers[0].expects = { OrderPlaced: 3 };
    const issues = validateScenario(s).map((i) => `${i.path}: ${i.message}`);
    expect(issues).toContain('messages[0].schema.one: versions are positive integers ("1", "2", …)');
    expect(issues.some((i) => i.startsWith('messages[0].schema.one.x.type'))).toBe(true);
    expect(issues).toContain('services[1].handlers[0].expects.OrderPlaced: OrderPlaced has no schema version 3');
  });
});
