// Data that varies with the seed, and checks that compare what was stored with what was asked:
// `{rand:MIN-MAX}` in a workload body draws from the run's seed (same seed, same values), and
// db-predicate's `matchesRequest` wants each requested key's row to hold its own request's
// values, so a constant a handler hard-codes fails. A missing row is explained by a problem of
// the service whose table misses it, not another subscriber's.
import { describe, expect, it } from 'vitest';
import { runScenario, type Scenario } from '../../src/engine/index';
import { fillTemplate } from '../../src/engine/workload/generators';

const src = (body: string) => ({ source: `import { defineHandler } from 'brokerlab';\nexport default defineHandler('H', async (msg, ctx) => {\n${body}\n});\n` });

const billing = (store: string, rules: unknown[] = [{ service: 'Billing', table: 'invoices', keys: { requested: 'orderId' }, expect: { matchesRequest: { total: 'total' } } }]): Scenario => ({
  formatVersion: 1, id: 'seeded', title: 'seeded', broker: 'generic',
  entities: [{ type: 'queue', name: 'billing' }],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'billing', keyField: 'orderId' }],
  services: [
    { name: 'Ordering', handlers: [{ name: 'PlaceOrder', code: src(`ctx.publish('OrderPlaced', msg.body);`) }] },
    { name: 'Billing', handlers: [{ name: 'Invoice', consumes: 'billing', code: src(`await ctx.db.transaction(async (tx) => { tx.put('invoices', msg.body.orderId, ${store}); });`) }] },
  ],
  workload: [{ kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: 4, intervalTicks: 100, body: { orderId: 'order-{n}', total: '{rand:10-99}', note: 'ref {rand:1-9}/{n}' } }],
  checks: [{ name: 'db-predicate', options: { rules } as never }],
});

const bodies = (s: Scenario, seed: number) => runScenario(s, { seed }).trace.filter((e) => e.kind === 'request.received').map((e) => e.data.body as Record<string, unknown>);

describe('{rand:MIN-MAX} in a workload body', () => {
  it('draws whole numbers in range from the seed: the same on every run of a seed, different across seeds', () => {
    const s = billing('msg.body');
    const one = bodies(s, 1);
    expect(bodies(s, 1)).toEqual(one);
    expect(one.map((b) => b.total)).not.toEqual(bodies(s, 2).map((b) => b.total));
    for (const b of one) {
      expect(Number.isInteger(b.total) && (b.total as number) >= 10 && (b.total as number) <= 99).toBe(true);
      expect(b.note).toMatch(/^ref [1-9]\/\d$/);
    }
  });

  it('fills {n} as before, and {rand} with its minimum when nothing draws', () => {
    expect(fillTemplate({ id: 'order-{n}', n: '{n}', k: '{n%3}', r: '{rand:5-8}', s: 'x{rand:2-3}' }, 7)).toEqual({ id: 'order-7', n: 7, k: 1, r: 5, s: 'x2' });
    expect(fillTemplate('{rand:5-8}', 1, (min, max) => max)).toBe(8);
  });
});

describe('db-predicate matchesRequest', () => {
  it('passes rows that hold their own request\'s values', () => {
    expect(runScenario(billing('{ total: msg.body.total }'), { seed: 3 }).checks[0]!.valid).toBe(true);
  });

  it('fails a hard-coded value, naming the rows and what their requests said', () => {
    const r = runScenario(billing('{ total: 25 }'), { seed: 3 });
    const asked = bodies(billing('{ total: 25 }'), 3)[0]!.total;
    expect(r.checks[0]!.errors.map((e) => e.explanation)).toEqual([
      expect.stringMatching(new RegExp(`^Billing\\.invoices: expected each orderId's row to hold what its request said \\(total\\); 4 do not: order-1 \\(total=25, its request said ${asked}\\); .*; and 1 more$`)),
    ]);
  });

  it('counts a missing row when no keys rule does, and needs a key field to find requests', () => {
    const none = runScenario(billing('{ total: msg.body.total }', [{ service: 'Billing', table: 'nothing', keyField: 'orderId', expect: { matchesRequest: { total: 'total' } } }]), { seed: 1 });
    expect(none.checks[0]!.errors[0]!.explanation).toMatch(/4 do not: order-1 \(no row\)/);
    expect(() => runScenario(billing('{}', [{ service: 'Billing', table: 'invoices', expect: { matchesRequest: { total: 'total' } } }]))).toThrow(/matchesRequest: needs keyField or keys: \{ requested \}/);
    expect(() => runScenario(billing('{}', [{ service: 'Billing', table: 'invoices', keyField: 'orderId', expect: { matchesRequest: ['total'] } }]))).toThrow(/matchesRequest: must map row fields to request body fields/);
  });
});

