// Explicit settlement from handler code (ctx.complete / abandon / defer / receiveDeferred /
// nack / reject / deadLetter) and Service Bus session state (ctx.session), checked against the
// reference (shared/reference/broker-semantics.md §1.3, §1.6, §2.3, §3.5, §3.8).

import { describe, expect, it } from 'vitest';
import { foldTrace, runScenario, validateScenario } from '../../src/engine/index';
import { ofKind, run, scenario, type Build } from './helpers';

const handler = (body: string) => `import { defineHandler } from 'brokerlab';
export default defineHandler('H', async (msg, ctx) => { ${body} });`;

const sbQueue = (body: string, options: Record<string, unknown> = {}, handlerOptions: Record<string, unknown> = {}): Build => ({
  broker: 'servicebus',
  entities: [{ type: 'queue', name: 'orders', ...options } as never],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId' }],
  consumers: [{ service: 'Billing', handlers: [{ name: 'H', consumes: 'orders', code: { source: handler(body) }, ...handlerOptions } as never] }],
});

const rabbitQueue = (body: string, queueArgs: Record<string, unknown> = {}): Build => ({
  broker: 'rabbitmq',
  entities: [
    { type: 'exchange', name: 'dlx', exchangeType: 'fanout' } as never,
    { type: 'queue', name: 'orders', arguments: { 'x-dead-letter-exchange': 'dlx', ...queueArgs } } as never,
    { type: 'queue', name: 'parked', bindings: [{ exchange: 'dlx' }] } as never,
  ],
  messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders' }],
  consumers: [{ service: 'Billing', handlers: [{ name: 'H', consumes: 'orders', code: { source: handler(body) } } as never] }],
});

const failures = (trace: ReturnType<typeof run>['trace']) => ofKind(trace, 'handler.failed').map((e) => e.data.error);

