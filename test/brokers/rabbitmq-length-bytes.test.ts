// x-max-length-bytes on classic and quorum queues (RabbitMQ docs "Queue Length Limit"): the limit
// counts the body bytes of ready messages; drop-head drops the oldest until the new message fits,
// reject-publish refuses the one that would go over, and returned messages can push a drop-head
// queue over its limit, which is trimmed again.

import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/engine/index';
import { ofKind, run, scenario, type Build } from './helpers';

// `{"pad":"xxxx…"}` — 10 bytes of JSON around the padding.
const PAD_BYTES = 90;
const BODY_BYTES = PAD_BYTES + 10;

function limited(args: Record<string, unknown>, count = 4, consumers: Build['consumers'] = undefined): Build {
  return {
    broker: 'rabbitmq',
    entities: [{ type: 'queue', name: 'q', arguments: args as Record<string, never> }],
    messages: [{ type: 'Msg', kind: 'command', to: 'q' }],
    workload: [{ kind: 'burst', publish: 'Msg', count, body: { pad: 'x'.repeat(PAD_BYTES) } }],
    consumers,
  };
}

describe('x-max-length-bytes', () => {
  it('drop-head keeps the newest messages that fit in the byte limit and dead-letters the oldest with reason maxlen', () => {
    const r = run(limited({ 'x-max-length-bytes': 2 * BODY_BYTES + 50 }));
    const enqueued = ofKind(r.trace, 'message.enqueued').map((e) => e.messageId);
    const dropped = ofKind(r.trace, 'message.dropped');
    expect(enqueued).toHaveLength(4);
    expect(dropped.map((e) => e.messageId)).toEqual(enqueued.slice(0, 2));
    for (const d of dropped) {
      expect(d.data.reason).toBe('maxlen');
      expect(d.text).toContain(`x-max-length-bytes ${2 * BODY_BYTES + 50} (${2 * BODY_BYTES} ready + ${BODY_BYTES} bytes)`);
    }
  });

  it('reject-publish refuses each message that would take the ready bytes over the limit', () => {
    const r = run(limited({ 'x-max-length-bytes': 2 * BODY_BYTES + 50, 'x-overflow': 'reject-publish' }));
    const published = ofKind(r.trace, 'message.published').map((e) => e.messageId);
    const dropped = ofKind(r.trace, 'message.dropped');
    expect(dropped.map((e) => e.messageId)).toEqual(published.slice(2));
    expect(String(dropped[0].data.reason)).toContain('x-max-length-bytes');
    expect(ofKind(r.trace, 'message.enqueued')).toHaveLength(2);
  });

  it('counts UTF-8 bytes, not characters: a body exactly at the limit fits, one byte over does not', () => {
    const body = { s: 'éé' }; // {"s":"éé"} is 10 characters and 12 bytes
    const build = (limit: number): Build => ({ ...limited({ 'x-max-length-bytes': limit, 'x-overflow': 'reject-publish' }, 1), workload: [{ kind: 'burst', publish: 'Msg', count: 1, body }] });
    expect(ofKind(run(build(12)).trace, 'message.enqueued')).toHaveLength(1);
    expect(ofKind(run(build(11)).trace, 'message.dropped')).toHaveLength(1);
  });

  it('drop-head drops a body larger than the whole limit as soon as it arrives', () => {
    const r = run(limited({ 'x-max-length-bytes': BODY_BYTES - 1 }, 1));
    const dropped = ofKind(r.trace, 'message.dropped');
    expect(dropped).toHaveLength(1);
    expect(dropped[0].text).toContain('drops it, the only message');
    expect(ofKind(r.trace, 'message.delivered')).toHaveLength(0);
  });

  it('whichever limit is reached first applies: x-max-length 3 with room for 10 bodies keeps 3', () => {
    const r = run(limited({ 'x-max-length': 3, 'x-max-length-bytes': 10 * BODY_BYTES }, 5));
    const dropped = ofKind(r.trace, 'message.dropped');
    expect(dropped).toHaveLength(2);
    expect(dropped[0].text).toContain('x-max-length 3 reached');
  });

  it('unacked deliveries do not count: a consumer holding messages leaves the limit to what is ready', () => {
    const slow = `import { defineHandler } from 'brokerlab';
export default defineHandler('Slow', async (msg, ctx) => { await ctx.work(1000); });`;
    const r = run(limited({ 'x-max-length-bytes': BODY_BYTES }, 4, [{ service: 'Worker', handlers: [{ name: 'Slow', consumes: 'q', code: { source: slow }, options: { prefetch: 2 } }] }]));
    // Four arrive together: the consumer holds two unacked, which do not count; one more fits
    // ready (exactly the limit) and the fourth pushes it out.
    const dropped = ofKind(r.trace, 'message.dropped');
    expect(dropped).toHaveLength(1);
    expect(dropped[0].text).toContain(`x-max-length-bytes ${BODY_BYTES} (${BODY_BYTES} ready + ${BODY_BYTES} bytes)`);
    expect(ofKind(r.trace, 'message.acked')).toHaveLength(3);
  });

  it('is valid on classic and quorum queues and refused as negative; x-max-age stays streams-only', () => {
    const issues = (args: Record<string, unknown>) => validateScenario(scenario(limited(args))).map((i) => `${i.path}: ${i.message}`);
    expect(issues({ 'x-max-length-bytes': 1024 })).toEqual([]);
    expect(issues({ 'x-queue-type': 'quorum', 'x-max-length-bytes': 1024 })).toEqual([]);
    expect(issues({ 'x-max-length-bytes': -1 }).join()).toContain('arguments.x-max-length-bytes');
    expect(issues({ 'x-max-age': '1h' }).join()).toContain('streams only');
  });
});

describe('returned messages and drop-head', () => {
  it('a nacked message that comes back to a full drop-head queue is trimmed away again (maxlen)', () => {
    const failing = `import { defineHandler } from 'brokerlab';
export default defineHandler('Fail', async (msg, ctx) => { await ctx.work(500); throw new Error('cannot process'); });`;
    const b: Build = {
      ...limited({ 'x-max-length': 2 }, 1, [{ service: 'Worker', handlers: [{ name: 'Fail', consumes: 'q', code: { source: failing }, options: { prefetch: 1 } }] }]),
      workload: [
        { kind: 'burst', publish: 'Msg', count: 1, body: { n: 'first' } },
        { kind: 'burst', publish: 'Msg', count: 2, startTick: 100, body: { n: 'later' } },
      ],
      ticksMax: 3000,
    };
    const r = run(b);
    const first = ofKind(r.trace, 'message.published')[0].messageId;
    const trimmed = ofKind(r.trace, 'message.dropped').find((e) => e.messageId === first);
    expect(trimmed?.data.reason).toBe('maxlen');
    expect(trimmed?.text).toContain('once returned messages were back');
    expect(trimmed!.tick).toBeGreaterThanOrEqual(500);
  });
});
