// Kafka durability (ref §0, §3.3; Kafka design "Replication"; [K-PCFG] [K-TOPIC]): replicas on
// brokers kafka-1…n, followers that copy the leader, the in-sync replicas and the high
// watermark (consumers read below it), producer acks 0 / 1 / all (all by default since 3.0),
// min.insync.replicas, leader failover after a broker crash, and
// unclean.leader.election.enable (default false).

import { describe, expect, it } from 'vitest';
import { runScenario, validateScenario } from '../../src/engine/index';
import { findScenario } from '../../src/scenarios/index';
import { ofKind, run, scenario, type Build } from './helpers';

const ack = { builtin: 'ack' };

function cluster(topic: Record<string, unknown>, faults: Build['workload'] extends unknown ? Record<string, unknown>[] : never = [], count = 3): Build & { faults: Record<string, unknown>[] } {
  return {
    broker: 'kafka',
    entities: [{ type: 'topic', name: 'ledger', partitions: 1, replicationFactor: 3, ...topic } as never],
    messages: [{ type: 'Payment', kind: 'event', to: 'ledger', keyField: 'id' }],
    consumers: [{ service: 'Ledger', handlers: [{ name: 'H', consumes: 'ledger', code: ack, options: { autoOffsetReset: 'earliest' } }] }],
    workload: [{ kind: 'steady', service: 'Producer', handler: 'Publish', count, intervalTicks: 100, body: { id: 'pay-{n}' } }],
    faults,
  };
}

const runWith = (b: ReturnType<typeof cluster>, seed = 1) => runScenario({ ...scenario(b), faults: b.faults as never }, { seed });

describe('the durability sandbox scenario', () => {
  for (const seed of findScenario('kafka-durability')!.seeds!) {
    it(`acks=1 loses an acknowledged payment on leader failover; acks=all + min.insync.replicas=2 loses none (seed ${seed})`, () => {
      const r = runScenario(findScenario('kafka-durability')!, { seed });
      const crash = ofKind(r.trace, 'broker.crashed')[0];
      const dropped = ofKind(r.trace, 'message.dropped');
      expect(dropped).toHaveLength(1);
      const lost = dropped[0];
      expect(lost.data.entity).toBe('ledger-acks1');
      // It had been acknowledged to the producer before the crash…
      const acked = ofKind(r.trace, 'produce.acknowledged').find((e) => e.messageId === lost.messageId)!;
      expect(acked.data.acks).toBe('1');
      expect(acked.tick).toBeLessThan(crash.tick);
      // … and no consumer ever processed it.
      expect(ofKind(r.trace, 'message.acked').some((e) => e.messageId === lost.messageId)).toBe(false);
      // Every acks=all payment reached its ledger, the one in flight at the crash included.
      const safe = ofKind(r.trace, 'message.published').filter((e) => e.data.type === 'PaymentSafe').map((e) => e.messageId);
      const recorded = new Set(ofKind(r.trace, 'message.acked').filter((e) => e.data.entity === 'ledger-acks-all/Ledger-Safe').map((e) => e.messageId));
      expect(safe.every((id) => recorded.has(id))).toBe(true);
      expect(ofKind(r.trace, 'leader.elected').map((e) => e.data.leader)).toEqual(['kafka-2', 'kafka-2']);
      const failing = r.checks.filter((c) => !c.valid);
      expect(failing.map((c) => c.name)).toEqual(['no-loss', 'db-predicate']);
      const predicate = failing[1].errors.map((e) => e.explanation).join(' ');
      expect(predicate).toMatch(/acks=1 ledger/);
      expect(predicate).not.toMatch(/acks=all ledger/);
    });
  }
});

describe('replicas, ISR and the high watermark (ref §3.3)', () => {
  it('consumers read a record only once every in-sync replica has it (below the high watermark)', () => {
    const r = run(cluster({ acks: '1' }, [], 1));
    const written = ofKind(r.trace, 'message.partitioned')[0];
    const fetched = ofKind(r.trace, 'replica.fetched');
    expect(fetched.map((e) => e.data.broker)).toEqual(['kafka-2', 'kafka-3']);
    const delivered = ofKind(r.trace, 'message.delivered')[0];
    expect(delivered.tick).toBeGreaterThan(written.tick);
    expect(delivered.seq).toBeGreaterThan(fetched[1].seq);
    expect(fetched[1].data.highWatermark).toBe(1);
  });

  it('the Java producer defaults to acks=all (since Kafka 3.0): acknowledged only when the ISR has it', () => {
    const r = run(cluster({}, [], 1));
    const acked = ofKind(r.trace, 'produce.acknowledged')[0];
    expect(acked.data.acks).toBe('all');
    expect(acked.seq).toBeGreaterThan(ofKind(r.trace, 'replica.fetched')[1].seq);
  });

  it('a lagging follower leaves the ISR after replica.lag.time.max.ms; with fewer than min.insync.replicas, acks=all writes wait (NotEnoughReplicas) until it catches up', () => {
    const lag = (broker: string) => ({ type: 'follower-lag', broker, atTick: 0, durationTicks: 60_000 });
    const b = cluster({ minInsyncReplicas: 2 }, [lag('kafka-2'), lag('kafka-3')], 1);
    b.workload = [
      { kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, body: { id: 'pay-1' } },
      { kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, startTick: 40_000, body: { id: 'pay-2' } },
    ];
    const r = runWith(b);
    const shrunk = ofKind(r.trace, 'isr.shrunk');
    expect(shrunk.map((e) => e.tick)).toEqual([30_010, 30_010]); // replica.lag.time.max.ms 30 000 after failing to fetch at 10
    expect(shrunk[1].data.isr).toEqual(['kafka-1']);
    const refused = ofKind(r.trace, 'produce.failed').find((e) => /NotEnoughReplicas/.test(e.data.reason))!;
    expect(refused.tick).toBe(40_000);
    const second = ofKind(r.trace, 'produce.acknowledged').find((e) => e.messageId === refused.messageId)!;
    expect(second.tick).toBeGreaterThanOrEqual(60_000);
    expect(ofKind(r.trace, 'isr.expanded').length).toBeGreaterThan(0);
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });
});