describe('Service Bus explicit settlement (ref §1.3)', () => {
  it('ctx.complete() completes the message: removed, delivered once', () => {
    const r = run(sbQueue('ctx.complete();'));
    expect(ofKind(r.trace, 'message.delivered')).toHaveLength(1);
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(1);
    expect(failures(r.trace)).toEqual([]);
  });

  it('ctx.abandon() releases the lock: DeliveryCount + 1 and the message comes back at the front, up to MaxDeliveryCount', () => {
    const r = run(sbQueue('if (msg.broker.DeliveryCount < 3) ctx.abandon();'));
    expect(ofKind(r.trace, 'message.delivered').map((e) => e.data.props.DeliveryCount)).toEqual([1, 2, 3]);
    expect(ofKind(r.trace, 'message.abandoned')).toHaveLength(2);
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(1);
  });

  it('with AutoCompleteMessages off, an explicit complete is sent (no lock expiry), and a handler that settles nothing lets the lock run out', () => {
    const explicit = run(sbQueue('ctx.complete();', {}, { options: { autoCompleteMessages: false } }));
    expect(ofKind(explicit.trace, 'message.acked')).toHaveLength(1);
    expect(ofKind(explicit.trace, 'message.lock-expired')).toHaveLength(0);
    const silent = run({ ...sbQueue('if (msg.broker.DeliveryCount === 1) return; ctx.complete();', {}, { options: { autoCompleteMessages: false } }) });
    expect(ofKind(silent.trace, 'message.lock-expired')).toHaveLength(1);
    expect(ofKind(silent.trace, 'message.delivered').map((e) => e.data.props.DeliveryCount)).toEqual([1, 2]);
  });

  it('a settlement reaches the broker at the call (CompleteMessageAsync): a crash after ctx.complete() and before the work loses the message', () => {
    const b = sbQueue("ctx.complete(); await ctx.work(1_000); await ctx.db.put('done', msg.id, true);");
    const r = runScenario(scenario(b), { seed: 1, faults: [{ type: 'crash', service: 'Billing', atTick: 500, restartAfterTicks: 100 }] });
    const acked = ofKind(r.trace, 'message.acked');
    expect(acked).toHaveLength(1);
    expect(acked[0].seq).toBeLessThan(ofKind(r.trace, 'service.crashed')[0].seq);
    expect(ofKind(r.trace, 'message.delivered')).toHaveLength(1);
    expect(r.finalDb.Billing?.done ?? {}).toEqual({});
    // Settled after the work instead: the crash brings the message back and the work is done.
    const after = runScenario(scenario(sbQueue("await ctx.work(1_000); await ctx.db.put('done', msg.id, true); ctx.complete();")), { seed: 1, faults: [{ type: 'crash', service: 'Billing', atTick: 500, restartAfterTicks: 100 }] });
    expect(Object.keys(after.finalDb.Billing!.done!)).toHaveLength(1);
  });

  it('the call slot stays busy until the handler returns, though the message was completed at the call', () => {
    const b = sbQueue('ctx.complete(); await ctx.work(1_000);');
    b.workload = [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 2, body: { orderId: 'o-{n}' } }];
    const r = run(b);
    const delivered = ofKind(r.trace, 'message.delivered');
    expect(delivered).toHaveLength(2);
    expect(delivered[1].tick - delivered[0].tick).toBeGreaterThanOrEqual(1_000);
    expect(ofKind(r.trace, 'message.acked')[0].tick).toBe(delivered[0].tick);
  });

  it('an abandon at the call puts the message back at once, while the handler still runs', () => {
    const r = run(sbQueue('if (msg.broker.DeliveryCount === 1) { ctx.abandon(); await ctx.work(5_000); }'));
    const delivered = ofKind(r.trace, 'message.delivered');
    expect(delivered.map((e) => e.data.props.DeliveryCount)).toEqual([1, 2]);
    expect(ofKind(r.trace, 'message.abandoned')[0].tick).toBe(delivered[0].tick);
  });

  it('settling after the lock expired throws MessageLockLostException in the handler; the message is delivered again', () => {
    const r = run(sbQueue('if (msg.broker.DeliveryCount === 1) await ctx.work(2_000); ctx.complete();', { lockDurationTicks: 1_000 }, { options: { maxAutoLockRenewalDurationTicks: 0 } }));
    expect(failures(r.trace)[0]).toMatch(/ctx\.complete\(\): MessageLockLostException/);
    expect(ofKind(r.trace, 'message.settle-failed')).toHaveLength(1);
    expect(ofKind(r.trace, 'message.delivered').map((e) => e.data.props.DeliveryCount)).toEqual([1, 2]);
    expect(ofKind(r.trace, 'message.abandoned')).toHaveLength(0);
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(1);
  });

  it('with AutoCompleteMessages off, a handler that throws without settling is still abandoned by the processor (no wait for the lock)', () => {
    const r = run(sbQueue("if (msg.broker.DeliveryCount === 1) throw new Error('busy'); ctx.complete();", { lockDurationTicks: 30_000 }, { options: { autoCompleteMessages: false } }));
    expect(ofKind(r.trace, 'message.lock-expired')).toHaveLength(0);
    const delivered = ofKind(r.trace, 'message.delivered');
    expect(delivered.map((e) => e.data.props.DeliveryCount)).toEqual([1, 2]);
    expect(delivered[1].tick - delivered[0].tick).toBeLessThan(1_000);
  });

  it('a handler that settled explicitly and then throws keeps its settlement: no auto-abandon, no redelivery', () => {
    const r = run(sbQueue("ctx.deadLetter('Invalid', 'bad total'); throw new Error('after settling');"));
    expect(ofKind(r.trace, 'message.delivered')).toHaveLength(1);
    expect(ofKind(r.trace, 'message.dead-lettered')[0].data.reason).toBe('Invalid');
    expect(ofKind(r.trace, 'message.abandoned')).toHaveLength(0);
  });

  it('a message is settled once: a second settlement throws in the handler', () => {
    const r = run(sbQueue('ctx.complete(); ctx.abandon();', { maxDeliveryCount: 1 }));
    expect(failures(r.trace)[0]).toMatch(/already settled \(complete\); a message is settled once/);
  });

  it('defer hides the message; receiveDeferred(SequenceNumber) gets it back, locked, with State Deferred', () => {
    // Message 1 is deferred; message 2 fetches it by sequence number and completes both (auto-complete).
    const body = `if (msg.body.n === 1) { ctx.defer(); return; }
      const parked = ctx.receiveDeferred(1);
      ctx.log('got ' + parked.body.n + ' state ' + parked.broker.State + ' count ' + parked.broker.DeliveryCount);`;
    const b = sbQueue(body);
    b.workload = [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 2, body: { orderId: 'o', n: '{n}' } }];
    const r = run(b);
    const deferred = ofKind(r.trace, 'message.deferred');
    expect(deferred).toHaveLength(1);
    expect(deferred[0].data.sequenceNumber).toBe(1);
    expect(ofKind(r.trace, 'handler.logged').map((e) => e.data.text)).toEqual(['got 1 state Deferred count 1']);
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(2);
    const mid = foldTrace(r.trace, undefined, r.trace.indexOf(deferred[0]) + 1);
    expect(mid.entities.orders.deferred).toBe(1);
    const end = foldTrace(r.trace);
    expect(end.entities.orders).toMatchObject({ ready: 0, inFlight: 0, deferred: 0, acked: 2 });
  });

  it('a deferred message is not auto-dead-lettered on expiry and stays deferred when the fetching handler throws', () => {
    const body = `if (msg.body.n === 1) { ctx.defer(); return; }
      ctx.receiveDeferred(1); ctx.complete(); throw new Error('boom');`;
    const b = sbQueue(body, { deadLetteringOnMessageExpiration: true });
    b.workload = [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 2, body: { orderId: 'o', n: '{n}', options: { headers: { TimeToLive: 10 } } } }];
    const r = run(b);
    expect(ofKind(r.trace, 'message.dead-lettered')).toHaveLength(0);
    expect(ofKind(r.trace, 'message.deferred').map((e) => e.data.sequenceNumber)).toEqual([1, 1]);
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(1);
  });

  it('receiveDeferred of an unknown SequenceNumber fails the handler clearly', () => {
    const r = run(sbQueue('ctx.receiveDeferred(42);', { maxDeliveryCount: 1 }));
    expect(failures(r.trace)[0]).toMatch(/no deferred message with SequenceNumber 42 in orders/);
  });

  it('basic.nack is not a Service Bus settlement: a clear handler failure', () => {
    const r = run(sbQueue('ctx.nack({ requeue: false });', { maxDeliveryCount: 1 }));
    expect(failures(r.trace)[0]).toMatch(/ctx\.nack\(\) is not available on servicebus: basic\.nack is RabbitMQ's/);
    expect(ofKind(r.trace, 'message.dead-lettered')[0].data.reason).toBe('MaxDeliveryCountExceeded');
  });
});

