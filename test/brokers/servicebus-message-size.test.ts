// Service Bus maximum message size (Service Bus quotas: 256 KB on Standard, MaxMessageSizeInKilobytes
// up to 100 MB on Premium; the size counts the payload and the properties): a send over the limit
// fails at the sender with MessageSizeExceeded and nothing reaches the entity; a message that fits
// records nothing extra.

import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario, validateScenario, type EntitySpec } from '../../src/engine/index';
import { messageSizeBytes } from '../../src/engine/brokers/servicebus/message-size';
import { utf8Bytes } from '../../src/engine/brokers/shared/utf8';
import { inspectMessage } from '../../src/projections/why';
import type { Message } from '../../src/engine/brokers/types';
import { ofKind } from './helpers';

// The producer sends a body whose `doc` is `chars` characters of `char` (built in the handler:
// a scenario's strings are at most 10,000 characters).
const producer = `import { defineHandler } from 'brokerlab';
export default defineHandler('Send', async (req, ctx) => {
  ctx.send('Store', { id: req.body.id, doc: req.body.char.repeat(req.body.chars) });
});`;
const ack = `import { defineHandler } from 'brokerlab';
export default defineHandler('Keep', async (msg, ctx) => { ctx.db.put('kept', msg.body.id, { chars: msg.body.doc.length }); });`;

function sizeScenario(entity: Record<string, unknown>, sends: { id: string; chars: number; char?: string }[]) {
  return defineScenario({
    id: 'size', title: 'size', broker: 'servicebus',
    entities: [{ type: 'queue', name: 'docs', ...entity } as EntitySpec],
    messages: [{ type: 'Store', kind: 'command', to: 'docs' }],
    services: [
      { name: 'Producer', handlers: [{ name: 'Send', code: { source: producer } }] },
      { name: 'Archive', handlers: [{ name: 'Keep', consumes: 'docs', code: { source: ack } }] },
    ],
    workload: sends.map((s, i) => ({ kind: 'burst' as const, service: 'Producer', handler: 'Send', count: 1, startTick: i * 1_000, body: { id: s.id, chars: s.chars, char: s.char ?? 'x' } })),
    limits: { ticksMax: 60_000 },
  });
}

