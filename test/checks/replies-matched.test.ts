// replies-matched: a requester must store each reply under the request it answers. The trace
// tells which request a reply answers (the reply's causation is the request), whatever the
// code did with ReplyTo/MessageId/CorrelationId; the check compares that with the row the
// requester's transaction wrote.

import { describe, expect, it } from 'vitest';
import { defineScenario, runScenario } from '../../src/engine/index';
import { checks } from '../../src/engine/checks/registry';

const ask = `import { defineHandler } from 'brokerlab';
export default defineHandler('Ask', async (req, ctx) => {
  await ctx.db.transaction(async (tx) => {
    tx.put('answers', req.body.id, { status: 'waiting', at: ctx.now() });
    tx.outbox.send('Question', req.body, { headers: { ReplyTo: 'answers', MessageId: req.body.id } });
  });
});`;

// The replier: slow on the first question, so the second one's answer comes back first.
const reply = `import { defineHandler } from 'brokerlab';
export default defineHandler('Reply', async (msg, ctx) => {
  await ctx.work(msg.body.id === 'q-1' ? 300 : 10);
  ctx.send('Answer', { value: msg.body.id.toUpperCase() }, { to: msg.headers.ReplyTo, headers: { CorrelationId: msg.headers.MessageId } });
});`;

const byCorrelation = `import { defineHandler } from 'brokerlab';
export default defineHandler('Store', async (msg, ctx) => {
  await ctx.db.transaction(async (tx) => { tx.put('answers', msg.headers.CorrelationId, { status: 'answered', value: msg.body.value }); });
});`;

const oldestWaiting = `import { defineHandler } from 'brokerlab';
export default defineHandler('Store', async (msg, ctx) => {
  await ctx.db.transaction(async (tx) => {
    const id = tx.keys('answers').filter((k) => tx.get('answers', k).status === 'waiting').sort()[0];
    if (id) tx.put('answers', id, { status: 'answered', value: msg.body.value });
  });
});`;

const dropped = `import { defineHandler } from 'brokerlab';
export default defineHandler('Store', async (msg, ctx) => { ctx.log('no idea which question this answers'); });`;

function run(store: string) {
  const scenario = defineScenario({
    id: 'replies', title: 'replies', broker: 'servicebus',
    entities: [{ type: 'queue', name: 'questions' }, { type: 'queue', name: 'answers' }],
    messages: [{ type: 'Question', kind: 'command', to: 'questions' }, { type: 'Answer', kind: 'command', to: 'answers' }],
    services: [
      { name: 'Asker', handlers: [{ name: 'Ask', code: { source: ask } }, { name: 'Store', consumes: 'answers', code: { source: store } }] },
      { name: 'Replier', handlers: [{ name: 'Reply', consumes: 'questions', concurrency: 2, code: { source: reply } }] },
    ],
    workload: [{ kind: 'steady', service: 'Asker', handler: 'Ask', count: 2, intervalTicks: 5, body: { id: 'q-{n}' } }],
    checks: [{ name: 'replies-matched', options: { requests: 'Question', replies: 'Answer', keyField: 'id', service: 'Asker', table: 'answers' } }],
  });
  return runScenario(scenario, { seed: 1 }).checks.find((c) => c.name === 'replies-matched')!;
}

describe('replies-matched', () => {
  it('passes when each reply is stored under the request its CorrelationId names', () => {
    expect(run(byCorrelation).errors).toEqual([]);
  });

  it('fails a requester that gives the first reply to the oldest waiting request (replies overtake)', () => {
    const r = run(oldestWaiting);
    expect(r.valid).toBe(false);
    expect(r.errors[0]!.anomaly).toBe('reply-mismatched');
    expect(r.errors[0]!.explanation).toMatch(/is the reply to m-\d+ \(id q-2\), but Asker stored it as answers q-1/);
    expect(r.errors[0]!.eventRefs).toHaveLength(2);
  });

  it('fails a requester that processes replies without storing them', () => {
    const r = run(dropped);
    expect(r.errors.map((e) => e.anomaly)).toEqual(['reply-unmatched', 'reply-unmatched']);
  });

  it('refuses options without the names it needs', () => {
    expect(checks['replies-matched']!.validate!({ requests: 'Question' }, undefined as never).map((i) => i.path)).toEqual(['replies', 'keyField', 'service', 'table']);
  });
});
