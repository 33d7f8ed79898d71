// effects-due on literal traces: a delayed effect judged at the external (the Mailer's calls),
// each in its window after the message that started its clock, for exactly the listed keys.
import { describe, expect, it } from 'vitest';
import { runCheck, checks } from '../../src/engine/checks/registry';
import type { Scenario } from '../../src/engine/scenario/types';
import type { Json } from '../../src/engine/scenario/json';
import { published, trace } from './fixtures';

const scenario = { messages: [{ type: 'OrderPlaced' }], externals: [{ name: 'Mailer' }] } as unknown as Scenario;
const run = (t: ReturnType<typeof trace>, options: Json) => runCheck('effects-due', { trace: t, scenario, finalDb: {}, options });
const order = (n: number, tick: number) => published(`m-${n}`, 'OrderPlaced', 'Shop', tick, { body: { orderId: `order-${n}` } });
const mail = (n: number, tick: number) => ({ kind: 'external.called', tick, actor: 'Mailer', data: { external: 'Mailer', operation: 'send', body: { orderId: `order-${n}` }, key: `order-${n}`, caller: 'Billing', handler: 'Remind', callId: `k-${tick}`, outcome: 'applied' } });
const options = { external: 'Mailer', keys: ['order-3'], from: { type: 'OrderPlaced', keyField: 'orderId' }, afterTicks: 600, withinTicks: 60 };
const explain = (t: ReturnType<typeof trace>) => run(t, options).errors.map((e) => `${e.anomaly}: ${e.explanation}`);

describe('effects-due', () => {
  it('passes an effect in its window for exactly the listed keys', () => {
    expect(run(trace(order(1, 0), order(3, 100), mail(3, 700)), options).valid).toBe(true);
    expect(run(trace(order(3, 100), mail(3, 760)), options).valid).toBe(true);
  });

  it('names a missing, early, late or unexpected effect', () => {
    expect(explain(trace(order(3, 100)))).toEqual(["effect-missing: Mailer never got order-3's effect (due at 700 ms)"]);
    expect(explain(trace(order(3, 100), mail(3, 699)))).toEqual(["effect-early: Mailer got order-3's effect 599 ms after its OrderPlaced (at 100): before it was due 600 ms after"]);
    expect(explain(trace(order(3, 100), mail(3, 761)))).toEqual(["effect-late: Mailer got order-3's effect 661 ms after its OrderPlaced (at 100): more than 60 ms after it was due"]);
    expect(explain(trace(order(1, 0), order(3, 100), mail(1, 600), mail(3, 700)))).toEqual(['effect-unexpected: Mailer got an effect for order-1 at 600 ms, which should have had none (only order-3)']);
  });

  it('refuses options that name nothing in the scenario', () => {
    expect(checks['effects-due']!.validate!({ ...options, external: 'Fax', from: { type: 'Nope', keyField: '' }, afterTicks: -1, withinTicks: 0 }, scenario).map((i) => i.path)).toEqual(['external', 'from.type', 'from.keyField', 'afterTicks', 'withinTicks']);
  });
});
