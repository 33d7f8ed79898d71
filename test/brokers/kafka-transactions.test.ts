// Kafka transactions (ref §0, §3.7; [K-PCFG] transactional.id, transaction.timeout.ms 60 000;
// [K-CCFG] isolation.level, read_uncommitted by default in the Java client): records written in
// a transaction are in the log at once; read_committed consumers read them only after the commit
// and stop at the last stable offset (the first record of a still-open transaction), never
// reading aborted records; read_uncommitted consumers read everything, aborted records included.
// The consumed offset commits with the transaction (sendOffsetsToTransaction). An open
// transaction of a crashed producer is aborted when the restarted producer calls
// initTransactions with the same transactional.id, or after transaction.timeout.ms. A database
// write in the same handler is not part of it.

import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, type HandlerSpec, type FaultSpec } from '../../src/engine/index';
import { findScenario } from '../../src/scenarios/index';
import { ofKind } from './helpers';

const forward = (inside: string, after = '') => `import { defineHandler } from 'brokerlab';
export default defineHandler('Forward', async (msg, ctx) => {
  await ctx.brokerTransaction(async (tx) => {
    tx.publish('Out', { id: msg.body.id });
    ${inside}
  });
  ${after}
});`;

const plainWriter = `import { defineHandler } from 'brokerlab';
export default defineHandler('Write', async (req, ctx) => { ctx.publish('Out', { id: 'plain' }); });`;

const put = `import { defineHandler } from 'brokerlab';
export default defineHandler('In', async (req, ctx) => { ctx.publish('In', req.body); });`;

const ack = { builtin: 'ack' };
const reader = (isolationLevel: string): HandlerSpec => ({ name: 'Read', consumes: 'out', code: ack, options: { autoOffsetReset: 'earliest', isolationLevel } });

function txScenario(forwardSource: string, opts: { faults?: FaultSpec[]; plainAt?: number; forwardOptions?: Record<string, unknown> } = {}) {
  return defineScenario({
    id: 'kafka-tx', title: 'kafka tx', broker: 'kafka',
    entities: [{ type: 'topic', name: 'in', partitions: 1 }, { type: 'topic', name: 'out', partitions: 1 }],
    messages: [{ type: 'In', kind: 'event', to: 'in' }, { type: 'Out', kind: 'event', to: 'out' }],
    services: [
      { name: 'Source', handlers: [{ name: 'In', code: { source: put } }] },
      { name: 'Plain', handlers: [{ name: 'Write', code: { source: plainWriter } }] },
      { name: 'Processor', handlers: [{ name: 'Forward', consumes: 'in', code: { source: forwardSource }, options: { autoOffsetReset: 'earliest', commit: 'after-processing', deliveryAttempts: 3, ...opts.forwardOptions } }] },
      { name: 'Committed', handlers: [reader('read_committed')] },
      { name: 'Uncommitted', handlers: [reader('read_uncommitted')] },
    ],
    workload: [
      { kind: 'burst', service: 'Source', handler: 'In', count: 1, startTick: 100, body: { id: 'r-1' } },
      ...(opts.plainAt !== undefined ? [{ kind: 'burst' as const, service: 'Plain', handler: 'Write', count: 1, startTick: opts.plainAt, body: null }] : []),
    ],
    faults: opts.faults ?? [],
    limits: { ticksMax: 3_600_000 },
  });
}

const deliveredTo = (r: ReturnType<typeof runScenario>, service: string) => ofKind(r.trace, 'message.delivered').filter((e) => e.data.consumer === service && e.actor.startsWith('out/'));

