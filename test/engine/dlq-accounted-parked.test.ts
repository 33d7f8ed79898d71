// dlq-accounted's poison rule on RabbitMQ, where the dead-letter exchange routes to an ordinary
// queue that a parking consumer reads and acks: that ack (after the dead-lettering) is not the
// original consumer swallowing the poison, so a poison dead-lettered for the wrong reason still
// fails — and one rejected at once passes.

import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario } from '../../src/engine/index';

const issue = (onPoison: string) => `import { defineHandler } from 'brokerlab';
export default defineHandler('Issue', async (msg, ctx) => {
  if (msg.body.poison) { ${onPoison} }
  await ctx.db.put('done', msg.id, {});
});`;
const park = `import { defineHandler } from 'brokerlab';
export default defineHandler('Park', async (msg, ctx) => { await ctx.db.put('parked', msg.id, { reason: msg.broker['x-death'][0].reason }); });`;

function run(onPoison: string) {
  return runScenario(defineScenario({
    id: 'test', title: 'test', broker: 'rabbitmq',
    entities: [
      { type: 'exchange', name: 'dlx', exchangeType: 'fanout' } as never,
      { type: 'queue', name: 'work', arguments: { 'x-queue-type': 'quorum', 'x-dead-letter-exchange': 'dlx', 'x-delivery-limit': 2 } } as never,
      { type: 'queue', name: 'parked', bindings: [{ exchange: 'dlx' }] } as never,
    ],
    messages: [{ type: 'Job', kind: 'event', to: 'work' }],
    services: [
      { name: 'Source', handlers: [{ name: 'Emit', code: { source: `import { defineHandler } from 'brokerlab';\nexport default defineHandler('Emit', async (req, ctx) => { ctx.publish('Job', req.body); });` } }] },
      { name: 'Worker', handlers: [{ name: 'Issue', consumes: 'work', code: { source: issue(onPoison) } }] },
      { name: 'Operations', handlers: [{ name: 'Park', consumes: 'parked', code: { source: park } }] },
    ],
    workload: [{ kind: 'burst', service: 'Source', handler: 'Emit', count: 1, body: { poison: true } }],
    checks: [{ name: 'dlq-accounted', options: { expected: [{ messageType: 'Job' }], poison: [{ messageType: 'Job', reason: 'rejected', retriesMax: 0 }] } }],
  }));
}

describe('dlq-accounted with a parking consumer behind a dead-letter exchange', () => {
  it('a poison requeued until the delivery limit fails with the wrong reason, although Operations acked its parked copy', () => {
    const check = run("throw new Error('cannot');").checks.find((c) => c.name === 'dlq-accounted')!;
    expect(check.valid).toBe(false);
    expect(check.errors.map((e) => e.anomaly)).toEqual(['poison-wrong-reason']);
    expect(check.errors[0]!.explanation).toMatch(/delivery_limit/);
  });

  it('a poison rejected at once passes', () => {
    expect(run('ctx.reject({ requeue: false }); return;').checks.find((c) => c.name === 'dlq-accounted')!.valid).toBe(true);
  });
});