describe('Service Bus session state (ref §1.6)', () => {
  it('ctx.session has the SessionId; state set by one message is read by the next and persists until cleared', () => {
    const body = `const before = ctx.session.getState();
      ctx.log(ctx.session.id + ':' + JSON.stringify(before));
      ctx.session.setState({ seen: ((before && before.seen) || 0) + 1 });`;
    const b = sbQueue(body, { requiresSession: true });
    b.workload = [{ kind: 'burst', service: 'Producer', handler: 'Publish', count: 4, body: { orderId: 's-{n%2}' } }];
    const r = run(b);
    const logs = ofKind(r.trace, 'handler.logged').map((e) => e.data.text);
    expect(logs.filter((t) => t.startsWith('s-0'))).toEqual(['s-0:null', 's-0:{"seen":1}']);
    expect(logs.filter((t) => t.startsWith('s-1'))).toEqual(['s-1:null', 's-1:{"seen":1}']);
    const set = ofKind(r.trace, 'session.state-set');
    expect(set).toHaveLength(4);
    expect(set.at(-1)!.data.state).toEqual({ seen: 2 });
  });

  it('state survives the session being released and accepted again later', () => {
    const body = `const s = ctx.session.getState(); ctx.log(JSON.stringify(s)); ctx.session.setState((s || 0) + 1);`;
    const b = sbQueue(body, { requiresSession: true });
    b.workload = [{ kind: 'steady', service: 'Producer', handler: 'Publish', count: 3, intervalTicks: 1_000, body: { orderId: 'same' } }];
    const r = run(b);
    expect(ofKind(r.trace, 'session.released').length).toBeGreaterThanOrEqual(2);
    expect(ofKind(r.trace, 'handler.logged').map((e) => e.data.text)).toEqual(['null', '1', '2']);
  });

  it('ctx.session is undefined on an entity without sessions', () => {
    const r = run(sbQueue("ctx.log(String(ctx.session === undefined));"));
    expect(ofKind(r.trace, 'handler.logged')[0].data.text).toBe('true');
  });
});

