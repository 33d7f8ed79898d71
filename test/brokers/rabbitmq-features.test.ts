// RabbitMQ features of the second fidelity pass. Sources: RabbitMQ docs "Dead Letter Exchanges"
// (the DLX "does not have to be declared when the queue is declared but it should exist by the
// time messages need to be dead-lettered. If it is missing then, the messages are silently
// dropped"), "Consumers" § Delivery Acknowledgement Timeout (consumer_timeout 30 min, channel
// closed with PRECONDITION_FAILED, its deliveries requeued, checked at one-minute intervals,
// x-consumer-timeout per queue), "Classic Queues Support Priorities" (x-max-priority, a message
// without priority counts as 0, above the maximum counts as the maximum) and "Quorum Queues"
// § Priorities (4.0: normal 0–4 and high 5+, served 2:1). Reference §2.3, §2.5.

import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/engine/index';
import { ofKind, run, scenario, type Build } from './helpers';

describe('a dead-letter exchange that does not exist (ref §2.5)', () => {
  const b: Build = {
    broker: 'rabbitmq',
    entities: [{ type: 'queue', name: 'work', arguments: { 'x-dead-letter-exchange': 'no-such-dlx' } }],
    messages: [{ type: 'Msg', kind: 'command', to: 'work' }],
    consumers: [{ service: 'C', handlers: [{ name: 'H', consumes: 'work', code: { source: `import { defineHandler } from 'brokerlab';
export default defineHandler('H', async (msg, ctx) => { ctx.reject(); });` } }] }],
  };

  it('is accepted (no validation issue) with a warning at start, and dead-lettered messages vanish', () => {
    expect(validateScenario(scenario(b))).toEqual([]);
    const r = run(b);
    const warned = ofKind(r.trace, 'broker.warned');
    expect(warned).toHaveLength(1);
    expect(warned[0].tick).toBe(0);
    expect(warned[0].text).toContain('"no-such-dlx", which does not exist: RabbitMQ accepts this');
    const dropped = ofKind(r.trace, 'message.dropped');
    expect(dropped.map((e) => e.data.reason)).toEqual(['rejected']);
    expect(dropped[0].text).toContain('dead-letter exchange no-such-dlx does not exist, so RabbitMQ drops it silently');
    expect(ofKind(r.trace, 'message.enqueued')).toHaveLength(1);
  });
});

describe('consumer_timeout (ref §2.3)', () => {
  const slowOnce = (ms: number) => `import { defineHandler } from 'brokerlab';
export default defineHandler('H', async (msg, ctx) => { if (!msg.broker.redelivered) await ctx.work(${ms}); });`;
  const build = (args: Record<string, unknown>, ms: number): Build => ({
    broker: 'rabbitmq',
    entities: [{ type: 'queue', name: 'q', arguments: args as never }],
    messages: [{ type: 'Msg', kind: 'command', to: 'q' }],
    consumers: [{ service: 'C', handlers: [{ name: 'H', consumes: 'q', code: { source: slowOnce(ms) } }] }],
  });

  it('x-consumer-timeout: the channel is closed at the next one-minute check, the delivery requeued, the late ack refused', () => {
    const r = run(build({ 'x-consumer-timeout': 60_000 }, 200_000));
    const closed = ofKind(r.trace, 'channel.closed');
    expect(closed.map((e) => [e.tick, e.data.reason, e.data.unacked])).toEqual([[120_000, 'PRECONDITION_FAILED', 1]]);
    const failed = ofKind(r.trace, 'message.settle-failed');
    expect(failed.map((e) => [e.tick, e.data.reason])).toEqual([[200_000, 'unknown delivery tag']]);
    expect(ofKind(r.trace, 'message.delivered').map((e) => e.data.props.redelivered)).toEqual([false, true]);
    expect(ofKind(r.trace, 'message.acked').map((e) => e.tick)).toEqual([200_000]);
  });

  it('the default consumer_timeout is 30 minutes: 29 minutes pass, 31 do not', () => {
    expect(ofKind(run(build({}, 29 * 60_000)).trace, 'channel.closed')).toHaveLength(0);
    const closed = ofKind(run(build({}, 31 * 60_000)).trace, 'channel.closed');
    expect(closed.map((e) => e.tick)).toEqual([31 * 60_000]);
    expect(closed[0].text).toContain('consumer_timeout 1800000 ms');
  });
});

describe('priorities', () => {
  const producer = (priorities: (number | null)[]) => `import { defineHandler } from 'brokerlab';
export default defineHandler('Publish', async (req, ctx) => {
  ${priorities.map((p, i) => `ctx.send('Msg', { n: ${i + 1} }${p === null ? '' : `, { headers: { priority: ${p} } }`});`).join('\n  ')}
});`;
  const order = (args: Record<string, unknown>, priorities: (number | null)[]) => {
    const s = scenario({
      broker: 'rabbitmq',
      entities: [{ type: 'queue', name: 'q', arguments: args as never }],
      messages: [{ type: 'Msg', kind: 'command', to: 'q' }],
      consumers: [{ service: 'C', handlers: [{ name: 'H', consumes: 'q', options: { prefetch: 1 }, code: { source: `import { defineHandler } from 'brokerlab';
export default defineHandler('H', async (msg, ctx) => { await ctx.work(10); });` } }] }],
    });
    s.services[0].handlers[0].code = { source: producer(priorities) };
    const r = runScenarioOf(s);
    const d = ofKind(r.trace, 'message.delivered');
    return { ns: d.map((e) => (r.trace.find((p) => p.kind === 'message.published' && p.messageId === e.messageId)!.data as unknown as { body: { n: number } }).body.n), props: d.map((e) => e.data.props.priority) };
  };

  it('classic x-max-priority: the highest waiting priority goes first, FIFO within one; none counts as 0, above the max as the max', () => {
    const { ns, props } = order({ 'x-max-priority': 5 }, [1, null, 5, 3, 9]);
    // All five wait in the queue when the pump runs (one handler published them): n3 and n5 (9 → 5) first, in order.
    expect(ns).toEqual([3, 5, 4, 1, 2]);
    expect(props).toEqual([5, 5, 3, 1, undefined]);
  });

  it('without x-max-priority a classic queue ignores priority (FIFO)', () => {
    expect(order({}, [1, null, 5, 3, 9]).ns).toEqual([1, 2, 3, 4, 5]);
  });

  it('quorum queues (4.0): normal (0–4) and high (5+) served 2:1, an older normal message going first on its turn', () => {
    // High 4, 5; then normal's turn: n1 is older than the high head n6, so n1; then n6, n2, n3.
    expect(order({ 'x-queue-type': 'quorum' }, [0, 0, 0, 7, 5, 9]).ns).toEqual([4, 5, 1, 6, 2, 3]);
  });

  it('x-max-priority on a quorum queue is a validation issue', () => {
    const s = scenario({ broker: 'rabbitmq', entities: [{ type: 'queue', name: 'q', arguments: { 'x-queue-type': 'quorum', 'x-max-priority': 5 } }], messages: [{ type: 'Msg', kind: 'command', to: 'q' }] });
    expect(validateScenario(s).map((i) => i.path)).toContain('entities[0].arguments.x-max-priority');
  });
});

import { runScenario } from '../../src/engine/index';
function runScenarioOf(s: ReturnType<typeof scenario>) {
  return runScenario(s, { seed: 1 });
}
