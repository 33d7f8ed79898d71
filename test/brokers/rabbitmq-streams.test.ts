// RabbitMQ streams (ref §2.2; RabbitMQ docs "Streams": x-queue-type stream, non-destructive
// consumption, x-stream-offset first/last/next (the default)/offset, "consumption requires QoS
// prefetch", acks are credit, the feature matrix — no TTL, length limit, priorities, DLX or
// poison-message handling — and retention by x-max-age / x-max-length-bytes;
// rabbit_stream_queue.erl settle/5: "all settle reasons will give credit" — a nack requeues
// nothing). Over AMQP 0-9-1 the broker keeps no consumer offset: a restarted consumer attaches
// again with its x-stream-offset.

import { describe, expect, it } from 'vitest';
import { runScenario, validateScenario, type FaultSpec } from '../../src/engine/index';
import { findScenario } from '../../src/scenarios/index';
import { ofKind, run, scenario, throwing, working, type Build } from './helpers';

function stream(consumers: Build['consumers'], args: Record<string, unknown> = {}, count = 5): Build {
  return {
    broker: 'rabbitmq',
    entities: [{ type: 'queue', name: 'events', arguments: { 'x-queue-type': 'stream', ...args } } as never],
    messages: [{ type: 'OrderPlaced', kind: 'event', to: 'events' }],
    consumers,
    workload: [{ kind: 'steady', service: 'Producer', handler: 'Publish', count, intervalTicks: 1000, body: { orderId: 'o-{n}' } }],
  };
}
const reader = (service: string, options: Record<string, unknown>, source = working(100)) => ({ service, handlers: [{ name: 'H', consumes: 'events', code: { source }, options: { prefetch: 5, ...options } }] });
const ackedBy = (r: ReturnType<typeof run>, service: string) => ofKind(r.trace, 'message.acked').filter((e) => e.data.consumer === service).map((e) => e.messageId);

