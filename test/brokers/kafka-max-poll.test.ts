// Kafka max.poll.interval.ms (ref §3.4, [K-CCFG] [K-CONSUMER]): "not calling poll() within
// max.poll.interval.ms ⇒ the client proactively leaves the group; a later commitSync() throws
// CommitFailedException (only active members may commit)". A member whose handler is still
// running has not polled, so it cannot rejoin before the handler returns — also when another
// member of its group took its partitions over in the meantime.

import { describe, expect, it } from 'vitest';
import { ofKind, run, working, type Build } from './helpers';

const ack = { builtin: 'ack' };

function group(commit: 'after-processing' | 'auto', slowMs = 400_000): Build {
  const options = { groupId: 'g', commit, autoOffsetReset: 'earliest' };
  return {
    broker: 'kafka',
    entities: [{ type: 'topic', name: 'orders', partitions: 1 }],
    messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId' }],
    consumers: [
      // "A/H" sorts first: range assignment gives it partition 0.
      { service: 'A', handlers: [{ name: 'H', consumes: 'orders', code: { source: working(slowMs) }, options }] },
      { service: 'B', handlers: [{ name: 'H', consumes: 'orders', code: ack, options }] },
    ],
  };
}

describe('max.poll.interval.ms in a group of two (ref §3.4)', () => {
  for (const commit of ['after-processing', 'auto'] as const) {
    it(`a member still running its handler cannot rejoin until it returns; its late commit fails (${commit})`, () => {
      const r = run(group(commit));
      const aDone = ofKind(r.trace, 'handler.completed').find((e) => e.data.service === 'A')!;
      expect(aDone.tick).toBeGreaterThanOrEqual(400_000);
      const rebalances = ofKind(r.trace, 'group.rebalanced');
      const left = rebalances.find((e) => /A did not poll within max\.poll\.interval\.ms 300000/.test(e.data.reason))!;
      expect(left.tick).toBe(300_000);
      expect(left.data.assignment).toEqual({ B: [0] });
      // B took the partition over and processed the record again from the committed offset.
      expect(ofKind(r.trace, 'message.acked').filter((e) => e.data.consumer === 'B')).toHaveLength(1);
      // No rejoin while A's handler is still running …
      const rejoins = rebalances.filter((e) => /A polled again/.test(e.data.reason));
      expect(rejoins.length).toBeGreaterThan(0);
      expect(rejoins.every((e) => e.tick >= aDone.tick)).toBe(true);
      // … the rejoin is A's next poll, right when its handler returns.
      expect(rejoins[0].tick).toBe(aDone.tick);
      // A's commit of offset 1 at that point fails: it is no longer a member (CommitFailedException).
      const failed = ofKind(r.trace, 'offset.commit-failed');
      expect(failed).toHaveLength(1);
      expect(failed[0].tick).toBe(aDone.tick);
      expect(failed[0].data.offset).toBe(1);
      expect(failed[0].text).toMatch(/CommitFailedException/);
      // Every commit that succeeded came from B (or an auto-commit after A rejoined, never of A's late record).
      const aCommitsBeforeRejoin = ofKind(r.trace, 'offset.committed').filter((e) => e.tick >= 300_000 && e.tick <= aDone.tick && /^A /.test(e.text ?? ''));
      expect(aCommitsBeforeRejoin).toHaveLength(0);
    });
  }

  it('alone in its group, the member also waits for its handler before rejoining', () => {
    const b = group('after-processing');
    b.consumers = b.consumers!.slice(0, 1);
    const r = run(b);
    const aDone = ofKind(r.trace, 'handler.completed').find((e) => e.data.service === 'A')!;
    const rejoin = ofKind(r.trace, 'group.rebalanced').find((e) => /A polled again/.test(e.data.reason))!;
    expect(rejoin.tick).toBe(aDone.tick);
    expect(ofKind(r.trace, 'offset.commit-failed')[0].text).toMatch(/CommitFailedException/);
  });

  it('a handler that returns within max.poll.interval.ms keeps the member in the group', () => {
    const r = run(group('after-processing', 200_000));
    expect(ofKind(r.trace, 'group.rebalanced').filter((e) => /max\.poll/.test(e.data.reason))).toHaveLength(0);
    expect(ofKind(r.trace, 'offset.commit-failed')).toHaveLength(0);
    expect(ofKind(r.trace, 'offset.committed').map((e) => e.data.offset)).toEqual([1]);
  });
});
