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
