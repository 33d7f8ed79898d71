// The run diff, from literal traces: counts that changed, checks that flipped, and the
// messages whose story differs (highlighted in the new run).
import { describe, expect, it } from 'vitest';
import { diffRuns } from '../../src/projections/run-diff';
import { ev, traceOf } from './trace-fixture';
import type { CheckResult } from '../../src/engine/checks/types';

const effect = (key: string, messageId: string) => ev('external.called', 'Warehouse', { external: 'Warehouse', operation: 'reserve', body: { orderId: key }, key, caller: 'Inventory', handler: 'ReserveStock', callId: 'k-1', outcome: 'applied' }, { messageId });
const delivered = (messageId: string) => ev('message.delivered', 'orders', { entity: 'orders', consumer: 'Inventory/ReserveStock', props: {} }, { messageId });
const acked = (messageId: string) => ev('message.acked', 'orders', { entity: 'orders', consumer: 'Inventory/ReserveStock' }, { messageId });
const skipped = (messageId: string) => ev('inbox.duplicate-skipped', 'Inventory', { service: 'Inventory', handler: 'ReserveStock' }, { messageId });
const failed = (messageId: string, error: string) => ev('handler.failed', 'Inventory', { service: 'Inventory', handler: 'ReserveStock', error, transient: true }, { messageId });
const check = (name: string, errors: number): CheckResult => ({ name, valid: errors === 0, errors: Array.from({ length: errors }, () => ({ anomaly: 'duplicated-effect', explanation: '', eventRefs: [] })) });

describe('diffRuns', () => {
  it('summarises fixed duplicates and the check that now passes, and highlights the changed messages', () => {
    const before = traceOf(
      delivered('m-1'), effect('order-1', 'm-1'), acked('m-1'),
      delivered('m-1'), effect('order-1', 'm-1'), acked('m-1'),
      delivered('m-2'), effect('order-2', 'm-2'), acked('m-2'),
      delivered('m-2'), effect('order-2', 'm-2'), acked('m-2'),
      delivered('m-2'), effect('order-2', 'm-2'), acked('m-2'),
      delivered('m-3'), effect('order-3', 'm-3'), acked('m-3'),
    );
    const after = traceOf(
      delivered('m-1'), effect('order-1', 'm-1'), acked('m-1'),
      delivered('m-1'), skipped('m-1'), acked('m-1'),
      delivered('m-2'), effect('order-2', 'm-2'), acked('m-2'),
      delivered('m-2'), skipped('m-2'), acked('m-2'),
      delivered('m-2'), skipped('m-2'), acked('m-2'),
      delivered('m-3'), effect('order-3', 'm-3'), acked('m-3'),
    );
    const diff = diffRuns({ trace: before, checks: [check('no-duplicate-effect', 3), check('no-loss', 0)] }, { trace: after, checks: [check('no-duplicate-effect', 0), check('no-loss', 0)] });
    expect(diff.identical).toBe(false);
    expect(diff.summary).toEqual(['3 duplicate effects → 0', '0 duplicates skipped by the inbox → 3', 'check no-duplicate-effect now passes', '2 messages took a different path']);
    expect(diff.changedMessages).toEqual(['m-1', 'm-2']);
    expect(diff.highlightSeqs).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('says when nothing changed, and names new, removed and failing things', () => {
    const same = traceOf(delivered('m-1'), acked('m-1'));
    expect(diffRuns({ trace: same, checks: [], hash: 'a' }, { trace: same, checks: [], hash: 'a' }).summary).toEqual(['no change: the same trace as the previous run']);
    const after = traceOf(delivered('m-1'), failed('m-1', 'boom'), delivered('m-9'));
    const diff = diffRuns({ trace: traceOf(delivered('m-1'), acked('m-1'), delivered('m-2')), checks: [check('no-loss', 0)] }, { trace: after, checks: [check('no-loss', 1)] });
    expect(diff.summary).toEqual(['0 handler failures → 1', '1 message acked → 0', 'check no-loss now fails', '1 message took a different path, 1 new, 1 no longer sent']);
    expect(diff.addedMessages).toEqual(['m-9']);
    expect(diff.removedMessages).toEqual(['m-2']);
  });
});
