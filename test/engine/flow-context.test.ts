// Continuing a stored flow: PublishOptions.correlationId / .traceparent let work picked up later
// (a batch job publishing for rows that earlier requests stored) publish under the flow's own
// correlation id and W3C trace, instead of the batch's. Bad values are clear handler failures.
import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, type TraceEvent } from '../../src/engine/index';

function scenario(batchPublish: string) {
  return defineScenario({
    id: 'test-flow-context',
    title: 'flow context',
    broker: 'generic',
    entities: [{ type: 'queue', name: 'shipping' }],
    messages: [{ type: 'ShipOrder', kind: 'command', to: 'shipping', keyField: 'orderId' }],
    services: [
      {
        name: 'Orders',
        handlers: [
          {
            name: 'Accept',
            code: {
              source: `export default async (msg, ctx) => {
                ctx.db.put('pending', msg.body.orderId, { orderId: msg.body.orderId, correlationId: msg.correlationId, traceparent: msg.traceparent });
              };`,
            },
          },
          {
            name: 'Batch',
            code: {
              source: `export default async (msg, ctx) => {
                for (const key of ctx.db.keys('pending')) {
                  const row = ctx.db.get('pending', key);
                  ${batchPublish}
                }
              };`,
            },
          },
        ],
      },
      { name: 'Shipping', handlers: [{ name: 'Ship', consumes: 'shipping', code: { source: `export default async (msg, ctx) => { ctx.log(msg.correlationId + ' ' + msg.traceparent); };` } }] },
    ],
    workload: [
      { kind: 'steady', service: 'Orders', handler: 'Accept', count: 2, intervalTicks: 10, body: { orderId: 'order-{n}' } },
      { kind: 'steady', service: 'Orders', handler: 'Batch', count: 1, startTick: 100, body: {} },
    ],
  });
}

const published = (trace: readonly TraceEvent[]) => trace.filter((e) => e.kind === 'message.published');
const requests = (trace: readonly TraceEvent[]) => trace.filter((e) => e.kind === 'request.received');
const traceIdOf = (tp: string) => tp.split('-')[1];

describe('publishing under a stored flow context', () => {
  it('by default a batch publishes under its own correlation id and trace', () => {
    const r = runScenario(scenario(`ctx.send('ShipOrder', { orderId: row.orderId });`));
    const [accept1, , batch] = requests(r.trace);
    const ships = published(r.trace);
    expect(ships).toHaveLength(2);
    for (const s of ships) {
      expect(s.correlationId).toBe(batch!.correlationId);
      expect(s.causationId).toBe(batch!.messageId);
    }
    expect(ships[0]!.correlationId).not.toBe(accept1!.correlationId);
  });

  it('options.correlationId and options.traceparent continue the stored flow; causation stays the batch', () => {
    const r = runScenario(scenario(`ctx.send('ShipOrder', { orderId: row.orderId }, { correlationId: row.correlationId, traceparent: row.traceparent });`));
    const [accept1, accept2, batch] = requests(r.trace);
    const ships = published(r.trace);
    expect(ships.map((s) => s.correlationId)).toEqual([accept1!.correlationId, accept2!.correlationId]);
    for (const s of ships) expect(s.causationId).toBe(batch!.messageId);
    // The header the consumer sees carries the stored trace id with a fresh span id.
    const logs = r.trace.filter((e) => e.kind === 'handler.logged').map((e) => (e.data as { text: string }).text);
    const stored = r.finalDb.Orders!.pending!;
    for (const [i, line] of logs.entries()) {
      const [corr, tp] = line.split(' ');
      const row = stored[`order-${i + 1}`] as { correlationId: string; traceparent: string };
      expect(corr).toBe(row.correlationId);
      expect(traceIdOf(tp!)).toBe(traceIdOf(row.traceparent));
      expect(tp).not.toBe(row.traceparent);
      expect(tp).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    }
    for (const s of ships) expect((s.data as { headers: Record<string, unknown> }).headers.correlationId).toBe(s.correlationId);
  });

  it('works through the outbox, and a correlation id alone keeps the batch trace', () => {
    const r = runScenario(scenario(`await ctx.db.transaction(async (tx) => { tx.outbox.send('ShipOrder', { orderId: row.orderId }, { correlationId: row.correlationId }); });`));
    const [accept1] = requests(r.trace);
    const first = published(r.trace)[0]!;
    expect(first.correlationId).toBe(accept1!.correlationId);
    expect((first.data as { via: string }).via).toBe('outbox');
    const tp = (first.data as unknown as { headers: { traceparent: string } }).headers.traceparent;
    const row = r.finalDb.Orders!.pending!['order-1'] as { traceparent: string };
    expect(traceIdOf(tp)).not.toBe(traceIdOf(row.traceparent));
  });

  it('refuses a malformed traceparent or an empty correlation id with a clear failure', () => {
    const bad = runScenario(scenario(`ctx.send('ShipOrder', { orderId: row.orderId }, { traceparent: 'trace-' + row.orderId });`));
    const failed = bad.trace.find((e) => e.kind === 'handler.failed');
    expect((failed?.data as { error: string }).error).toMatch(/options\.traceparent of ShipOrder must be a W3C traceparent/);
    const empty = runScenario(scenario(`ctx.send('ShipOrder', { orderId: row.orderId }, { correlationId: '' });`));
    expect((empty.trace.find((e) => e.kind === 'handler.failed')?.data as { error: string }).error).toMatch(/options\.correlationId of ShipOrder must be a non-empty string/);
    expect(published(empty.trace)).toHaveLength(0);
  });

  it('is deterministic', () => {
    const src = `ctx.send('ShipOrder', { orderId: row.orderId }, { correlationId: row.correlationId, traceparent: row.traceparent });`;
    expect(runScenario(scenario(src), { seed: 7 }).hash).toBe(runScenario(scenario(src), { seed: 7 }).hash);
  });
});
