// RabbitMQ model behaviour, one test per documented rule (reference: shared/reference/broker-semantics.md §2).

import { describe, expect, it } from 'vitest';
import { topicMatches, validateScenario } from '../../src/engine/index';
import { headersMatch } from '../../src/engine/brokers/rabbitmq/topic-match';
import { ofKind, run, scenario, sim, throwing, working, type Build } from './helpers';

const ack = { builtin: 'ack' };
const rk = (key: string) => ({ type: 'Msg', kind: 'event' as const, to: 'x', routingKey: key });

describe('exchanges and bindings (ref §2.1)', () => {
  it('topic: * matches one word, # zero or more', () => {
    expect(topicMatches('regions.na.cities.*', 'regions.na.cities.toronto')).toBe(true);
    expect(topicMatches('regions.na.cities.*', 'regions.na.cities')).toBe(false);
    expect(topicMatches('*.orange.*', 'quick.orange.rabbit')).toBe(true);
    expect(topicMatches('lazy.#', 'lazy')).toBe(true);
    expect(topicMatches('lazy.#', 'lazy.pink.rabbit')).toBe(true);
    expect(topicMatches('#', 'anything.at.all')).toBe(true);
    expect(topicMatches('a.b', 'a.b')).toBe(true);
    expect(topicMatches('a.b', 'a.c')).toBe(false);
    expect(topicMatches('#.rabbit', 'quick.orange.rabbit')).toBe(true);
  });

  it('headers: x-match all needs every pair, any one of them', () => {
    expect(headersMatch({ 'x-match': 'all', format: 'pdf', type: 'report' }, { format: 'pdf', type: 'report' })).toBe(true);
    expect(headersMatch({ 'x-match': 'all', format: 'pdf', type: 'report' }, { format: 'pdf' })).toBe(false);
    expect(headersMatch({ 'x-match': 'any', format: 'pdf', type: 'report' }, { format: 'pdf' })).toBe(true);
  });

  const routing: Build = {
    broker: 'rabbitmq',
    entities: [
      { type: 'exchange', name: 'x', exchangeType: 'topic' },
      { type: 'queue', name: 'q1', bindings: [{ exchange: 'x', key: '*.orange.*' }] },
      { type: 'queue', name: 'q2', bindings: [{ exchange: 'x', key: '*.*.rabbit' }, { exchange: 'x', key: 'lazy.#' }] },
    ],
    messages: [rk('quick.orange.rabbit')],
    workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, body: {} }],
  };

  it('a topic exchange copies to every matching queue, one copy per queue however many bindings match', () => {
    const r = run({ ...routing, messages: [rk('lazy.orange.rabbit')] });
    const enq = ofKind(r.trace, 'message.enqueued');
    expect(enq.map((e) => e.data.entity).sort()).toEqual(['q1', 'q2']);
    expect(ofKind(r.trace, 'message.routed')[0].text).toContain('one copy however many bindings match');
  });

  it('the default exchange routes by queue name; direct needs an exact key; fanout ignores the key', () => {
    const b: Build = {
      broker: 'rabbitmq',
      entities: [
        { type: 'exchange', name: 'd', exchangeType: 'direct' },
        { type: 'exchange', name: 'f', exchangeType: 'fanout' },
        { type: 'queue', name: 'q', bindings: [{ exchange: 'd', key: 'black' }, { exchange: 'f' }] },
      ],
      messages: [
        { type: 'ToQueue', kind: 'command', to: 'q' },
        { type: 'Black', kind: 'event', to: 'd', routingKey: 'black' },
        { type: 'Green', kind: 'event', to: 'd', routingKey: 'green' },
        { type: 'Any', kind: 'event', to: 'f', routingKey: 'whatever' },
      ],
    };
    const s = scenario(b);
    s.services[0].handlers[0].code = { source: `import { defineHandler } from 'brokerlab';
export default defineHandler('Publish', async (req, ctx) => { ctx.send('ToQueue', {}); ctx.publish('Black', {}); ctx.publish('Green', {}); ctx.publish('Any', {}); });` };
    const r = sim({ ...b });
    void r;
    const { runScenario } = require_();
    const res = runScenario(s);
    expect(ofKind(res.trace, 'message.enqueued')).toHaveLength(3);
    const unroutable = ofKind(res.trace, 'message.unroutable');
    expect(unroutable).toHaveLength(1);
    expect(unroutable[0].text).toMatch(/no binding matches routing key "green".*mandatory=false: silently dropped/);
  });

  it('mandatory=true returns unroutable messages to the publisher (ref §2.8)', () => {
    const r = run({ ...routing, messages: [{ ...rk('nobody.listens'), headers: { mandatory: true } }] });
    expect(ofKind(r.trace, 'message.unroutable')[0].text).toContain('basic.return');
  });

  it('an alternate exchange receives what the exchange could not route', () => {
    const r = run({
      broker: 'rabbitmq',
      entities: [
        { type: 'exchange', name: 'ae', exchangeType: 'fanout' },
        { type: 'exchange', name: 'x', exchangeType: 'direct', alternateExchange: 'ae' },
        { type: 'queue', name: 'unrouted', bindings: [{ exchange: 'ae' }] },
      ],
      messages: [rk('nope')],
    });
    expect(ofKind(r.trace, 'message.enqueued')[0].data.entity).toBe('unrouted');
  });
});