describe('Kafka transactions and isolation.level (ref §3.7)', () => {
  it('the records and the consumed offset commit together; read_committed reads them only after the commit, read_uncommitted at once', () => {
    const r = runScenario(txScenario(forward('await ctx.work(1000);')), { seed: 1 });
    const committed = ofKind(r.trace, 'transaction.committed');
    expect(committed).toHaveLength(1);
    expect(committed[0].tick).toBe(1100);
    const offsetCommit = ofKind(r.trace, 'offset.committed').find((e) => e.actor === 'in/Processor')!;
    expect(offsetCommit.tick).toBe(1100);
    expect(offsetCommit.text).toMatch(/inside transaction Processor\/Forward \(sendOffsetsToTransaction\)/);
    expect(deliveredTo(r, 'Uncommitted')[0].tick).toBe(100);
    expect(deliveredTo(r, 'Committed')[0].tick).toBe(1100);
  });

  it('a throw aborts the transaction: its record stays in the log, read_uncommitted consumers read it, read_committed ones skip it', () => {
    const r = runScenario(txScenario(forward(`if (msg.broker.deliveryAttempt === 1) throw new Error('boom');`)), { seed: 1 });
    const aborted = ofKind(r.trace, 'transaction.rolled-back');
    expect(aborted).toHaveLength(1);
    expect(aborted[0].text).toMatch(/aborted: the handler ended without committing it.*read_committed consumers skip them/);
    // Offsets 0 (aborted) and 1 (the retry's committed record).
    expect(deliveredTo(r, 'Uncommitted').map((e) => e.data.props.offset)).toEqual([0, 1]);
    expect(deliveredTo(r, 'Committed').map((e) => e.data.props.offset)).toEqual([1]);
    expect(r.checks.find((c) => c.name === 'no-loss')!.valid).toBe(true);
  });

  it('an open transaction holds read_committed readers at the last stable offset, also for records written outside it', () => {
    // The transaction writes offset 0 at 100 and commits at 5 100; a plain record lands at offset 1 at 1 000.
    const r = runScenario(txScenario(forward('await ctx.work(5000);'), { plainAt: 1000 }), { seed: 1 });
    expect(deliveredTo(r, 'Uncommitted').map((e) => [e.data.props.offset, e.tick])).toEqual([[0, 100], [1, 1000]]);
    expect(deliveredTo(r, 'Committed').map((e) => [e.data.props.offset, e.tick])).toEqual([[0, 5100], [1, 5100]]);
  });

  it('a crash leaves the transaction open until the restarted producer calls initTransactions (fencing), which aborts it', () => {
    const crash = { type: 'crash', service: 'Processor', point: 'mid-transaction', nth: 1, restartAfterTicks: 2_000 } as FaultSpec;
    const r = runScenario(txScenario(forward('await ctx.work(100);'), { faults: [crash] }), { seed: 1 });
    const aborted = ofKind(r.trace, 'transaction.rolled-back');
    expect(aborted.map((e) => e.tick)).toEqual([2200]);
    expect(aborted[0].text).toMatch(/initTransactions with the same transactional\.id Processor\/Forward/);
    expect(deliveredTo(r, 'Committed').map((e) => e.data.props.offset)).toEqual([1]);
    expect(deliveredTo(r, 'Uncommitted').map((e) => e.data.props.offset)).toEqual([0, 1]);
  });

  it('a crash after the commit, before the handler returns: the offset was committed with the transaction, so the record is done and nobody reads it again', () => {
    const crash = { type: 'crash', service: 'Processor', point: 'before-ack', nth: 1, restartAfterTicks: 2_000 } as FaultSpec;
    const r = runScenario(txScenario(forward(''), { faults: [crash] }), { seed: 1 });
    expect(ofKind(r.trace, 'transaction.committed')).toHaveLength(1);
    const done = ofKind(r.trace, 'message.acked').filter((e) => e.actor === 'in/Processor');
    expect(done).toHaveLength(1);
    expect(done[0].text).toMatch(/offset 1 was committed inside Processor's Kafka transaction before it died/);
    expect(ofKind(r.trace, 'message.abandoned').filter((e) => e.actor === 'in/Processor')).toEqual([]);
    expect(ofKind(r.trace, 'message.delivered').filter((e) => e.actor === 'in/Processor')).toHaveLength(1);
    expect(deliveredTo(r, 'Committed').map((e) => e.data.props.offset)).toEqual([0]);
    expect(r.checks.find((c) => c.name === 'no-loss')!.valid).toBe(true);
  });

  it('a producer that stays down: the coordinator aborts its transaction after transaction.timeout.ms (60 s)', () => {
    const crash = { type: 'crash', service: 'Processor', point: 'mid-transaction', nth: 1, restartAfterTicks: null } as FaultSpec;
    const r = runScenario(txScenario(forward('await ctx.work(100);'), { faults: [crash] }), { seed: 1 });
    const aborted = ofKind(r.trace, 'transaction.rolled-back');
    expect(aborted.map((e) => e.tick)).toEqual([100 + 60_000]);
    expect(aborted[0].text).toMatch(/transaction\.timeout\.ms 60000/);
    expect(deliveredTo(r, 'Committed')).toEqual([]);
  });

  it('a commit after transaction.timeout.ms fails: the transaction was aborted (ProducerFencedException)', () => {
    const r = runScenario(txScenario(forward(`if (msg.broker.deliveryAttempt === 1) await ctx.work(70000);`)), { seed: 1 });
    expect(ofKind(r.trace, 'transaction.rolled-back')[0].tick).toBe(100 + 60_000);
    const failed = ofKind(r.trace, 'handler.failed').find((e) => e.data.service === 'Processor')!;
    expect(failed.data.error).toMatch(/ProducerFencedException/);
    expect(deliveredTo(r, 'Committed').map((e) => e.data.props.offset)).toEqual([1]);
  });

  it('settling a record is refused inside a Kafka transaction: the offset is committed with it', () => {
    const r = runScenario(txScenario(forward('tx.complete();')), { seed: 1 });
    const failed = ofKind(r.trace, 'handler.failed').find((e) => e.data.service === 'Processor')!;
    expect(failed.data.error).toMatch(/tx\.complete\(\) is not available in a Kafka transaction/);
  });

  it('isolation.level is validated', () => {
    const s = txScenario(forward(''));
    s.services[3].handlers[0].options = { isolationLevel: 'serializable' };
    expect(() => runScenario(s, { seed: 1 })).toThrow(/isolationLevel/);
  });
});

describe('the Kafka transactions sandbox scenario', () => {
  const s = findScenario('kafka-transactions')!;
  for (const seed of s.seeds!) {
    it(`read_committed books every payment once; read_uncommitted books the aborted entry; the receipt goes out twice (seed ${seed})`, () => {
      const r = runScenario(s, { seed });
      const failing = r.checks.filter((c) => !c.valid);
      expect(failing.map((c) => c.name)).toEqual(['db-predicate']);
      const why = failing[0].errors.map((e) => e.explanation);
      expect(why).toHaveLength(2);
      expect(why[0]).toMatch(/^read_uncommitted: Audit books every payment once: .*pay-2 \(times=2\)/);
      expect(why[1]).toMatch(/^every receipt is e-mailed once: .*pay-2 \(times=2\)/);
      expect(ofKind(r.trace, 'transaction.rolled-back')).toHaveLength(1);
    });
  }
});