describe('RabbitMQ explicit settlement (ref §2.3, §2.5)', () => {
  it('ctx.complete() is basic.ack', () => {
    const r = run(rabbitQueue('ctx.complete();'));
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(1);
  });

  it('ctx.nack() requeues by default: the message comes back with redelivered=true', () => {
    const r = run(rabbitQueue('if (!msg.broker.redelivered) ctx.nack();'));
    expect(ofKind(r.trace, 'message.delivered').map((e) => e.data.props.redelivered)).toEqual([false, true]);
    expect(ofKind(r.trace, 'message.abandoned')[0].text).toMatch(/^basic\.nack\(requeue=true\)/);
  });

  it('ctx.nack({ requeue: false }) and ctx.reject() dead-letter through the DLX with reason rejected', () => {
    for (const call of ['ctx.nack({ requeue: false });', 'ctx.reject();']) {
      const r = run(rabbitQueue(call));
      const abandoned = ofKind(r.trace, 'message.abandoned')[0];
      expect(abandoned.data.requeued).toBe(false);
      expect(abandoned.text).toMatch(call.includes('reject') ? /^basic\.reject\(requeue=false\)/ : /^basic\.nack\(requeue=false\)/);
      const parked = ofKind(r.trace, 'message.delivered').find((e) => e.data.entity === 'parked');
      expect(ofKind(r.trace, 'message.dead-lettered')[0].data.reason).toBe('rejected');
      expect(parked).toBeUndefined(); // nobody reads "parked"; it holds the message
      expect(foldTrace(r.trace).entities.parked.ready).toBe(1);
    }
  });

  it('ctx.reject({ requeue: true }) requeues', () => {
    const r = run(rabbitQueue('if (!msg.broker.redelivered) ctx.reject({ requeue: true });'));
    expect(ofKind(r.trace, 'message.delivered')).toHaveLength(2);
    expect(ofKind(r.trace, 'message.abandoned')[0].text).toMatch(/^basic\.reject\(requeue=true\)/);
  });

  it('abandon and defer are not AMQP settlements: clear handler failures', () => {
    const abandon = run(rabbitQueue('if (!msg.broker.redelivered) ctx.abandon();'));
    expect(failures(abandon.trace)[0]).toMatch(/ctx\.abandon\(\) is not available on rabbitmq: .*ctx\.nack\(\{ requeue: true \}\)/);
    const defer = run(rabbitQueue('if (!msg.broker.redelivered) ctx.defer();'));
    expect(failures(defer.trace)[0]).toMatch(/ctx\.defer\(\) is not available on rabbitmq: RabbitMQ has no deferral/);
  });
});

describe('Kafka has no per-record settlement (ref §3.5, §3.8)', () => {
  it('ctx.complete() fails the handler with an explanation of offsets', () => {
    const b: Build = {
      broker: 'kafka',
      entities: [{ type: 'topic', name: 'orders', partitions: 1 } as never],
      messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId' }],
      consumers: [{ service: 'Billing', handlers: [{ name: 'H', consumes: 'orders', code: { source: handler('if (msg.broker.deliveryAttempt === 1) ctx.complete();') } } as never] }],
    };
    const r = run(b);
    expect(failures(r.trace)[0]).toMatch(/ctx\.complete\(\) is not available on kafka: Kafka has no per-record acknowledgement/);
  });
});