describe('RabbitMQ streams (ref §2.2)', () => {
  it('every consumer reads every message; consuming removes nothing', () => {
    const r = run(stream([reader('A', {}), reader('B', {})]));
    expect(ackedBy(r, 'A')).toEqual(['m-1', 'm-2', 'm-3', 'm-4', 'm-5']);
    expect(ackedBy(r, 'B')).toEqual(['m-1', 'm-2', 'm-3', 'm-4', 'm-5']);
    expect(ofKind(r.trace, 'message.delivered').map((e) => e.data.entity)).toContain('events/A');
    expect(r.checks.find((c) => c.name === 'no-loss')!.valid).toBe(true);
  });

  it('x-stream-offset: a consumer back from a crash attaches again — "next" skips what came meanwhile, "first" replays everything', () => {
    const crash = (service: string): FaultSpec => ({ type: 'crash', service, atTick: 1_500, restartAfterTicks: 2_000 } as FaultSpec);
    const r = runScenario({ ...scenario(stream([reader('Next', {}), reader('First', { streamOffset: 'first' })])), faults: [crash('Next'), crash('First')] }, { seed: 1 });
    // Offsets 0, 1 read before the crash; 2 and 3 were written while it was down (at 2 000 and 3 000); it is back at 3 500.
    expect(ackedBy(r, 'Next')).toEqual(['m-1', 'm-2', 'm-5']);
    expect(ackedBy(r, 'First')).toEqual(['m-1', 'm-2', 'm-1', 'm-2', 'm-3', 'm-4', 'm-5']);
    const attached = ofKind(r.trace, 'stream.attached');
    expect(attached.map((e) => [e.data.consumer, e.data.offset])).toEqual([['Next', 4], ['First', 0]]);
    expect(attached[0].text).toMatch(/no offset kept by the broker/);
    expect(r.checks.find((c) => c.name === 'no-loss')!.errors.map((e) => e.explanation)).toEqual([
      'm-3 was still in events/Next when the run ended: accepted, never processed or dead-lettered',
      'm-4 was still in events/Next when the run ended: accepted, never processed or dead-lettered',
    ]);
  });

  it('a numeric x-stream-offset starts there (clamped to the log)', () => {
    const late = (service: string): FaultSpec => ({ type: 'crash', service, atTick: 0, restartAfterTicks: 4_500 } as FaultSpec);
    const r = runScenario({ ...scenario(stream([reader('At2', { streamOffset: 2 }), reader('At99', { streamOffset: 99 })])), faults: [late('At2'), late('At99')] }, { seed: 1 });
    expect(ackedBy(r, 'At2')).toEqual(['m-3', 'm-4', 'm-5']);
    expect(ackedBy(r, 'At99')).toEqual([]);
  });

  it('a nack gives credit back and nothing more: the message is neither requeued nor dead-lettered', () => {
    const r = run(stream([reader('Failing', {}, throwing)], {}, 2));
    expect(ofKind(r.trace, 'message.delivered')).toHaveLength(2);
    const dropped = ofKind(r.trace, 'message.dropped');
    expect(dropped).toHaveLength(2);
    expect(dropped[0].text).toMatch(/on a stream only gives credit back: offset 0 is not redelivered or dead-lettered/);
  });

  it('the prefetch bounds the unacknowledged deliveries (acks are credit)', () => {
    const r = run({ ...stream([reader('Slow', { prefetch: 1 }, working(5_000))], {}, 3), workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 3, body: { orderId: 'o-{n}' } }] });
    expect(ofKind(r.trace, 'message.delivered').map((e) => e.tick)).toEqual([0, 5_000, 10_000]);
  });

  it('x-max-age retention deletes the oldest messages, read or not', () => {
    const late: FaultSpec = { type: 'crash', service: 'Late', atTick: 0, restartAfterTicks: 10_000 } as FaultSpec;
    const r = runScenario({ ...scenario(stream([reader('Late', { streamOffset: 'first' })], { 'x-max-age': '2s' }, 5)), faults: [late] }, { seed: 1 });
    expect(ackedBy(r, 'Late')).toEqual(['m-4', 'm-5']);
    expect(ofKind(r.trace, 'message.expired')).toHaveLength(3);
  });

  it('stream arguments and consumers are validated against what streams support', () => {
    const issues = (b: Build) => validateScenario(scenario(b)).map((i) => `${i.path}: ${i.message}`).join('\n');
    expect(issues(stream([reader('A', {})], { 'x-message-ttl': 1000, 'x-dead-letter-exchange': 'dlx', 'x-max-age': 'soon' }))).toMatch(/x-message-ttl: streams have no TTL[\s\S]*x-dead-letter-exchange: streams do not dead-letter[\s\S]*x-max-age: a duration/);
    expect(issues(stream([reader('A', { prefetch: 0 })]))).toMatch(/options\.prefetch: consuming from a stream requires a QoS prefetch/);
    expect(issues(stream([reader('A', { autoAck: true })]))).toMatch(/options\.autoAck: stream consumers must use manual acknowledgements/);
    expect(issues(stream([reader('A', { streamOffset: 'middle' })]))).toMatch(/options\.streamOffset/);
  });
});

describe('the streams sandbox scenario', () => {
  const s = findScenario('rabbitmq-streams')!;
  for (const seed of s.seeds!) {
    it(`"first" replays and counts every order once; "next" skips the orders placed while it was down (seed ${seed})`, () => {
      const r = runScenario(s, { seed });
      const failing = r.checks.filter((c) => !c.valid);
      expect(failing.map((c) => c.name).sort()).toEqual(['db-predicate', 'no-loss']);
      expect(failing.find((c) => c.name === 'no-loss')!.errors.every((e) => /order-events\/Notifications/.test(e.explanation))).toBe(true);
      const why = failing.find((c) => c.name === 'db-predicate')!.errors.map((e) => e.explanation);
      expect(why).toHaveLength(1);
      expect(why[0]).toMatch(/^Notifications \("next"\) notifies all 10 orders/);
    });
  }
});
