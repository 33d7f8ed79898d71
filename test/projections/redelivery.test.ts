// Why a message was delivered again, from literal traces: the consumer's process crashed with it
// unsettled, its lock expired, the consumer nacked it, a failed handler abandoned it, a fault
// duplicated it — and the logs count a handler's attempts across redeliveries.

import { describe, expect, it } from 'vitest';
import { redeliveryReason } from '../../src/projections/redelivery';
import { logLines } from '../../src/projections/logs';
import { ev, traceOf } from './trace-fixture';

const delivered = (n: number) => ev('message.delivered', 'orders', { entity: 'orders', consumer: 'Inventory', props: { deliveryCount: n } }, { messageId: 'm-1', deliveryId: `d-${n}` });
const started = (n: number, attempt = 1) => ev('handler.started', 'Inventory', { service: 'Inventory', handler: 'Reserve', attempt }, { messageId: 'm-1', deliveryId: `d-${n}` });

describe('redelivery reasons', () => {
  it('a crash of the service handling it', () => {
    const trace = traceOf(delivered(1), started(1), ev('service.crashed', 'Inventory', { service: 'Inventory', lostInvocations: 1 }), ev('message.lock-expired', 'orders', { entity: 'orders', consumer: 'Inventory' }, { messageId: 'm-1' }), delivered(2));
    expect(redeliveryReason(trace, 'm-1', 0, 4)).toMatchObject({ reason: 'crash', seq: 2 });
  });

  it('a crash of another service is not the reason; its own lock expiry is', () => {
    const trace = traceOf(delivered(1), started(1), ev('service.crashed', 'Shipping', { service: 'Shipping', lostInvocations: 0 }), ev('message.lock-expired', 'orders', { entity: 'orders', consumer: 'Inventory' }, { messageId: 'm-1' }), delivered(2));
    const why = redeliveryReason(trace, 'm-1', 0, 4);
    expect(why).toMatchObject({ reason: 'lock-expired', seq: 3 });
    expect(why.text).toContain('lock expired while Inventory still held it');
  });

  it('a nack with requeue, and a failed handler that abandons it', () => {
    const nack = traceOf(delivered(1), started(1), ev('handler.failed', 'Inventory', { service: 'Inventory', handler: 'Reserve', error: 'boom', transient: true }, { messageId: 'm-1', deliveryId: 'd-1' }),
      ev('message.abandoned', 'orders', { entity: 'orders', consumer: 'Inventory', requeued: true }, { messageId: 'm-1', text: 'basic.nack(requeue=true): back at the head of orders' }), delivered(2));
    const why = redeliveryReason(nack, 'm-1', 0, 4);
    expect(why.reason).toBe('nack');
    expect(why.text).toBe('Inventory failed (boom) and sent it back: basic.nack(requeue=true): back at the head of orders.');
    const abandoned = traceOf(delivered(1), started(1), ev('handler.failed', 'Inventory', { service: 'Inventory', handler: 'Reserve', error: 'boom', transient: true }, { messageId: 'm-1', deliveryId: 'd-1' }),
      ev('message.abandoned', 'orders', { entity: 'orders', consumer: 'Inventory', requeued: true }, { messageId: 'm-1' }), delivered(2));
    expect(redeliveryReason(abandoned, 'm-1', 0, 4)).toMatchObject({ reason: 'abandoned', seq: 3, text: expect.stringContaining('handler failed (boom)') });
    // Kafka has no queue to go back to: the broker's own words say where the record went.
    const seek = 'the handler failed: the error handler seeks back to offset 4 (attempt 2 of 10, FixedBackOff(0, 9)); partition 2 is blocked meanwhile';
    const kafka = traceOf(delivered(1), started(1), ev('handler.failed', 'Inventory', { service: 'Inventory', handler: 'Reserve', error: 'boom', transient: true }, { messageId: 'm-1', deliveryId: 'd-1' }),
      ev('message.abandoned', 'orders', { entity: 'orders', consumer: 'Inventory', requeued: true }, { messageId: 'm-1', text: seek }), delivered(2));
    const told = redeliveryReason(kafka, 'm-1', 0, 4);
    expect(told).toMatchObject({ reason: 'abandoned', text: expect.stringContaining('seeks back to offset 4') });
    expect(told.text).not.toContain('queue');
  });

  it('a duplicated delivery, and nothing known', () => {
    const dup = traceOf(delivered(1), ev('fault.injected', 'sim', { fault: 'duplicate-delivery', target: 'Inventory' }, { messageId: 'm-1', text: 'the 1st delivery reaches Inventory twice' }), delivered(2));
    expect(redeliveryReason(dup, 'm-1', 0, 2).reason).toBe('duplicate');
    expect(redeliveryReason(traceOf(delivered(1), delivered(2)), 'm-1', 0, 1)).toEqual({ reason: 'other', text: 'Delivered again.' });
  });

  it('logs count a handler\'s attempts across deliveries: each delivery starts at attempt 1 in the engine', () => {
    const trace = traceOf(delivered(1), started(1), ev('handler.failed', 'Inventory', { service: 'Inventory', handler: 'Reserve', error: 'boom', transient: true }, { messageId: 'm-1', deliveryId: 'd-1' }),
      delivered(2), started(2), ev('handler.completed', 'Inventory', { service: 'Inventory', handler: 'Reserve', durationTicks: 5 }, { messageId: 'm-1', deliveryId: 'd-2' }));
    const lines = logLines(trace).filter((l) => l.attempt !== undefined);
    expect(lines.map((l) => [l.text.split(' ')[0], l.attempt])).toEqual([['Inventory.Reserve', 1], ['Inventory.Reserve', 1], ['Inventory.Reserve', 2], ['Inventory.Reserve', 2]]);
  });
});
