// The pieces that refuse cheats the lesson checks used to pass: a lost answer from an external
// (fault reply-lost), a record that reports what has not happened yet (db-predicate onlyAfter),
// an effect the outside world saw but nobody recorded (db-predicate recordsEffects), and a
// message sent by a handler that skips the step the business requires (sent-by).

import { describe, expect, it } from 'vitest';
import { loadCourseFromDisk } from '../../src/content/node-loader';
import { resolveScenario, solutionFiles, variantFiles } from '../../src/content/resolve';
import { runScenario } from '../../src/engine';
import { validateFaults } from '../../src/engine/scenario/validate';
import type { FaultSpec } from '../../src/engine/scenario/types';

const { course } = await loadCourseFromDisk();
const lesson = (id: string) => course.lessons.find((l) => l.id === id)!;
const plan = (id: string, name: string) => lesson(id).meta.faultPlans.find((p) => p.name === name)!.faults as FaultSpec[];

describe('reply-lost', () => {
  const idem = lesson('idempotency');
  const faults = plan('idempotency', 'client retries and a lost gateway answer');

  it('the external acts, the caller times out, and a retry with the same key gets the first answer', () => {
    const r = runScenario(resolveScenario(idem, solutionFiles(idem)), { seed: 1, faults });
    const lost = r.trace.find((e) => e.kind === 'fault.injected' && e.data.fault === 'reply-lost')!;
    expect(lost.text).toMatch(/answer was lost/);
    const calls = r.trace.filter((e) => e.kind === 'external.called' && e.correlationId === lost.correlationId).map((e) => (e.data as { outcome: string }).outcome);
    expect(calls).toEqual(['applied', 'replayed']);
    const failed = r.trace.find((e) => e.kind === 'call.failed' && e.messageId === lost.messageId)!;
    expect((failed.data as { reason: string }).reason).toBe('timeout');
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });

  it('a handler that takes a failed call for "not charged" leaves an effect nobody recorded', () => {
    const wrong = idem.wrong!['failed-call-means-not-charged']!;
    const r = runScenario(resolveScenario(idem, variantFiles(idem, wrong.files)), { seed: 1, faults });
    const check = r.checks.find((c) => c.name === 'db-predicate')!;
    expect(check.errors[0]!.explanation).toMatch(/expected a row for every PaymentGateway effect.*order-3 \(PaymentGateway did capture at [\d,]+ and only its answer was lost/);
  });

  it('names an unknown external and refuses a message type', () => {
    const s = resolveScenario(idem, solutionFiles(idem));
    expect(validateFaults([{ type: 'reply-lost', external: 'Bank' }], 'plan', s)[0]).toEqual({ path: 'plan[0].external', message: 'no external named "Bank" (known: PaymentGateway)' });
    expect(validateFaults([{ type: 'reply-lost', messageType: 'CapturePayment' }], 'plan', s)[0]!.path).toBe('plan[0].messageType');
  });
});

describe('db-predicate onlyAfter', () => {
  it('an order marked paid before its charge fails, naming when each happened', () => {
    const l = lesson('why-async');
    const faults = plan('why-async', 'a traffic spike');
    const r = runScenario(resolveScenario(l, variantFiles(l, l.wrong!['paid-before-charged']!.files)), { seed: 1, faults });
    const errors = r.checks.find((c) => c.name === 'db-predicate')!.errors;
    expect(errors.map((e) => e.explanation).join('\n')).toMatch(/order-1 at 0 by Shop handling r-1, Payments only at [\d,]+/);
    const ok = runScenario(resolveScenario(l, solutionFiles(l)), { seed: 1, faults });
    expect(ok.checks.find((c) => c.name === 'db-predicate')!.valid).toBe(true);
  });
});

describe('sent-by', () => {
  it('a ShipOrder sent by Pick instead of the courier batch fails; the batch passes', () => {
    const l = lesson('observability');
    const r = runScenario(resolveScenario(l, variantFiles(l, l.wrong!['ship-from-pick']!.files)), { seed: 1, faults: [] });
    const c = r.checks.find((x) => x.name === 'sent-by')!;
    expect(c.valid).toBe(false);
    expect(c.errors[0]!.explanation).toMatch(/^ShipOrder m-\d+ \(order-1\) was sent by Warehouse\/Pick handling m-1 at [\d,]+; only Warehouse\/ShipBatch sends ShipOrder/);
    const ok = runScenario(resolveScenario(l, solutionFiles(l)), { seed: 1, faults: [] });
    expect(ok.checks.find((x) => x.name === 'sent-by')!.valid).toBe(true);
  });
});

describe('an honest error while the database is down', () => {
  const l = lesson('why-async');
  const faults = plan('why-async', 'a spike, and the shop\'s database refuses a commit');

  it('a request that failed because its database was down is not held against requests-served; one swallowed is a missing order', () => {
    const scenario = resolveScenario(l, solutionFiles(l));
    const r = runScenario(scenario, { seed: 1, faults });
    const failed = r.trace.filter((e) => e.kind === 'handler.failed' && e.data.handler === 'PlaceOrder');
    expect(failed.map((e) => (e.data as { error: string }).error)).toEqual([expect.stringMatching(/^DatabaseUnavailable/)]);
    expect(r.checks.filter((c) => !c.valid)).toEqual([]);
    // Without the option, the same run counts the failure.
    const strict = { ...scenario, checks: scenario.checks!.map((c) => (c.name === 'requests-served' ? { ...c, options: { ...(c.options as object), honestDuringOutage: false } } : c)) };
    expect(runScenario(strict, { seed: 1, faults }).checks.find((c) => c.name === 'requests-served')!.errors[0]!.explanation).toMatch(/^request r-\d+ to Shop\.PlaceOrder failed after 0 ms: DatabaseUnavailable/);
    const swallowed = runScenario(resolveScenario(l, variantFiles(l, l.wrong!['swallow-failed-commit']!.files)), { seed: 1, faults });
    expect(swallowed.checks.find((c) => c.name === 'requests-served')!.valid).toBe(true);
    expect(swallowed.checks.find((c) => c.name === 'db-predicate')!.errors[0]!.explanation).toMatch(/1 missing: order-\d+ \(Shop handled it at [\d,]+ and committed nothing for it\)/);
  });

  it('db-predicate keys { requested, only } refuses a row for a request nobody accepted: the synchronous chain charges cards for orders that timed out', () => {
    const r = runScenario(resolveScenario(l, l.starter), { seed: 1, faults: plan('why-async', 'a traffic spike') });
    const explanations = r.checks.find((c) => c.name === 'db-predicate')!.errors.map((e) => e.explanation);
    expect(explanations.some((x) => /^exactly one charge per accepted order, for its amount — none for orders nobody stored: Payments\.charges: expected rows only for the orderIds the outside world asked for and was told were taken; \d+ others: order-\d+ \(/.test(x))).toBe(true);
  });
});

describe('one-message-per-fact', () => {
  it('a command next to the event tells Billing of each order twice; the event alone, redelivered, is one message', () => {
    const l = lesson('events-commands-queries');
    const r = runScenario(resolveScenario(l, variantFiles(l, l.wrong!['command-and-event']!.files)), { seed: 1, faults: [] });
    const c = r.checks.find((x) => x.name === 'one-message-per-fact')!;
    expect(c.valid).toBe(false);
    expect(c.errors[0]!.explanation).toMatch(/^Billing learned of order-\d+ from two messages: InvoiceOrder m-\d+ \(a command Ordering sent at [\d,]+ ms\) and OrderPlaced v1 m-\d+ \(an event/);
    const ok = runScenario(resolveScenario(l, solutionFiles(l)), { seed: 1, faults: plan('events-commands-queries', 'a duplicated delivery to Loyalty') });
    expect(ok.trace.some((e) => e.kind === 'fault.injected' && e.data.fault === 'duplicate-delivery')).toBe(true);
    expect(ok.checks.find((x) => x.name === 'one-message-per-fact')!.valid).toBe(true);
  });

  it('refuses a service the scenario does not have', () => {
    const l = lesson('events-commands-queries');
    const s = resolveScenario(l, solutionFiles(l));
    const bad = { ...s, checks: [{ name: 'one-message-per-fact', options: { services: ['Nobody'] } }] };
    expect(() => runScenario(bad, { seed: 1, faults: [] })).toThrow(/no service named "Nobody"/);
  });
});

describe('contract-compatible: the version a message claims', () => {
  const l = lesson('contracts-and-versioning');

  it('a v1 message carrying v2\'s currency is a stale label; v2 with a field no version defines is not', () => {
    const r = runScenario(resolveScenario(l, variantFiles(l, l.wrong!['currency-in-v1']!.files)), { seed: 1, faults: [] });
    const c = r.checks.find((x) => x.name === 'contract-compatible')!;
    expect(c.errors[0]!.anomaly).toBe('stale-version');
    expect(c.errors[0]!.explanation).toMatch(/^Ordering published OrderPlaced m-\d+ as v1 but it carries "currency", a field v2 added/);
    const alt = runScenario(resolveScenario(l, variantFiles(l, l.alternatives!['amount-next-to-total']!)), { seed: 1, faults: [] });
    expect(alt.checks.find((x) => x.name === 'contract-compatible')!.valid).toBe(true);
  });
});