describe('acknowledgements and redelivery (ref §2.3)', () => {
  const once = `import { defineHandler } from 'brokerlab';
export default defineHandler('Once', async (msg, ctx) => { if (!msg.broker.redelivered) throw new Error('first time fails'); });`;

  it('a message requeued by nack comes back with redelivered=true', () => {
    const r = run({
      broker: 'rabbitmq', entities: [{ type: 'queue', name: 'q' }], messages: [{ type: 'Msg', kind: 'command', to: 'q' }],
      consumers: [{ service: 'C', handlers: [{ name: 'Once', consumes: 'q', code: { source: once } }] }],
    });
    const d = ofKind(r.trace, 'message.delivered');
    expect(d.map((e) => e.data.props.redelivered)).toEqual([false, true]);
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(1);
  });

  it('nack without requeue on a queue without DLX discards the message', () => {
    const r = run({
      broker: 'rabbitmq', entities: [{ type: 'queue', name: 'q' }], messages: [{ type: 'Msg', kind: 'command', to: 'q' }],
      consumers: [{ service: 'C', handlers: [{ name: 'Fail', consumes: 'q', code: { source: throwing }, options: { requeueOnFailure: false } }] }],
    });
    expect(ofKind(r.trace, 'message.dropped')[0].text).toMatch(/no x-dead-letter-exchange/);
  });

  it('unacked messages are requeued when the channel closes and redelivered with redelivered=true', () => {
    const b: Build = {
      broker: 'rabbitmq', entities: [{ type: 'queue', name: 'q' }], messages: [{ type: 'Msg', kind: 'command', to: 'q' }],
      consumers: [
        { service: 'A', handlers: [{ name: 'Work', consumes: 'q', code: { source: working(1_000) } }] },
      ],
    };
    const s = sim(b);
    s.runUntil(100);
    const a = s.world.services.get('A')!;
    s.lifecycle.crash(a, 'test', 500);
    s.runToEnd();
    const d = ofKind(s.trace, 'message.delivered');
    expect(d.map((e) => e.data.props.redelivered)).toEqual([false, true]);
  });
});

