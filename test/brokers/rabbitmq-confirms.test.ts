// RabbitMQ publisher confirms (ref §2.8; RabbitMQ docs "Consumer Acknowledgements and Publisher
// Confirms": the broker acks a message once every queue it was routed to has accepted it, nacks
// it when a queue refused it — x-overflow reject-publish / reject-publish-dlx ("Queue Length
// Limit") — and acks an unroutable message once the exchange found no queue, after the
// basic.return when it is mandatory). Without confirm mode the publisher never learns of a
// refusal or a loss on the way. What a publisher does with a nack or a missing confirm is its own
// code: here it publishes again, which duplicates the message in queues that had accepted it.

import { describe, expect, it } from 'vitest';
import { runScenario, type FaultSpec } from '../../src/engine/index';
import { findScenario } from '../../src/scenarios/index';
import { ofKind, run, scenario, working, type Build } from './helpers';

const full = { 'x-max-length': 1, 'x-overflow': 'reject-publish' };

/** Two orders at once into a queue that holds one waiting message, read slowly; `confirms` on the destination or not. */
function bounded(confirms: unknown, extra: Partial<Build> = {}): Build {
  return {
    broker: 'rabbitmq',
    entities: [{ type: 'queue', name: 'orders', arguments: full, ...(confirms !== undefined ? { publisherConfirms: confirms } : {}) } as never],
    messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders' }],
    consumers: [{ service: 'Packing', handlers: [{ name: 'Pack', consumes: 'orders', code: { source: working(500) }, options: { prefetch: 1 } }] }],
    workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 3, body: { orderId: 'o-{n}' } }],
    ...extra,
  };
}

describe('publisher confirms (ref §2.8)', () => {
  it('without confirms a message refused by a full queue (reject-publish) is gone and the publisher never knows', () => {
    const r = run(bounded(undefined));
    expect(ofKind(r.trace, 'publish.confirmed')).toEqual([]);
    const dropped = ofKind(r.trace, 'message.dropped');
    expect(dropped).toHaveLength(1);
    expect(dropped[0].text).toMatch(/does not use publisher confirms, so it never learns/);
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(2);
  });

  it('with confirms the refusal is a basic.nack, the publisher publishes again and nothing is lost', () => {
    const r = run(bounded(true));
    const confirms = ofKind(r.trace, 'publish.confirmed');
    expect(confirms.map((e) => [e.tick, e.data.outcome, e.data.attempt])).toEqual([[0, 'ack', 1], [0, 'ack', 1], [0, 'nack', 1], [1000, 'ack', 2]]);
    expect(ofKind(r.trace, 'message.dropped')).toEqual([]);
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(3);
    expect(r.checks.find((c) => c.name === 'no-loss')!.valid).toBe(true);
  });

  it('a publisher that keeps getting nacks gives up after its attempts: then the message is lost', () => {
    const r = run(bounded({ attempts: 2, retryMs: 10 }, { consumers: [{ service: 'Packing', handlers: [{ name: 'Pack', consumes: 'orders', code: { source: working(5000) }, options: { prefetch: 1 } }] }] }));
    const nacks = ofKind(r.trace, 'publish.confirmed').filter((e) => e.data.outcome === 'nack');
    expect(nacks.map((e) => [e.tick, e.data.attempt, e.data.retrying])).toEqual([[0, 1, true], [10, 2, false]]);
    expect(ofKind(r.trace, 'message.dropped')[0].text).toMatch(/gave up after 2 nacked publishes/);
  });

  it('a nacked message published again is a second copy in the queue that had accepted it', () => {
    const b: Build = {
      broker: 'rabbitmq',
      entities: [
        { type: 'exchange', name: 'orders', exchangeType: 'fanout', publisherConfirms: true } as never,
        { type: 'queue', name: 'billing', bindings: [{ exchange: 'orders' }] } as never,
        { type: 'queue', name: 'shipping', arguments: { 'x-max-length': 0, 'x-overflow': 'reject-publish' }, bindings: [{ exchange: 'orders' }] } as never,
      ],
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders' }],
      consumers: [{ service: 'Billing', handlers: [{ name: 'Bill', consumes: 'billing', code: { builtin: 'ack' } }] }],
      workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, body: { orderId: 'o-1' } }],
    };
    const r = run(b);
    expect(ofKind(r.trace, 'message.enqueued').filter((e) => e.data.entity === 'billing')).toHaveLength(5);
    expect(ofKind(r.trace, 'publish.confirmed').map((e) => e.data.outcome)).toEqual(['nack', 'nack', 'nack', 'nack', 'nack']);
  });

  it('an unroutable message is acked anyway — after the basic.return when mandatory', () => {
    const b = (mandatory: boolean): Build => ({
      broker: 'rabbitmq',
      entities: [{ type: 'exchange', name: 'orders', exchangeType: 'direct', publisherConfirms: true } as never],
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders' }],
      workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, body: { payload: { orderId: 'o-1' }, options: { headers: { mandatory } } } }],
    });
    for (const mandatory of [false, true]) {
      const r = run(b(mandatory));
      const kinds = r.trace.filter((e) => e.kind === 'message.unroutable' || e.kind === 'publish.confirmed').map((e) => e.kind);
      expect(kinds).toEqual(['message.unroutable', 'publish.confirmed']);
      const ack = ofKind(r.trace, 'publish.confirmed')[0];
      expect(ack.data.outcome).toBe('ack');
      expect(ack.text).toMatch(mandatory ? /basic\.return came first/ : /acked although no queue took it/);
    }
  });

  it('a message lost on the way gets no confirm: the publisher publishes it again after its confirm timeout; without confirms it is lost', () => {
    const drop = { type: 'drop', service: 'Producer', nth: 1 } as FaultSpec;
    const withConfirms = runScenario({ ...scenario(bounded(true, { workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, body: { orderId: 'o-1' } }] })), faults: [drop] }, { seed: 1 });
    const timeout = ofKind(withConfirms.trace, 'publish.confirmed').find((e) => e.data.outcome === 'timeout')!;
    expect(timeout.tick).toBe(0);
    expect(ofKind(withConfirms.trace, 'message.enqueued').map((e) => e.tick)).toEqual([5000]);
    expect(withConfirms.checks.find((c) => c.name === 'no-loss')!.valid).toBe(true);
    const without = runScenario({ ...scenario(bounded(undefined, { workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, body: { orderId: 'o-1' } }] })), faults: [drop] }, { seed: 1 });
    expect(ofKind(without.trace, 'message.enqueued')).toEqual([]);
    expect(without.checks.find((c) => c.name === 'no-loss')!.valid).toBe(false);
  });
});