describe('why a row is missing', () => {
  it('tells the failure of the service whose table misses it, not that of another subscriber', () => {
    const s: Scenario = {
      formatVersion: 1, id: 'two', title: 'two', broker: 'generic',
      entities: [{ type: 'topic', name: 'orders', subscribers: ['a', 'b'] }, { type: 'queue', name: 'a', maxDeliveryCount: 6 }, { type: 'queue', name: 'b', maxDeliveryCount: 2 }],
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId' }],
      services: [
        { name: 'Ordering', handlers: [{ name: 'PlaceOrder', code: src(`ctx.publish('OrderPlaced', msg.body);`) }] },
        { name: 'A', handlers: [{ name: 'HandleA', consumes: 'a', code: src(`await ctx.work(50); throw new Error('A cannot');`) }] },
        { name: 'B', handlers: [{ name: 'HandleB', consumes: 'b', code: src(`throw new Error('B cannot');`) }] },
      ],
      workload: [{ kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: 1, body: { orderId: 'order-{n}' } }],
      checks: [{ name: 'db-predicate', options: { rules: [{ service: 'B', table: 'rows', keys: { requested: 'orderId' } }] } as never }],
    };
    const r = runScenario(s, { seed: 1 });
    const lastDeadLetter = r.trace.filter((e) => e.kind === 'message.dead-lettered').at(-1)!;
    expect(lastDeadLetter.data.dlq).toMatch(/^a/);
    expect(r.checks[0]!.errors[0]!.explanation).toMatch(/order-1 \(OrderPlaced m-\d+ was dead-lettered to b\.dlq at/);
  });
});

describe('db-predicate groupsLikeRequest', () => {
  // 4 orders from 2 customers: order-1 and order-3 (customer k1), order-2 and order-4 (k0)
  const byCustomer = (customer: string) => {
    const s = billing(`{ customer: ${customer} }`, [{ service: 'Billing', table: 'invoices', keyField: 'orderId', expect: { groupsLikeRequest: { customer: 'buyer' } } }]);
    return { ...s, workload: [{ ...s.workload![0]!, body: { orderId: 'order-{n}', buyer: 'k{n%2}' } }] } as Scenario;
  };
  const explain = (customer: string) => runScenario(byCustomer(customer)).checks[0]!.errors.map((e) => e.explanation);

  it('passes a key that stands in for the request field one to one', () => {
    expect(explain(`'c-' + msg.body.buyer`)).toEqual([]);
  });

  it('fails a constant key and a key per row, naming two rows that disagree', () => {
    expect(explain(`'someone'`)).toEqual(['Billing.invoices: expected customer to tell rows apart exactly as the requests\' buyer does (one buyer, one customer): order-1 and order-2 come from different buyer values but their rows hold the same customer ("someone")']);
    expect(explain('msg.body.orderId')).toEqual(['Billing.invoices: expected customer to tell rows apart exactly as the requests\' buyer does (one buyer, one customer): order-1 and order-3 come from one buyer but their rows hold different customer values ("order-1", "order-3")']);
  });
});

describe('db-predicate sumOfRequests', () => {
  // 5 payments to 2 accounts, account and amount drawn from the seed; acct-1 starts at 100.
  const ledger = (credit: string, rules: unknown[] = [{ service: 'Billing', table: 'accounts', keyField: 'paymentId', expect: { sumOfRequests: { field: 'balance', groupBy: 'account', add: 'amount' } } }]): Scenario => {
    const s = billing('{}', rules);
    return {
      ...s,
      services: [s.services[0]!, { name: 'Billing', db: { accounts: { 'acct-0': { balance: 0 }, 'acct-1': { balance: 100 } } }, handlers: [{ name: 'Credit', consumes: 'billing', code: src(`await ctx.db.transaction(async (tx) => { const a = tx.get('accounts', msg.body.account) ?? { balance: 0 }; tx.put('accounts', msg.body.account, { balance: ${credit} }); });`) }] }],
      workload: [{ kind: 'steady', service: 'Ordering', handler: 'PlaceOrder', count: 5, intervalTicks: 100, body: { paymentId: 'pay-{n}', account: 'acct-{rand:0-1}', amount: '{rand:5-60}' } }],
    } as Scenario;
  };
  const explain = (credit: string, seed: number) => runScenario(ledger(credit), { seed }).checks[0]!.errors.map((e) => e.explanation);

  it('passes totals that add each distinct request once to the initial value, on every seed', () => {
    for (const seed of [1, 2, 3]) expect(explain('a.balance + msg.body.amount', seed)).toEqual([]);
  });

  it('fails a hard-coded total and one that ignores the amount, saying what the requests add up to', () => {
    const r = runScenario(ledger('30'), { seed: 2 });
    const asked = r.trace.filter((e) => e.kind === 'request.received').map((e) => e.data.body as { paymentId: string; account: string; amount: number });
    const acct1 = asked.filter((b) => b.account === 'acct-1');
    const errors = r.checks[0]!.errors.map((e) => e.explanation);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Billing\.accounts: expected each account's balance to add up what its requests asked \(amount, each paymentId once\); \d (do|does) not: acct-/);
    if (acct1.length > 0) expect(errors[0]).toContain(`acct-1 (balance=30, expected ${100 + acct1.reduce((n, b) => n + b.amount, 0)} = 100 at the start + ${acct1.map((b) => `${b.paymentId} (${b.amount})`).join(' + ')})`);
    expect([1, 2, 3].some((seed) => explain('a.balance + 10', seed).length > 0)).toBe(true);
  });

  it('counts requests without add, and needs a keyField and a well-formed option', () => {
    const count = ledger('a.balance + 1', [{ service: 'Billing', table: 'accounts', keyField: 'paymentId', expect: { sumOfRequests: { field: 'balance', groupBy: 'account' } } }]);
    expect(runScenario(count, { seed: 1 }).checks[0]!.valid).toBe(true);
    expect(() => runScenario(ledger('0', [{ service: 'Billing', table: 'accounts', expect: { sumOfRequests: { field: 'balance', groupBy: 'account' } } }]))).toThrow(/sumOfRequests: needs keyField/);
    expect(() => runScenario(ledger('0', [{ service: 'Billing', table: 'accounts', keyField: 'paymentId', expect: { sumOfRequests: { field: 'balance' } } }]))).toThrow(/sumOfRequests: without groupBy, the rule needs a key/);
    expect(() => runScenario(ledger('0', [{ service: 'Billing', table: 'accounts', keyField: 'paymentId', expect: { sumOfRequests: { field: 3, groupBy: 'account' } } }]))).toThrow(/sumOfRequests: must be \{ field/);
  });

  it('adds every request to the rule\'s one row without groupBy', () => {
    const rules = [{ service: 'Billing', table: 'accounts', key: 'acct-1', keyField: 'paymentId', expect: { sumOfRequests: { field: 'balance', add: 'amount' } } }];
    const intoOne = (credit: string) => {
      const s = ledger(credit, rules);
      const code = `await ctx.db.transaction(async (tx) => { const a = tx.get('accounts', 'acct-1'); tx.put('accounts', 'acct-1', { balance: ${credit} }); });`;
      return runScenario({ ...s, services: [s.services[0]!, { ...s.services[1]!, handlers: [{ ...s.services[1]!.handlers[0]!, code: src(code) }] }] }, { seed: 2 }).checks[0]!;
    };
    expect(intoOne('a.balance + msg.body.amount').errors).toEqual([]);
    expect(intoOne('a.balance + 1').errors[0]!.explanation).toMatch(/^Billing\.accounts\[acct-1\]: expected the balance to add up what its requests asked \(amount, each paymentId once\); 1 does not: acct-1 \(balance=105, expected \d+ = 100 at the start \+ pay-1 \(\d+\) \+ pay-2/);
  });
});
