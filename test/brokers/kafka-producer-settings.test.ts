// A service's Kafka producer declared in its handler code (`defineHandler(name, fn, { producer:
// { acks, enableIdempotence } })`, ref §0, §3.3; [K-PCFG]): its records use those configs in
// place of the topic's — acks=all and enable.idempotence=true by default, idempotence silently
// off when acks is not all and it was left unset, a ConfigException when it was set to true.

import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, ValidationError, type FaultSpec } from '../../src/engine/index';
import { ofKind } from './helpers';

const publisher = (options: string) => `import { defineHandler } from 'brokerlab';
export default defineHandler('Publish', async (req, ctx) => { ctx.publish('OrderPlaced', req.body); }${options ? `, ${options}` : ''});`;

function build(options: string, topic: Record<string, unknown> = {}, broker: 'kafka' | 'rabbitmq' = 'kafka') {
  return defineScenario({
    id: 'test', title: 'test', broker,
    entities: broker === 'kafka' ? [{ type: 'topic', name: 'orders', partitions: 1, ...topic } as never] : [{ type: 'queue', name: 'orders' } as never],
    messages: [{ type: 'OrderPlaced', kind: 'event', to: 'orders', keyField: 'orderId' }],
    services: [
      { name: 'Shop', handlers: [{ name: 'Publish', code: { source: publisher(options) } }] },
      { name: 'Shipping', handlers: [{ name: 'Ship', consumes: 'orders', code: { builtin: 'ack' }, options: broker === 'kafka' ? { autoOffsetReset: 'earliest' } : undefined }] },
    ],
    workload: [{ kind: 'burst', service: 'Shop', handler: 'Publish', count: 1, startTick: 10, body: { orderId: 'order-1' } }],
    limits: { ticksMax: 3_600_000 },
  });
}

const cutOff: FaultSpec[] = [{ type: 'producer-cut-off', service: 'Shop', atTick: 0, durationTicks: 40_000 } as FaultSpec];
const writes = (options: string, topic: Record<string, unknown> = {}) => ofKind(runScenario(build(options, topic), { faults: cutOff }).trace, 'message.partitioned').length;

function issues(options: string, broker: 'kafka' | 'rabbitmq' = 'kafka'): string[] {
  try {
    runScenario(build(options, {}, broker));
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => i.message);
    throw error;
  }
  return [];
}

describe('a producer declared in handler code (ref §3.3)', () => {
  it('overrides the topic: acks=1 on the producer turns idempotence silently off, so resends after lost acks are copies', () => {
    expect(writes('')).toBe(1); // the topic's defaults: idempotent
    expect(writes("{ producer: { acks: '1' } }")).toBe(3); // request.timeout.ms 30 000 twice within the 40 s cut
    expect(writes("{ producer: { acks: 'all', enableIdempotence: false } }")).toBe(3);
  });

  it('acks=all leaves idempotence at its default (on), also over a topic configured without it', () => {
    expect(writes("{ producer: { acks: 'all' } }", { enableIdempotence: false })).toBe(1);
    expect(writes('{ producer: {} }', { enableIdempotence: false })).toBe(1);
    expect(writes('', { enableIdempotence: false })).toBe(3);
  });

  it('the acknowledgement says which acks the record was sent with', () => {
    const r = runScenario(build("{ producer: { acks: '1' } }", { replicationFactor: 3 }));
    expect(ofKind(r.trace, 'produce.acknowledged').map((e) => e.data.acks)).toEqual(['1']);
  });

  it('refuses enable.idempotence=true with acks 0 or 1 (ConfigException), unknown configs and non-Kafka scenarios', () => {
    expect(issues("{ producer: { acks: '1', enableIdempotence: true } }").join()).toMatch(/ConfigException: enable.idempotence=true requires acks=all/);
    expect(issues("{ producer: { acks: 1 } }").join()).toMatch(/acks is '0', '1' or 'all'/);
    expect(issues("{ producer: { lingerMs: 5 } }").join()).toMatch(/unknown producer config\(s\) lingerMs/);
    expect(issues("{ producer: { acks: 'all' } }", 'rabbitmq').join()).toMatch(/no Kafka topics/);
  });

  it('is deterministic: the same settings give the same trace hash', () => {
    const a = runScenario(build("{ producer: { acks: '1' } }"), { faults: cutOff });
    const b = runScenario(build("{ producer: { acks: '1' } }"), { faults: cutOff });
    expect(a.hash).toBe(b.hash);
  });
});

describe('a transactional send needs an idempotent producer (ref §3.7, [K-PCFG])', () => {
  const txn = (settings: string) => defineScenario({
    ...build(''),
    services: [
      { name: 'Shop', handlers: [{ name: 'Publish', code: { source: `import { defineHandler } from 'brokerlab';
export default defineHandler('Publish', async (req, ctx) => { await ctx.brokerTransaction(async (tx) => { tx.publish('OrderPlaced', req.body); }); }, ${settings});` } }] },
      { name: 'Shipping', handlers: [{ name: 'Ship', consumes: 'orders', code: { builtin: 'ack' }, options: { autoOffsetReset: 'earliest' } }] },
    ],
  });

  it('refuses acks=1 (ConfigException) and accepts acks=all', () => {
    const refused = runScenario(txn("{ producer: { acks: '1' } }"));
    expect(ofKind(refused.trace, 'message.partitioned')).toHaveLength(0);
    expect(ofKind(refused.trace, 'handler.failed').map((e) => e.text).join()).toMatch(/ConfigException: a transactional producer needs enable.idempotence/);
    expect(ofKind(runScenario(txn("{ producer: { acks: 'all' } }")).trace, 'message.acked')).toHaveLength(1);
  });

  it('two handlers of one service may not declare different producers', () => {
    const s = build("{ producer: { acks: 'all' } }");
    s.services[0]!.handlers.push({ name: 'Other', code: { source: `import { defineHandler } from 'brokerlab';
export default defineHandler('Other', async (req, ctx) => {}, { producer: { acks: '1' } });` } });
    expect(() => runScenario(s)).toThrow(/Shop has one Kafka producer/);
  });
});
