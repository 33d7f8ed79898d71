// Kafka group membership across a consumer restart (ref §3.4; [K-CCFG] session.timeout.ms and
// group.instance.id; KIP-345 "Introduce static membership protocol to reduce consumer
// rebalances"). A dynamic member that restarts gets a new member id: the rebalance its join
// starts waits for the old member, which no longer heartbeats, until session.timeout.ms removes
// it — its partitions stall until then, and with the eager protocol the whole group stops
// fetching. A static member (group.instance.id) that comes back within session.timeout.ms is
// recognised by its instance id and gets the same partitions back without a rebalance; one that
// stays away longer is removed as usual.

import { describe, expect, it } from 'vitest';
import { runScenario, validateScenario } from '../../src/engine/index';
import { findScenario } from '../../src/scenarios/index';
import { ofKind, scenario, working, type Build } from './helpers';

const SESSION = 45_000;

function group(strategy: string, staticIds: boolean): Build {
  const options = (id: string) => ({ groupId: 'g', autoOffsetReset: 'earliest', commit: 'after-processing', partitionAssignmentStrategy: strategy, ...(staticIds ? { groupInstanceId: id } : {}) });
  return {
    broker: 'kafka',
    entities: [{ type: 'topic', name: 'orders', partitions: 2 }],
    messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId' }],
    consumers: [
      // Range and the sticky assignors give "A/H" partition 0 and "B/H" partition 1.
      { service: 'A', handlers: [{ name: 'H', consumes: 'orders', code: { source: working(300) }, options: options('a-1') }] },
      { service: 'B', handlers: [{ name: 'H', consumes: 'orders', code: { source: working(300) }, options: options('b-1') }] },
    ],
    workload: [{ kind: 'steady', service: 'Producer', handler: 'Publish', count: 80, intervalTicks: 1000, body: { orderId: 'order-{n}' } }],
  };
}

/** Crash A while it processes a record of partition 0, restart it `downTicks` later. */
function crashA(b: Build, downTicks: number) {
  const probe = runScenario(scenario(b), { seed: 1 });
  const first = ofKind(probe.trace, 'message.delivered').find((e) => e.data.consumer === 'A' && e.tick >= 4000)!;
  const crashTick = first.tick + 100;
  const r = runScenario(scenario(b), { seed: 1, faults: [{ type: 'crash', service: 'A', atTick: crashTick, restartAfterTicks: downTicks } as never] });
  return { r, crashTick, inFlight: first.messageId! };
}

const deliveredBetween = (r: ReturnType<typeof runScenario>, from: number, to: number) => ofKind(r.trace, 'message.delivered').filter((e) => e.tick > from && e.tick < to);

describe('a dynamic member restarted within session.timeout.ms (ref §3.4)', () => {
  it('eager (range): the rebalance waits for the old member; nobody in the group fetches until its session expires', () => {
    const { r, crashTick } = crashA(group('range', false), 1000);
    const expiry = crashTick + SESSION;
    const started = ofKind(r.trace, 'group.rebalance-started');
    expect(started).toHaveLength(1);
    expect(started[0].tick).toBe(crashTick + 1000);
    expect(started[0].data).toMatchObject({ member: 'A', waitingUntilTick: expiry, stopsGroup: true });
    // No rebalance completes before the old member's session runs out …
    const rebalances = ofKind(r.trace, 'group.rebalanced').filter((e) => e.tick > 0);
    expect(rebalances[0].tick).toBe(expiry);
    expect(rebalances[0].data.reason).toMatch(/removed its old member; the restarted A joins as a new member/);
    // … and meanwhile the eager group is stopped: B's partition waits too (records were produced to both).
    expect(deliveredBetween(r, crashTick + 1000 + 300, expiry)).toEqual([]);
    expect(deliveredBetween(r, expiry, expiry + 5000).map((e) => e.data.consumer)).toEqual(expect.arrayContaining(['A', 'B']));
  });

  it('cooperative-sticky: B keeps reading its partition; only A\'s partition stalls until the old session expires', () => {
    const { r, crashTick } = crashA(group('cooperative-sticky', false), 1000);
    const expiry = crashTick + SESSION;
    expect(ofKind(r.trace, 'group.rebalance-started')[0].data.stopsGroup).toBe(false);
    const meanwhile = deliveredBetween(r, crashTick, expiry);
    expect(meanwhile.length).toBeGreaterThan(10);
    expect(meanwhile.every((e) => e.data.consumer === 'B' && e.data.props.partition === 1)).toBe(true);
    expect(ofKind(r.trace, 'group.rebalanced').filter((e) => e.tick > 0)[0].tick).toBe(expiry);
  });

  it('the record A had in flight is read again only after the old session expires', () => {
    const { r, crashTick, inFlight } = crashA(group('range', false), 1000);
    const again = ofKind(r.trace, 'message.delivered').filter((e) => e.messageId === inFlight);
    expect(again).toHaveLength(2);
    expect(again[1].tick).toBe(crashTick + SESSION);
  });
});

