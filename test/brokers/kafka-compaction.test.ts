// Kafka log compaction (ref §0, §3.6 [K-DESIGN] "Log Compaction", [K-TOPIC] cleanup.policy,
// segment.ms, min.cleanable.dirty.ratio, delete.retention.ms): a compacted topic keeps at least
// the last record of every key; records with a null value are tombstones, removed after
// delete.retention.ms; the active segment is never compacted; offsets never change (readers skip
// the gaps); compacted topics need keys; cleanup.policy=compact alone deletes nothing by time.

import { describe, expect, it } from 'vitest';
import { runScenario, type WorkloadSpec } from '../../src/engine/index';
import { findScenario } from '../../src/scenarios/index';
import { ofKind, scenario, type Build } from './helpers';

const keyedPublish = `import { defineHandler } from 'brokerlab';
export default defineHandler('Publish', async (req, ctx) => {
  if (req.body.tombstone) ctx.publish('PriceChanged', null, { key: req.body.productId });
  else ctx.publish('PriceChanged', req.body);
});`;

const ack = { builtin: 'ack' };

/** 3 products × 4 changes (one a second), then, if asked, a tombstone for product-0; a reader that starts at `readerFrom`. */
function prices(topic: Record<string, unknown>, readerFrom: number, extra: Build['workload'] = []): Build {
  return {
    broker: 'kafka',
    entities: [{ type: 'topic', name: 'prices', partitions: 1, cleanupPolicy: 'compact', segmentMs: 5_000, ...topic } as never],
    messages: [{ type: 'PriceChanged', kind: 'event', to: 'prices', keyField: 'productId' }],
    consumers: [{ service: 'Reader', handlers: [{ name: 'H', consumes: 'prices', code: ack, options: { autoOffsetReset: 'earliest' } }] }],
    workload: [{ kind: 'steady', service: 'Producer', handler: 'Publish', count: 12, intervalTicks: 1_000, body: { productId: 'product-{n%3}', price: '{n}' } }, ...(extra ?? [])],
    ticksMax: 3_600_000,
  };
}

function run(b: Build, readerFrom: number) {
  const s = scenario(b);
  s.services[0].handlers[0].code = { source: keyedPublish };
  return runScenario(s, { seed: 1, faults: readerFrom > 0 ? [{ type: 'crash', service: 'Reader', atTick: 0, restartAfterTicks: readerFrom } as never] : [] });
}

const readOffsets = (r: ReturnType<typeof runScenario>, from = 0) => ofKind(r.trace, 'message.acked').filter((e) => e.tick >= from).map((e) => ofKind(r.trace, 'message.delivered').find((d) => d.deliveryId === e.deliveryId)!.data.props.offset as number);