describe('prefetch and competing consumers (ref §2.4, §2.9)', () => {
  it('consumers take turns; one at its prefetch limit is skipped, and the trace says so', () => {
    const r = run({
      broker: 'rabbitmq', entities: [{ type: 'queue', name: 'q' }], messages: [{ type: 'Msg', kind: 'command', to: 'q' }],
      consumers: [
        { service: 'A', handlers: [{ name: 'Work', consumes: 'q', code: { source: working(1_000) }, options: { prefetch: 1 } }] },
        { service: 'B', handlers: [{ name: 'Work', consumes: 'q', code: { source: working(10) }, options: { prefetch: 1 } }] },
      ],
      workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 4, body: { n: '{n}' } }],
    });
    const d = ofKind(r.trace, 'message.delivered');
    expect(d.slice(0, 2).map((e) => e.data.consumer)).toEqual(['A', 'B']);
    expect(d.some((e) => e.text?.includes('not delivered to A: prefetch 1 reached'))).toBe(true);
    expect(d.filter((e) => e.data.consumer === 'B').length).toBeGreaterThan(2);
  });

  it('single active consumer: one consumer gets everything, the next takes over when it dies', () => {
    const b: Build = {
      broker: 'rabbitmq', entities: [{ type: 'queue', name: 'q', arguments: { 'x-single-active-consumer': true } }], messages: [{ type: 'Msg', kind: 'command', to: 'q' }],
      consumers: [
        { service: 'A', handlers: [{ name: 'H', consumes: 'q', code: ack }] },
        { service: 'B', handlers: [{ name: 'H', consumes: 'q', code: ack }] },
      ],
      workload: [{ kind: 'steady', service: 'Producer', handler: 'Publish', count: 4, intervalTicks: 100, body: { n: '{n}' } }],
    };
    const s = sim(b);
    s.runUntil(150);
    s.lifecycle.crash(s.world.services.get('A')!, 'test', null);
    s.runToEnd();
    const d = ofKind(s.trace, 'message.delivered').map((e) => e.data.consumer);
    expect(d).toEqual(['A', 'A', 'B', 'B']);
    expect(ofKind(s.trace, 'consumer.activated').map((e) => e.data.consumer)).toEqual(['A', 'B']);
  });
});

describe('dead-letter exchanges and the quorum delivery limit (ref §2.5, §2.6)', () => {
  const dlxBuild = (queueArgs: Record<string, unknown>, options: Record<string, unknown> = {}): Build => ({
    broker: 'rabbitmq',
    entities: [
      { type: 'exchange', name: 'dlx', exchangeType: 'fanout' },
      { type: 'queue', name: 'work', arguments: { 'x-dead-letter-exchange': 'dlx', ...queueArgs } as never },
      { type: 'queue', name: 'dead', bindings: [{ exchange: 'dlx' }] },
    ],
    messages: [{ type: 'Msg', kind: 'command', to: 'work' }],
    consumers: [{ service: 'C', handlers: [{ name: 'Fail', consumes: 'work', code: { source: throwing }, options: options as never }] }],
  });

  it('nack(requeue=false) dead-letters with reason rejected and an x-death entry', () => {
    const r = run(dlxBuild({}, { requeueOnFailure: false }));
    const dl = ofKind(r.trace, 'message.dead-lettered')[0];
    expect(dl.data.reason).toBe('rejected');
    const arrived = ofKind(r.trace, 'message.enqueued').find((e) => e.data.entity === 'dead')!;
    expect(arrived.data.props['x-death']).toEqual([{ queue: 'work', reason: 'rejected', count: 1, exchange: '', 'routing-keys': ['work'], time: 0 }]);
  });

  it('quorum queues dead-letter a message returned more than delivery-limit 20 times, counting x-delivery-count', () => {
    const r = run(dlxBuild({ 'x-queue-type': 'quorum' }));
    const d = ofKind(r.trace, 'message.delivered').filter((e) => e.data.entity === 'work');
    expect(d).toHaveLength(21);
    expect(d[0].data.props['x-delivery-count']).toBeUndefined();
    expect(d[20].data.props['x-delivery-count']).toBe(20);
    const dl = ofKind(r.trace, 'message.dead-lettered')[0];
    expect(dl.data.reason).toBe('delivery_limit');
    expect(dl.text).toContain('returned 21 times > delivery-limit 20');
  });

  it('classic queues have no delivery limit (the requeue loop goes on)', () => {
    const slowFail = `import { defineHandler } from 'brokerlab';
export default defineHandler('Fail', async (msg, ctx) => { await ctx.work(1); throw new Error('always fails'); });`;
    const b = dlxBuild({});
    b.consumers![0].handlers[0].code = { source: slowFail };
    const r = run({ ...b, ticksMax: 100 });
    expect(ofKind(r.trace, 'message.dead-lettered')).toHaveLength(0);
    expect(r.endReason).not.toBe('quiescent');
  });
});