describe('maximum message size (Service Bus quotas)', () => {
  it('counts UTF-8 bytes: 1 for ASCII, 2 for é, 3 for €, 4 for a surrogate pair', () => {
    expect(utf8Bytes('abc')).toBe(3);
    expect(utf8Bytes('é')).toBe(2);
    expect(utf8Bytes('€')).toBe(3);
    expect(utf8Bytes('😀')).toBe(4);
    expect(utf8Bytes('\ud800x')).toBe(4); // a lone surrogate is 3 bytes (U+FFFD), then x
  });

  it('a message counts its body and its application properties, as JSON', () => {
    const m = { body: { a: 'é' }, headers: { correlationId: 'c-1' } } as unknown as Message;
    expect(messageSizeBytes(m)).toBe(JSON.stringify({ a: 'é' }).length + 1 + JSON.stringify({ correlationId: 'c-1' }).length);
  });

  it('on Standard (256 KB) a 300 KB body fails at the sender with MessageSizeExceeded; nothing is sent; a 200 KB one goes through', () => {
    const r = runScenario(sizeScenario({}, [{ id: 'big', chars: 300_000 }, { id: 'fits', chars: 200_000 }]), { seed: 1 });
    const refused = ofKind(r.trace, 'message.send-failed');
    expect(refused).toHaveLength(1);
    expect(refused[0].data.reason).toMatch(/^ServiceBusException \(MessageSizeExceeded\): the message is 300,\d{3} bytes \(body and properties\), larger than the 256 KB \(262,144 bytes\) docs accepts/);
    const failed = ofKind(r.trace, 'handler.failed').filter((e) => e.data.service === 'Producer');
    expect(failed).toHaveLength(1);
    expect(failed[0].data.error).toContain('MessageSizeExceeded');
    // The handler's error reads "Name: message" once, not the name twice.
    expect(String(failed[0].data.error).split('ServiceBusException')).toHaveLength(2);
    // The inspector names the refused message by its type and destination (read from the send-failed event).
    expect(inspectMessage(r.trace, refused[0].messageId!)).toMatchObject({ type: 'Store', destination: 'docs' });
    expect(ofKind(r.trace, 'message.published')).toHaveLength(1);
    expect(ofKind(r.trace, 'message.enqueued')).toHaveLength(1);
    expect(r.finalDb.Archive?.kept).toEqual({ fits: { chars: 200_000 } });
  });

  it('the limit is in bytes: 100,000 "€" (300,000 bytes) are refused where 200,000 "x" pass', () => {
    const r = runScenario(sizeScenario({}, [{ id: 'euro', chars: 100_000, char: '€' }]), { seed: 1 });
    expect(ofKind(r.trace, 'message.send-failed')[0]?.data.reason).toMatch(/the message is 300,\d{3} bytes/);
  });

  it('a Premium entity takes up to its MaxMessageSizeInKilobytes', () => {
    const r = runScenario(sizeScenario({ maxMessageSizeInKilobytes: 1024 }, [{ id: 'big', chars: 300_000 }, { id: 'huge', chars: 1_100_000 }]), { seed: 1 });
    const refused = ofKind(r.trace, 'message.send-failed');
    expect(refused).toHaveLength(1);
    expect(refused[0].data.reason).toMatch(/larger than the 1,024 KB \(1,048,576 bytes\) docs accepts — its MaxMessageSizeInKilobytes \(Premium\)/);
    expect(ofKind(r.trace, 'message.enqueued')).toHaveLength(1);
  });

  it('a check that never fires adds nothing: the same run without the limit hits has no send-failed event', () => {
    const r = runScenario(sizeScenario({}, [{ id: 'small', chars: 1_000 }]), { seed: 1 });
    expect(ofKind(r.trace, 'message.send-failed')).toHaveLength(0);
  });

  it('MaxMessageSizeInKilobytes is 256 (Standard) or 1024–102400 (Premium)', () => {
    for (const bad of [512, 200_000, 'big', 1024.5]) {
      const issues = validateScenario(sizeScenario({ maxMessageSizeInKilobytes: bad }, [{ id: 'a', chars: 1 }]));
      expect(issues.map((i) => `${i.path}: ${i.message}`).join('\n')).toMatch(/entities\[0\]\.maxMessageSizeInKilobytes: must be 256 \(Standard tier\) or an integer from 1024 to 102400/);
    }
    for (const good of [256, 1024, 102_400]) expect(validateScenario(sizeScenario({ maxMessageSizeInKilobytes: good }, [{ id: 'a', chars: 1 }]))).toEqual([]);
  });
});

describe('an outbox row the broker refuses (polling relay)', () => {
  // One transaction stores three rows; the second is over the 256 KB limit, so the relay can send
  // the first and never the second. The first is marked as sent; it is not sent again on every poll.
  const writer = `import { defineHandler } from 'brokerlab';
export default defineHandler('Send', async (req, ctx) => {
  await ctx.db.transaction(async (tx) => {
    tx.outbox.send('Store', { id: 'a', doc: 'small' });
    tx.outbox.send('Store', { id: 'b', doc: 'x'.repeat(300000) });
    tx.outbox.send('Store', { id: 'c', doc: 'small' });
  });
});`;
  const scenario = defineScenario({
    id: 'outbox-size', title: 'outbox-size', broker: 'servicebus',
    entities: [{ type: 'queue', name: 'docs' } as EntitySpec],
    messages: [{ type: 'Store', kind: 'command', to: 'docs' }],
    services: [
      { name: 'Producer', outbox: { pollIntervalTicks: 100 }, handlers: [{ name: 'Send', code: { source: writer } }] },
      { name: 'Archive', handlers: [{ name: 'Keep', consumes: 'docs', code: { source: ack } }] },
    ],
    workload: [{ kind: 'burst', service: 'Producer', handler: 'Send', count: 1, startTick: 0, body: {} }],
    limits: { ticksMax: 5_000 },
  });

  it('sends the rows ahead of it once and marks them; the refused row and those behind it wait', () => {
    const r = runScenario(scenario, { seed: 1 });
    const published = ofKind(r.trace, 'message.published').map((e) => (e.data as { body?: { id?: string } }).body?.id ?? e.messageId);
    expect(published).toHaveLength(1);
    expect(ofKind(r.trace, 'outbox.relayed')).toHaveLength(1);
    expect(Object.keys(r.finalDb.Producer?.outbox ?? {})).toHaveLength(2);
    expect(ofKind(r.trace, 'message.send-failed').length).toBeGreaterThan(10); // retried every poll
    expect(r.finalDb.Archive?.kept).toEqual({ a: { chars: 5 } });
  });
});