describe('Kafka non-blocking retry topics, Spring @RetryableTopic defaults (ref §0, §3.8)', () => {
  const kafka = (body: string, options: Record<string, unknown>, count = 1): Build => ({
    broker: 'kafka',
    entities: [{ type: 'topic', name: 'orders', partitions: 1 } as never],
    messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId' }],
    consumers: [{ service: 'Billing', handlers: [{ name: 'H', consumes: 'orders', options, code: { source: handler(body) } } as never] }],
    workload: [{ kind: 'burst', service: 'Producer', handler: 'Publish', count, body: { orderId: 'same-key', n: '{n}' } }],
  });

  it('3 attempts with 1000 ms back-off: main topic, orders-retry twice, then orders-dlt; the partition is not blocked', () => {
    const r = run(kafka("if (msg.body.n === 1) throw new Error('bad record');", { retryTopic: true, commit: 'after-processing' }, 2));
    const delivered = ofKind(r.trace, 'message.delivered').map((e) => [e.data.entity, e.tick, e.data.props.deliveryAttempt, e.messageId]);
    const first = delivered.filter((d) => d[3] === delivered[0][3]);
    expect(first.map((d) => [d[0], d[2]])).toEqual([['orders/Billing', 1], ['orders-retry/Billing', 2], ['orders-retry/Billing', 3]]);
    // Each retry waits for its back-off (retry_topic-backoff-timestamp).
    expect((first[1][1] as number) - (first[0][1] as number)).toBeGreaterThanOrEqual(1_000);
    expect((first[2][1] as number) - (first[1][1] as number)).toBeGreaterThanOrEqual(1_000);
    // Non-blocking: the second record of the same key is processed before the first one's retries (order per key is lost).
    const second = delivered.find((d) => d[3] !== delivered[0][3])!;
    expect(second[1]).toBeLessThan(first[1][1] as number);
    expect(ofKind(r.trace, 'message.forwarded').map((e) => [e.data.to, e.data.attempt])).toEqual([['orders-retry', 2], ['orders-retry', 3]]);
    const dl = ofKind(r.trace, 'message.dead-lettered');
    expect(dl.map((e) => [e.data.dlq, e.data.reason])).toEqual([['orders-dlt', 'retries exhausted']]);
    const end = foldTrace(r.trace);
    expect(end.kafka!.topics['orders-dlt'].logEnd).toEqual([1]);
    expect(end.kafka!.groups['orders/Billing'].totalLag).toBe(0);
    expect(end.entities['orders/Billing']).toMatchObject({ ready: 0, inFlight: 0 });
  });

  it('attempts and backoffMs are options; ctx.deadLetter goes straight to the -dlt topic', () => {
    const r = run(kafka("throw new Error('x');", { retryTopic: { attempts: 2, backoffMs: 5_000 } }));
    expect(ofKind(r.trace, 'message.delivered').map((e) => e.tick - ofKind(r.trace, 'message.delivered')[0].tick)).toEqual([0, 5_000]);
    const direct = run(kafka("ctx.deadLetter('Invalid', 'no items');", { retryTopic: true }));
    expect(ofKind(direct.trace, 'message.forwarded')).toHaveLength(0);
    expect(ofKind(direct.trace, 'message.dead-lettered')[0].data).toMatchObject({ dlq: 'orders-dlt', reason: 'Invalid' });
  });

  it('the retry and dead-letter topics are readable entities, and a bad retryTopic option is a validation issue', () => {
    const b = kafka("throw new Error('x');", { retryTopic: true });
    b.consumers!.push({ service: 'Ops', handlers: [{ name: 'Dlt', consumes: 'orders-dlt', code: { builtin: 'ack' } } as never] });
    const r = run(b);
    const parked = ofKind(r.trace, 'message.delivered').find((e) => e.data.entity === 'orders-dlt/Ops')!;
    expect(parked).toBeDefined();
    const bad = validateScenario(scenario(kafka('', { retryTopic: { attempts: 1 } })));
    expect(bad.map((i) => i.path).join()).toMatch(/retryTopic\.attempts/);
  });
});