describe('static membership: group.instance.id (ref §3.4, KIP-345)', () => {
  it('a static member back within session.timeout.ms gets its partitions back without a rebalance', () => {
    const { r, crashTick, inFlight } = crashA(group('range', true), 1000);
    expect(ofKind(r.trace, 'group.rebalanced').map((e) => e.tick)).toEqual([0]); // only the first join
    expect(ofKind(r.trace, 'group.rebalance-started')).toEqual([]);
    const back = ofKind(r.trace, 'partition.assigned').filter((e) => e.tick === crashTick + 1000);
    expect(back).toHaveLength(1);
    expect(back[0].data).toMatchObject({ member: 'A', partitions: [0] });
    expect(back[0].text).toMatch(/group\.instance\.id a-1.*without a rebalance/);
    // The record the dead process had in flight is read again at once, from the committed offset.
    const again = ofKind(r.trace, 'message.delivered').filter((e) => e.messageId === inFlight);
    expect(again.map((e) => e.tick)).toEqual([again[0].tick, crashTick + 1000]);
    // While A was down its partition waited (nobody else took it); B went on.
    expect(deliveredBetween(r, crashTick, crashTick + 1000).every((e) => e.data.consumer === 'B')).toBe(true);
    expect(r.checks.find((c) => c.name === 'no-loss')!.valid).toBe(true);
  });

  it('a static member away longer than session.timeout.ms is removed: B takes its partition over, and it rejoins with a rebalance', () => {
    const { r, crashTick } = crashA(group('range', true), 60_000);
    const rebalances = ofKind(r.trace, 'group.rebalanced').filter((e) => e.tick > 0);
    expect(rebalances.map((e) => e.tick)).toEqual([crashTick + SESSION, crashTick + 60_000]);
    expect(rebalances[0].data.reason).toMatch(/static member a-1/);
    expect(rebalances[0].data.assignment).toEqual({ B: [0, 1] });
    expect(rebalances[1].data.assignment).toEqual({ A: [0], B: [1] });
  });

  it('two consumers of one group with the same group.instance.id are refused (the second would fence the first)', () => {
    const b = group('range', true);
    b.consumers![1].handlers[0].options = { groupId: 'g', groupInstanceId: 'a-1' };
    const issues = validateScenario(scenario(b));
    expect(issues.map((i) => `${i.path}: ${i.message}`).join('\n')).toMatch(/groupInstanceId: group\.instance\.id "a-1" is already used by A\/H in the same group.*FencedInstanceIdException/);
  });
});

describe('the static-membership sandbox scenario', () => {
  const s = findScenario('kafka-static-membership')!;
  for (const seed of s.seeds!) {
    it(`the dynamic group's orders wait for the old session; the static group's do not (seed ${seed})`, () => {
      const r = runScenario(s, { seed });
      const failing = r.checks.filter((c) => !c.valid);
      expect(failing.map((c) => c.name)).toEqual(['db-predicate']);
      const why = failing[0].errors.map((e) => e.explanation);
      expect(why).toHaveLength(2);
      expect(why.every((w) => /^without it no order waits more than 10 s \(Shipping-[12]\)/.test(w))).toBe(true);
      expect(ofKind(r.trace, 'group.rebalance-started').map((e) => e.data.group)).toEqual(['shipping']);
      expect(ofKind(r.trace, 'group.rebalanced').filter((e) => e.data.group === 'shipping-static').map((e) => e.tick)).toEqual([0]);
    });
  }
});

describe('a crash at the start of a handler, inside the hand-over', () => {
  // Handing a record over starts the handler at once; a crash there takes the member down. The
  // pump went on handing the dead member the next record (its running count had just been
  // reset), which left a phantom record running: with concurrency 1 the restarted member never
  // fetched again and the topic stalled until max.poll.interval.ms dropped it.
  const b: Build = {
    broker: 'kafka',
    entities: [{ type: 'topic', name: 'orders', partitions: 2 }],
    messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId' }],
    consumers: [{ service: 'A', handlers: [{ name: 'H', consumes: 'orders', code: { source: working(30) }, options: { groupId: 'g', autoOffsetReset: 'earliest', commit: 'after-processing', sessionTimeoutMs: 6000 } }] }],
    workload: [{ kind: 'steady', service: 'Producer', handler: 'Publish', count: 12, intervalTicks: 5, body: { orderId: 'order-{n}' } }],
  };

  it('hands a crashed member nothing, and the restarted member reads every record', () => {
    const r = runScenario(scenario(b), { seed: 1, faults: [{ type: 'crash', service: 'A', handler: 'H', point: 'before-handler', nth: 2, restartAfterTicks: 100 } as never] });
    const crash = ofKind(r.trace, 'service.crashed')[0]!;
    const restart = ofKind(r.trace, 'service.restarted')[0]!;
    expect(ofKind(r.trace, 'message.delivered').filter((e) => e.seq > crash.seq && e.seq < restart.seq)).toEqual([]);
    const done = new Set(ofKind(r.trace, 'handler.completed').filter((e) => e.data.service === 'A').map((e) => e.messageId));
    expect(done.size).toBe(12);
    expect(r.trace.at(-1)!.tick).toBeLessThan(60_000);
  });
});