describe('the publisher-confirms sandbox scenario', () => {
  const s = findScenario('rabbitmq-publisher-confirms')!;
  for (const seed of s.seeds!) {
    it(`with confirms all orders are packed; without them the refused and the dropped ones are gone (seed ${seed})`, () => {
      const r = runScenario(s, { seed });
      const failing = r.checks.filter((c) => !c.valid);
      expect(failing.map((c) => c.name).sort()).toEqual(['db-predicate', 'no-loss']);
      const lost = failing.find((c) => c.name === 'no-loss')!.errors;
      expect(lost.every((e) => / from orders at /.test(e.explanation))).toBe(true);
      const why = failing.find((c) => c.name === 'db-predicate')!.errors.map((e) => e.explanation);
      expect(why).toHaveLength(1);
      expect(why[0]).toMatch(/^without them all 8 orders are packed/);
    });
  }
});

// A handler whose channel is in confirm mode (defineHandler option publisherConfirms, like the
// .NET client's publisher confirmation tracking or amqplib's ConfirmChannel): its awaited publish
// returns on basic.ack and throws PublishNacked on basic.nack, which the handler can catch; the
// broker publishes nothing again by itself.
describe('publisher confirms awaited by handler code', () => {
  const producer = (body: string, options = '{ publisherConfirms: true }') => `import { defineHandler } from 'brokerlab';
export default defineHandler('Publish', async (req, ctx) => {
${body}
}, ${options});`;
  const confirmed = (code: string, extra: Partial<Build> = {}, destinationConfirms?: unknown) => {
    const b = bounded(destinationConfirms, extra);
    const s = scenario(b);
    s.services[0]!.handlers[0]!.code = { source: code };
    return s;
  };

  it('the awaited publish returns on basic.ack and throws PublishNacked, with the queue and the reason, on basic.nack', () => {
    const r = runScenario(confirmed(producer(`  try { await ctx.publish('OrderPlaced', req.body); ctx.log('acked ' + req.body.orderId + ' at ' + ctx.now()); }
  catch (e) { ctx.log(e.name + ': ' + e.message); }`)), { seed: 1 });
    const logs = ofKind(r.trace, 'handler.logged').map((e) => [e.tick, e.data.text]);
    expect(logs.slice(0, 2)).toEqual([[1, 'acked o-1 at 1'], [1, 'acked o-2 at 1']]);
    expect(logs[2]![1]).toMatch(/^PublishNacked: basic\.nack for OrderPlaced m-\d+ to orders: orders refused it \(x-max-length 1, reject-publish\)/);
    const nack = ofKind(r.trace, 'publish.confirmed').find((e) => e.data.outcome === 'nack')!;
    expect(nack.data).toMatchObject({ attempt: 1, retrying: false, publisher: 'Producer', awaited: true });
    expect(nack.text).toMatch(/awaited publish throws PublishNacked/);
    // Nothing publishes it again: the caught nack lost the order (two of three packed).
    expect(ofKind(r.trace, 'message.enqueued')).toHaveLength(2);
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(2);
  });

  it('an uncaught nack fails the handler like any exception; the entity\'s own re-publishing does not apply', () => {
    const r = runScenario(confirmed(producer(`  await ctx.publish('OrderPlaced', req.body);`), {}, true), { seed: 1 });
    const failed = ofKind(r.trace, 'handler.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.data.error).toMatch(/PublishNacked/);
    expect(ofKind(r.trace, 'publish.confirmed').map((e) => e.data.outcome)).toEqual(['ack', 'ack', 'nack']);
  });

  it('a handler that backs off and publishes again gets the message in once the queue has room', () => {
    const r = runScenario(confirmed(producer(`  for (let attempt = 1; ; attempt++) {
    try { await ctx.publish('OrderPlaced', req.body); return; }
    catch (e) { if (attempt === 5) throw e; await ctx.work(400 * attempt); }
  }`)), { seed: 1 });
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(3);
    expect(r.checks.find((c) => c.name === 'no-loss')!.valid).toBe(true);
  });

  it('not awaited, the nack reaches nobody; drop-head acks the new message and dead-letters or drops the oldest', () => {
    const fire = runScenario(confirmed(producer(`  ctx.publish('OrderPlaced', req.body);`)), { seed: 1 });
    expect(ofKind(fire.trace, 'handler.failed')).toEqual([]);
    expect(ofKind(fire.trace, 'publish.confirmed').map((e) => e.data.outcome)).toEqual(['ack', 'ack', 'nack']);
    const head = confirmed(producer(`  await ctx.publish('OrderPlaced', req.body);`));
    (head.entities[0] as unknown as { arguments: Record<string, unknown> }).arguments = { 'x-max-length': 1 };
    const r = runScenario(head, { seed: 1 });
    expect(ofKind(r.trace, 'publish.confirmed').map((e) => e.data.outcome)).toEqual(['ack', 'ack', 'ack']);
    expect(ofKind(r.trace, 'message.dead-lettered').length + ofKind(r.trace, 'message.dropped').length).toBe(1);
  });

  it('a message lost on the way gets no confirm: the awaited publish throws PublishConfirmTimeout after 5 s', () => {
    const s = confirmed(producer(`  try { await ctx.publish('OrderPlaced', req.body); } catch (e) { ctx.log(e.name + ' at ' + ctx.now()); }`), { workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, body: { orderId: 'o-1' } }] });
    const r = runScenario({ ...s, faults: [{ type: 'drop', service: 'Producer', nth: 1 } as FaultSpec] }, { seed: 1 });
    expect(ofKind(r.trace, 'handler.logged').map((e) => e.data.text)).toEqual(['PublishConfirmTimeout at 5001']);
  });

  it('refuses publisherConfirms that is not a boolean, and on a scenario without RabbitMQ', () => {
    expect(() => runScenario(confirmed(producer(`  await ctx.publish('OrderPlaced', req.body);`, '{ publisherConfirms: 1 }')), { seed: 1 })).toThrow(/publisherConfirms: must be true or false/);
    const kafka = scenario({ broker: 'kafka', entities: [{ type: 'topic', name: 'orders', partitions: 1 }], messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders' }] });
    kafka.services[0]!.handlers[0]!.code = { source: producer(`  await ctx.publish('OrderPlaced', req.body);`) };
    expect(() => runScenario(kafka, { seed: 1 })).toThrow(/no RabbitMQ exchanges or queues/);
  });
});