describe('log compaction (ref §3.6)', () => {
  it('a reader that comes late reads only the latest record of each key; offsets keep their gaps', () => {
    const r = run(prices({}, 0), 60_000);
    const compacted = ofKind(r.trace, 'log.compacted');
    expect(compacted.length).toBeGreaterThan(0);
    expect(compacted[0].tick % 15_000).toBe(0); // log.cleaner.backoff.ms
    // Segments roll every 5 s: [0–4] [5–9] and the active one from offset 10. Offsets 0–6 were
    // removed; 7, 8, 9 stay although 10 and 11 have their keys, because the active segment is
    // neither compacted nor part of the cleaner's key map. No offset was renumbered.
    expect(readOffsets(r, 60_000)).toEqual([7, 8, 9, 10, 11]);
    expect(ofKind(r.trace, 'message.compacted').filter((e) => e.data.entity === 'prices/Reader').map((e) => e.data.offset)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(r.checks.find((c) => c.name === 'no-loss')!.valid).toBe(true);
  });

  it('the active segment is never compacted: with the default segment.ms (7 days) nothing is removed within the run', () => {
    const r = run(prices({ segmentMs: undefined }, 0), 60_000);
    expect(ofKind(r.trace, 'log.compacted')).toEqual([]);
    expect(readOffsets(r, 60_000)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('a partition is cleaned only once its dirty part reaches min.cleanable.dirty.ratio', () => {
    const r = run(prices({ minCleanableDirtyRatio: 1 }, 0), 60_000);
    // After the first cleaning the log has clean records, so the dirty ratio stays below 1.
    const compacted = ofKind(r.trace, 'log.compacted');
    expect(compacted).toHaveLength(1);
    expect(compacted[0].text).toMatch(/dirty ratio 1\.00/);
  });

  it('a tombstone deletes its key and is itself removed after delete.retention.ms', () => {
    // product-0's tombstone at 12.5 s, then a record of another key every 6 s, so segments keep rolling and the log stays dirty.
    const after: WorkloadSpec[] = [
      { kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, startTick: 12_500, body: { productId: 'product-0', tombstone: true } },
      { kind: 'steady', service: 'Producer', handler: 'Publish', count: 7, startTick: 20_000, intervalTicks: 6_000, body: { productId: 'other-{n}', price: 1 } },
    ];
    const product0 = (r: ReturnType<typeof runScenario>) => ofKind(r.trace, 'message.delivered').filter((e) => e.tick >= 90_000 && e.data.props.key === 'product-0');
    const kept = run(prices({ deleteRetentionMs: 1_000_000, minCleanableDirtyRatio: 0.01 }, 0, after), 90_000);
    // Only the tombstone is left of product-0: a reader rebuilding its state learns the key was deleted.
    expect(product0(kept)).toHaveLength(1);
    expect(product0(kept)[0].data.props.offset).toBe(12);
    const removed = run(prices({ deleteRetentionMs: 20_000, minCleanableDirtyRatio: 0.01 }, 0, after), 90_000);
    expect(product0(removed)).toEqual([]);
    const gone = ofKind(removed.trace, 'message.compacted').find((e) => e.data.supersededBy === null)!;
    expect(gone.tick).toBeGreaterThanOrEqual(12_500 + 20_000);
    expect(gone.text).toMatch(/tombstone for key product-0 was removed after delete\.retention\.ms/);
  });

  it('a compacted topic refuses a record without a key (InvalidRecordException)', () => {
    const b = prices({}, 0);
    b.messages = [{ type: 'PriceChanged', kind: 'event', to: 'prices' }];
    const s = scenario(b);
    const r = runScenario(s, { seed: 1 });
    const failed = ofKind(r.trace, 'message.send-failed');
    expect(failed).toHaveLength(12);
    expect(failed[0].data.reason).toMatch(/InvalidRecordException: compacted topic prices cannot accept a record without a key/);
    expect(ofKind(r.trace, 'message.partitioned')).toEqual([]);
  });

  it('cleanup.policy=compact deletes nothing by retention.ms; compact,delete does', () => {
    const compactOnly = run(prices({ retentionMs: 2_000, segmentMs: undefined }, 0), 60_000);
    expect(ofKind(compactOnly.trace, 'retention.deleted')).toEqual([]);
    const both = run(prices({ retentionMs: 2_000, segmentMs: undefined, cleanupPolicy: 'compact,delete' }, 0), 60_000);
    expect(ofKind(both.trace, 'retention.deleted').length).toBeGreaterThan(0);
  });
});

describe('the log-compaction sandbox scenario', () => {
  const s = findScenario('kafka-log-compaction')!;
  for (const seed of s.seeds!) {
    it(`the late Storefront rebuilds the latest prices from the compacted topic but not the history (seed ${seed})`, () => {
      const r = runScenario(s, { seed });
      const failing = r.checks.filter((c) => !c.valid);
      expect(failing.map((c) => c.name)).toEqual(['db-predicate']);
      const why = failing[0].errors.map((e) => e.explanation);
      expect(why).toHaveLength(1);
      expect(why[0]).toMatch(/^Storefront, reading the compacted topic later, saw every price change too/);
      expect(r.finalDb.Storefront.prices).toEqual({ 'product-1': { price: 36 }, 'product-2': { price: 37 }, 'product-3': { price: 38 }, 'product-4': { price: 39 } });
    });
  }
});