describe('leader failover (ref §3.3)', () => {
  it('with every in-sync replica down and unclean.leader.election.enable=false (the default) the partition waits offline: nothing is lost', () => {
    const faults = [
      { type: 'follower-lag', broker: 'kafka-2', atTick: 50, durationTicks: 200_000 },
      { type: 'follower-lag', broker: 'kafka-3', atTick: 50, durationTicks: 200_000 },
      { type: 'broker-crash', broker: 'kafka-1', atTick: 40_000, restartAfterTicks: 60_000 },
    ];
    const r = runWith(cluster({ acks: '1' }, faults, 3), 1);
    expect(ofKind(r.trace, 'isr.shrunk').map((e) => e.data.isr)).toEqual([['kafka-1', 'kafka-3'], ['kafka-1']]);
    const offline = ofKind(r.trace, 'leader.elected')[0];
    expect(offline.data.leader).toBeNull();
    expect(offline.text).toMatch(/unclean\.leader\.election\.enable is false/);
    expect(ofKind(r.trace, 'leader.elected')[1].data.leader).toBe('kafka-1'); // it comes back and leads again
    expect(ofKind(r.trace, 'message.dropped')).toHaveLength(0);
  });

  it('with unclean.leader.election.enable=true an out-of-sync replica leads, and committed records it never copied are lost', () => {
    const faults = [
      { type: 'follower-lag', broker: 'kafka-3', atTick: 50, durationTicks: 200_000 },
      { type: 'broker-crash', broker: 'kafka-1', atTick: 40_000, restartAfterTicks: null },
      { type: 'broker-crash', broker: 'kafka-2', atTick: 40_000, restartAfterTicks: null },
    ];
    const b = cluster({ acks: 'all', uncleanLeaderElection: true }, [...faults, { type: 'crash', service: 'Audit', atTick: 0, restartAfterTicks: 100_000 }], 3);
    // A second group, down until after the failover, has not read the records yet.
    b.consumers!.push({ service: 'Audit', handlers: [{ name: 'H', consumes: 'ledger', code: ack, options: { autoOffsetReset: 'earliest' } }] });
    const r = runWith(b, 1);
    const unclean = ofKind(r.trace, 'leader.elected').find((e) => e.data.unclean)!;
    expect(unclean.data.leader).toBe('kafka-3');
    const truncated = ofKind(r.trace, 'replica.truncated')[0];
    expect(truncated.data).toMatchObject({ fromOffset: 1, records: 2 });
    const lost = ofKind(r.trace, 'message.dropped');
    expect(lost.map((e) => e.data.entity)).toEqual(['ledger/Audit', 'ledger/Audit']);
    expect(ofKind(r.trace, 'message.acked').filter((e) => e.data.entity === 'ledger/Audit')).toHaveLength(1);
    expect(lost.every((e) => e.data.reason === 'lost in unclean leader election')).toBe(true);
    // They had been acknowledged with acks=all (kafka-1 and kafka-2 were the ISR).
    for (const e of lost) expect(ofKind(r.trace, 'produce.acknowledged').some((a) => a.messageId === e.messageId && a.data.acks === 'all')).toBe(true);
  });

  it('acks=0 to a partition without a live leader: the producer never waits, so the loss goes unnoticed', () => {
    const b = cluster({ acks: '0' }, [{ type: 'broker-crash', broker: 'kafka-1', atTick: 50, restartAfterTicks: null }], 2);
    const r = runWith(b);
    const lost = ofKind(r.trace, 'message.dropped');
    expect(lost).toHaveLength(1);
    expect(lost[0].text).toMatch(/acks=0/);
    expect(ofKind(r.trace, 'produce.acknowledged')).toHaveLength(0);
  });
});

describe('bad durability settings (ref §3.3)', () => {
  it('min.insync.replicas above the replication factor, idempotence with acks=1, and an unknown broker are validation issues', () => {
    const b = cluster({ minInsyncReplicas: 4, acks: '1', enableIdempotence: true });
    const issues = validateScenario({ ...scenario(b), faults: [{ type: 'broker-crash', broker: 'kafka-9', atTick: 1 }] });
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['entities[0].minInsyncReplicas', 'entities[0].enableIdempotence', 'faults[0].broker']));
    expect(issues.find((i) => i.path === 'entities[0].enableIdempotence')!.message).toMatch(/ConfigException/);
  });
});