describe('TTL and length limits (ref §2.7)', () => {
  it('per-message TTL expires only at the head: a short TTL waits behind a long one', () => {
    const r = run({
      broker: 'rabbitmq',
      entities: [{ type: 'queue', name: 'q' }],
      messages: [{ type: 'Msg', kind: 'command', to: 'q' }],
      workload: [
        { kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, body: { options: { headers: { expiration: '10000' } } } },
        { kind: 'burst', service: 'Producer', handler: 'Publish', count: 1, startTick: 1, body: { options: { headers: { expiration: '1000' } } } },
      ],
    });
    const expired = ofKind(r.trace, 'message.expired');
    expect(expired.map((e) => e.tick)).toEqual([10_000, 10_000]);
  });

  it('x-message-ttl dead-letters expired messages with reason expired', () => {
    const r = run({
      broker: 'rabbitmq',
      entities: [
        { type: 'exchange', name: 'dlx', exchangeType: 'fanout' },
        { type: 'queue', name: 'wait', arguments: { 'x-message-ttl': 5000, 'x-dead-letter-exchange': 'dlx' } },
        { type: 'queue', name: 'retry', bindings: [{ exchange: 'dlx' }] },
      ],
      messages: [{ type: 'Msg', kind: 'command', to: 'wait' }],
      consumers: [{ service: 'C', handlers: [{ name: 'H', consumes: 'retry', code: ack }] }],
    });
    const dl = ofKind(r.trace, 'message.dead-lettered')[0];
    expect(dl.tick).toBe(5000);
    expect(dl.data.reason).toBe('expired');
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(1);
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });

  it('x-max-length with drop-head drops (or dead-letters) the oldest with reason maxlen; reject-publish refuses the new one', () => {
    const base = (overflow: string): Build => ({
      broker: 'rabbitmq',
      entities: [{ type: 'queue', name: 'q', arguments: { 'x-max-length': 2, 'x-overflow': overflow } }],
      messages: [{ type: 'Msg', kind: 'command', to: 'q' }],
      workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 3, body: { n: '{n}' } }],
    });
    const head = run(base('drop-head'));
    const dropped = ofKind(head.trace, 'message.dropped')[0];
    expect(dropped.data.reason).toBe('maxlen');
    expect(dropped.messageId).toBe(ofKind(head.trace, 'message.enqueued')[0].messageId);
    const reject = run(base('reject-publish'));
    expect(ofKind(reject.trace, 'message.dropped')[0].messageId).toBe(ofKind(reject.trace, 'message.published')[2].messageId);
  });
});

describe('bad configuration', () => {
  it('a binding to a missing exchange and a negative TTL are validation issues; a DLX that does not exist is not (RabbitMQ accepts it)', () => {
    const s = scenario({
      broker: 'rabbitmq',
      entities: [
        { type: 'queue', name: 'q', arguments: { 'x-message-ttl': -1, 'x-dead-letter-exchange': 'nope' }, bindings: [{ exchange: 'missing', key: 'k' }] },
      ],
      messages: [{ type: 'Msg', kind: 'command', to: 'q' }],
    });
    const paths = validateScenario(s).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['entities[0].bindings[0].exchange', 'entities[0].arguments.x-message-ttl']));
    expect(paths).not.toContain('entities[0].arguments.x-dead-letter-exchange');
  });
});

function require_() {
  return { runScenario: (s: ReturnType<typeof scenario>) => run0(s) };
}
import { runScenario as run0 } from '../../src/engine/index';
